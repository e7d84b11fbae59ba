"""The core's error sentences, translated at the UI edge (the core itself stays in English).

``CORE_MESSAGES`` lists every sentence the Qt-free core gives to a ``UserError`` (made by
``installer/list_core_messages.py``; ``tests/ui/test_error_messages.py`` fails when one is missing),
so the catalogues hold them. ``translate_message`` finds the translation of a raised message, also
when values were formatted into it ("Row 12: the name is empty." → template "Row {n}: …").
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from volunteer_desk.core.i18n import N_, _

CORE_MESSAGES = (
    N_("The family has not agreed to share its file with this recipient (or the consent has ended or was "
       "withdrawn): no packet was made."),
    N_("Record the family's consent first."),
    N_('Could not write the file ({exc_strerror}); nothing was changed.'),
    N_('The disk is full: nothing was changed.'),
    N_('No usable font was found for printing.'),
    N_('Install DejaVu or Noto fonts (Debian: fonts-dejavu-core fonts-noto-core).'),
    N_('Unknown consent scope.'),
    N_('The consent needs the date it was given (YYYY-MM-DD).'),
    N_('The consent end date must be after the date it was given.'),
    N_('A consent lasts at most one year; ask the family again after that.'),
    N_('Say in which language the consent notice was explained.'),
    N_('The withdrawal needs a date (YYYY-MM-DD).'),
    N_('Unknown recipient: choose cpas, cri or lawyer.'),
    N_('No vault in this folder.'),
    N_('Give the vault folder with --vault.'),
    N_("The CSV file needs at least the columns 'name' and 'kind' in its first line."),
    N_('Unknown kind of organisation.'),
    N_('An organisation needs a name.'),
    N_("This entry is not in the association's list."),
    N_('The packaged directory of actors is missing or damaged.'),
    N_("The association's directory file is damaged; it was left untouched."),
    N_('The CSV file is too large for a directory (more than 5 MB).'),
    N_('The CSV file has too many rows for a directory.'),
    N_('Row {n}: the name is empty.'),
    N_('Row {n}: the id is used twice in the file.'),
    N_("The CSV file is not UTF-8 text; save it as 'CSV UTF-8' and try again."),
    N_("Row {n}: '{col}' must be a date written YYYY-MM-DD."),
    N_('This letter does not exist.'),
    N_('No household member with this id.'),
    N_('Only an association admin can erase a family.'),
    N_('The retention period must be at least one day.'),
    N_("The family JSON must be an object with 'household', 'members', …"),
    N_('The family JSON file is not valid JSON.'),
    N_('Cannot read the family JSON file.'),
    N_("Each entry of '{key}' must be an object."),
    N_('This task does not exist any more.'),
    N_("The region must be 'wallonia' or 'brussels'."),
    N_('The registration date must be written YYYY-MM-DD.'),
    N_('Unknown trajectory step.'),
    N_('The packaged trajectory rules are missing or damaged.'),
    N_('The date must be written YYYY-MM-DD.'),
    N_('A step of the packaged trajectory rules is incomplete.'),
    N_('This text is too long for a trajectory step.'),
    N_('A field mapping names another form than its file name.'),
    N_('The fillable PDF in the forms folder cannot be read.'),
    N_('The field mapping of a fillable PDF cannot be read.'),
    N_("There is no form with this id: see 'forms list'."),
    N_('The form data file {name} must hold the form with the same id.'),
    N_('Unknown region: use wallonia, brussels or flanders.'),
    N_('The form data file {path_name} cannot be read.'),
    N_('A field in {where} is malformed ({exc}).'),
    N_('{where} uses an unknown shared section.'),
    N_('The form data file {name} is malformed ({exc}).'),
    N_('The fact-extraction data file {name} is missing or damaged.'),
    N_('The packet can be written in French (fr) or Dutch (nl).'),
    N_('A page image in the family file is too large to print.'),
    N_('A page image in the family file cannot be read.'),
    N_('A filled form could not be read as a PDF.'),
    N_('The consent notice is not available in this language yet.'),
    N_('The transfer file holds unknown record types.'),
    N_('The transfer passphrase needs at least {MIN_PASSPHRASE} characters.'),
    N_('Use the suggested one and give it separately (phone, paper).'),
    N_('This is not a Volunteer Desk transfer file.'),
    N_('The transfer file is damaged.'),
    N_("Row {n}: '{col}' holds control or text-direction characters."),
    N_("Row {n}: '{col}' is too long (at most {MAX_CELL} characters)."),
    N_('The CSV file holds NUL bytes: it is not a text file.'),
    N_('The CSV file is malformed (a cell too long or a quote not closed).'),
    N_('The transfer file is damaged (its list of records is too large).'),
    N_('There is no letter {lid} in this family file.'),
    N_('The transfer file is damaged or was altered.'),
    N_('The transfer file does not open: wrong passphrase, or the file was altered or damaged on the way.'),
    N_('No family with this id for this volunteer.'),
    N_('The rules pack folder does not exist.'),
    N_('This is not a usable rules pack: {exc}.'),
    N_('The legal rules file {path_name} lacks meta.version or meta.last_reviewed.'),
    N_('The packaged legal rules are missing.'),
    N_('A legal rule has a bad date ({what}).'),
    N_('The legal rules file {path_name} is not valid TOML.'),
    N_('A rule in {path_name} lacks {join_missing}.'),
    N_('Rule {rid} in {path_name} has no explanation in {join_absent}.'),
    N_('Rule {rid} in {path_name} has an unknown region.'),
    N_('The legal rules file {path_name} cannot be read.'),
    N_('Rule {rid} in {path_name} has a bad duration.'),
    N_("The sheet's letter-meaning table is missing or damaged."),
    N_('The sheet phrases file is missing or damaged.'),
    N_('Pictogram {name} is missing or damaged.'),
    N_('Pictogram {name}: <{tag}> is outside the supported SVG subset.'),
    N_('Pictogram {name}: relative path commands are not supported.'),
    N_('Pictogram {name}: bad path data.'),
    N_('The speech engine espeak-ng is not installed; the sheet still prints.'),
    N_('Debian/Ubuntu: apt install espeak-ng.'),
    N_('There is nothing to read aloud.'),
    N_('The speech engine failed to read the sheet.'),
    N_('This is not a WAV recording.'),
    N_('The speech engine did not answer in time.'),
    N_('This letter is not in the family file.'),
    N_('There is no recording for this letter yet.'),
    N_('Volunteer Desk never downloads translation models; install a model pack from a file.'),
    N_('This translation package needs stanza, which is not installed.'),
    N_('The translation engine (argostranslate) is not installed.'),
    N_('This glossary term does not exist.'),
    N_('The glossary file is missing.'),
    N_('The glossary file is damaged.'),
    N_('The glossary term {term_id} refers to an unknown legal rule.'),
    N_('A key file is damaged (bad encoding).'),
    N_('Unknown key derivation algorithm; refusing to use it.'),
    N_('The key derivation settings are weaker than allowed; refusing to use them.'),
    N_('The key derivation settings are out of range; refusing to use them.'),
    N_('The key derivation settings are damaged (salt); refusing to use them.'),
    N_('A key wrap is damaged.'),
    N_('A key file is damaged (key derivation settings).'),
    N_('The family key file is damaged ({what}); it was left untouched.'),
    N_("Run 'vault check' to see every family it affects."),
    N_('No key opens this family file.'),
    N_('No volunteer with this name.'),
    N_('No volunteer with this name whose record is signed by an admin.'),
    N_('Your key wrap for this family is damaged; ask an admin to grant access again.'),
    N_('Your own access to this family is missing.'),
    N_('This volunteer has no access to this family.'),
    N_('This family is open elsewhere.'),
    N_('This family is open on {info_host} since {describe_age_info_age}.'),
    N_('This family is open in another window on this computer.'),
    N_('It can be opened read-only.'),
    N_('No such conflict in this family.'),
    N_('Choose a value between 1 and {len_values}.'),
    N_('A recovery code has 32 letters and digits in 8 groups of 4.'),
    N_('This recovery code has a typo: please check each group.'),
    N_('A volunteer record is damaged; it was left untouched.'),
    N_("Run 'vault check' to see which one."),
    N_('The key does not open this family file (wrong key or damaged file); it was left untouched.'),
    N_('SQLCipher is not available: Volunteer Desk refuses to store family data unencrypted.'),
    N_('Reinstall the application (Python package sqlcipher3).'),
    N_('SQLCipher 4 is not available: refusing to store family data.'),
    N_('SQLCipher page authentication (HMAC-SHA512) is missing: refusing to start.'),
    N_('The family file is missing.'),
    N_('The family file is truncated or damaged; it was left untouched.'),
    N_('This file is not encrypted; refusing to open it as a family file.'),
    N_('Encryption failed: the family file would be plaintext.'),
    N_('This family file needs a schema upgrade.'),
    N_('This item does not exist.'),
    N_('A page image is missing from the family file.'),
    N_('The family file has no identity; it was left untouched.'),
    N_('This file belongs to another family; it was left untouched.'),
    N_('This family is open read-only (it is open elsewhere).'),
    N_('This family file was changed elsewhere since it was opened; nothing was overwritten.'),
    N_('Reopen it or merge the changes.'),
    N_('A part of this change failed: nothing was written.'),
    N_("This family's key file was changed on two computers; an admin who can still open it must merge it."),
    N_('The {what} is missing.'),
    N_('The {what} is damaged; it was left untouched.'),
    N_("Create one with 'vault init'."),
    N_('This vault was made by another version of Volunteer Desk.'),
    N_('A vault already exists in this folder.'),
    N_('Role must be admin or volunteer.'),
    N_('The passphrase is too short.'),
    N_('A volunteer with this name already exists.'),
    N_('Unknown volunteer or wrong passphrase.'),
    N_('No family with this id.'),
    N_('This recovery code does not open this family.'),
    N_('Only an association admin can do this.'),
    N_('Your admin record cannot sign new volunteers (it predates signing); ask the first admin.'),
    N_('A family needs a name.'),
    N_('The family file is missing; its key file was left untouched.'),
)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Templates with {placeholders}, as regular expressions that give the values back."""
    out = []
    for template in CORE_MESSAGES:
        parts, seen = [], set()
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            parts.append(re.escape(literal))
            if field is None:
                continue
            parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
            seen.add(field)
        if seen:
            out.append((template, re.compile("".join(parts), re.DOTALL)))
    return out


def translate_message(message: str) -> str:
    """``message`` in the UI language when the catalogue has it, else unchanged."""
    if not message:
        return message
    translated = _(message)
    if translated != message:
        return translated
    for template, pattern in _patterns():
        found = pattern.fullmatch(message)
        if found:
            try:
                return _(template).format(**found.groupdict())
            except (KeyError, IndexError, ValueError):
                return message
    return message
