"""The integration steps' titles for the catalogues: the data holds English and French, and Dutch,
Arabic and the other UI languages come from the gettext catalogues (``_titled`` in trajectory.py).
``tests/family/test_trajectory_titles.py`` fails when a step's title is missing here."""

from __future__ import annotations

from volunteer_desk.core.i18n import N_

STEP_TITLES = (
    N_('Protection decision received'),
    N_('Declare the address and register with the commune'),
    N_('Household composition certificate'),
    N_('Join a health insurance fund (mutuelle)'),
    N_('CPAS: integration income or social aid'),
    N_('Individual social integration project (PIIS)'),
    N_("Installation grant (prime d'installation)"),
    N_('Rent guarantee'),
    N_('Family allowances (Famiwal or another Walloon fund)'),
    N_('Family allowances (Famiris or another Brussels fund)'),
    N_('School for the children'),
    N_('Register with the CRI (integration path)'),
    N_('Register with a BAPA (reception path)'),
    N_('Complete the integration path (attendance certificate)'),
    N_('Complete the reception path (certificate)'),
    N_('French courses'),
    N_('Citizenship training'),
    N_('Socio-professional guidance'),
    N_('Residence card renewal'),
    N_('Diploma equivalence'),
    N_('Family reunification'),
    N_('Confirm the social-housing application every year'),
    N_('Update the social-housing application every year'),
)
