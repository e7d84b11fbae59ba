"""Document labels of the packet in French and Dutch.

The English text is the gettext msgid, in context "packet" (extractable with
``xgettext --keyword=L:1,"packet"``); a catalogue entry under resources/locale wins when present, otherwise the reviewed built-in French/Dutch
wording below is used, so a packet never comes out half in English.
"""

from __future__ import annotations

from volunteer_desk.core.i18n import translator

CONTEXT = "packet"  # msgctxt: document wording, kept apart from the UI's identical English msgids

PACKET_LANGUAGES = ("fr", "nl")


def N_(msgid: str) -> str:  # noqa: N802 - gettext's conventional marker name
    return msgid


_BUILTIN: dict[str, tuple[str, str]] = {
    # cover
    "Handover file": ("Dossier de transmission", "Overdrachtsdossier"),
    "Information passed on by the volunteer — to be checked by the CPAS": (
        "Informations transmises par le bénévole — à vérifier par le CPAS",
        "Informatie doorgegeven door de vrijwilliger — na te kijken door het OCMW"),
    "Information passed on by the volunteer — to be checked by the CRI/BAPA": (
        "Informations transmises par le bénévole — à vérifier par le CRI/BAPA",
        "Informatie doorgegeven door de vrijwilliger — na te kijken door het CRI/BAPA"),
    "Information passed on by the volunteer — to be checked by the lawyer": (
        "Informations transmises par le bénévole — à vérifier par l'avocat",
        "Informatie doorgegeven door de vrijwilliger — na te kijken door de advocaat"),
    "This is not a social report: the volunteer is not a social worker. The family agreed to share "
    "this information (see the consent page).": (
        "Ce document n'est pas un rapport social : le bénévole n'est pas travailleur social. La famille "
        "a accepté le partage de ces informations (voir la page de consentement).",
        "Dit document is geen sociaal verslag: de vrijwilliger is geen maatschappelijk werker. Het gezin "
        "heeft ingestemd met het delen van deze informatie (zie de toestemmingspagina)."),
    "Family": ("Famille", "Gezin"),
    "Recipient": ("Destinataire", "Bestemmeling"),
    "Référent": ("Référent", "Referent"),
    "Social worker": ("Assistant(e) social(e)", "Maatschappelijk werker"),
    "CPAS file number": ("N° de dossier CPAS", "OCMW-dossiernummer"),
    "Volunteer": ("Bénévole", "Vrijwilliger"),
    "Association": ("Association", "Vereniging"),
    "Date": ("Date", "Datum"),
    "Contents": ("Table des matières", "Inhoudstafel"),
    "page {x} of {y}": ("page {x} sur {y}", "pagina {x} van {y}"),
    # summary
    "Summary": ("Synthèse", "Samenvatting"),
    "Identity": ("Identité", "Identiteit"),
    "Residence status": ("Séjour", "Verblijfsstatus"),
    "Household": ("Composition de ménage", "Gezinssamenstelling"),
    "Resources": ("Ressources", "Bestaansmiddelen"),
    "Housing": ("Logement", "Huisvesting"),
    "Requests in progress": ("Demandes en cours", "Lopende aanvragen"),
    "Open deadlines": ("Échéances ouvertes", "Openstaande termijnen"),
    "Contacts": ("Intervenants", "Contactpersonen"),
    "Volunteer's observations": ("Observations du bénévole", "Vaststellingen van de vrijwilliger"),
    "Health (shared with consent)": ("Santé (partagé avec consentement)", "Gezondheid (gedeeld met toestemming)"),
    "Name": ("Nom", "Naam"),
    "Birth date": ("Date de naissance", "Geboortedatum"),
    "Birth place": ("Lieu de naissance", "Geboorteplaats"),
    "Nationality": ("Nationalité", "Nationaliteit"),
    "Sex": ("Sexe", "Geslacht"),
    "National register number": ("Numéro de registre national", "Rijksregisternummer"),
    "Address": ("Adresse", "Adres"),
    "Phone": ("Téléphone", "Telefoon"),
    "E-mail": ("E-mail", "E-mail"),
    "Languages": ("Langues", "Talen"),
    "Interpreter may be needed": ("Interprète peut-être nécessaire", "Tolk mogelijk nodig"),
    "Relation": ("Lien", "Relatie"),
    "Status": ("Statut", "Status"),
    "Card": ("Carte", "Kaart"),
    "Valid until": ("Valable jusqu'au", "Geldig tot"),
    "Commune registration": ("Inscription à la commune", "Inschrijving in de gemeente"),
    "School": ("École", "School"),
    "Kind": ("Nature", "Soort"),
    "Monthly amount": ("Montant mensuel", "Maandbedrag"),
    "Source": ("Source", "Bron"),
    "Bank account": ("Compte bancaire", "Bankrekening"),
    "Health insurance fund": ("Mutuelle", "Ziekenfonds"),
    "Rent": ("Loyer", "Huur"),
    "Charges": ("Charges", "Kosten"),
    "Lease start": ("Début du bail", "Begin huurcontract"),
    "Lease registered": ("Bail enregistré", "Huurcontract geregistreerd"),
    "Bedrooms": ("Chambres", "Slaapkamers"),
    "Landlord": ("Bailleur", "Verhuurder"),
    "Request": ("Demande", "Aanvraag"),
    "Sent to": ("Adressée à", "Gericht aan"),
    "Submitted": ("Introduite le", "Ingediend op"),
    "Acknowledgement of receipt": ("Accusé de réception", "Ontvangstbewijs"),
    "Reference": ("Référence", "Referentie"),
    "Decision due": ("Décision attendue", "Beslissing verwacht"),
    # legal rules (issue 16)
    "Appeal possible: no CPAS decision on '{what}' since {since}; appeal to the labour tribunal by {by} ({source}).": (
        "Recours possible : pas de décision du CPAS sur « {what} » depuis le {since} ; recours au tribunal du "
        "travail jusqu'au {by} ({source}).",
        "Beroep mogelijk: geen beslissing van het OCMW over '{what}' sinds {since}; beroep bij de arbeidsrechtbank "
        "tot {by} ({source})."),
    "Legal appeal deadline: {due} ({source}).": ("Délai légal de recours : {due} ({source}).",
                                                  "Wettelijke beroepstermijn: {due} ({source})."),
    "This decision lacks the appeal information the law requires (court, address, delay): the appeal delay has "
    "not started. Ask the BAJ or a lawyer.": (
        "Cette décision ne contient pas les mentions de recours obligatoires (tribunal, adresse, délai) : le délai "
        "de recours n'a pas commencé. Demandez conseil au BAJ ou à un avocat.",
        "Deze beslissing vermeldt niet alle verplichte beroepsgegevens (rechtbank, adres, termijn): de "
        "beroepstermijn is niet beginnen lopen. Vraag raad aan het BJB of een advocaat."),
    "The appeal delay in the letter differs from the law: the deadline above uses the legal delay.": (
        "Le délai de recours indiqué dans la lettre diffère de la loi : la date ci-dessus suit le délai légal.",
        "De beroepstermijn in de brief wijkt af van de wet: de datum hierboven volgt de wettelijke termijn."),
    "Legal rules reviewed on {date}.": ("Règles légales revues le {date}.", "Wettelijke regels nagekeken op {date}."),
    "Legal rules older than {n} months: check with the BAJ or a lawyer.": (
        "Règles légales de plus de {n} mois : vérifiez auprès du BAJ ou d'un avocat.",
        "Wettelijke regels ouder dan {n} maanden: controleer bij het BJB of een advocaat."),
    "Due": ("Échéance", "Termijn"),
    "What": ("Objet", "Onderwerp"),
    "Where": ("Lieu", "Plaats"),
    "Role": ("Rôle", "Rol"),
    "Organisation": ("Organisme", "Organisatie"),
    "none": ("aucun", "geen"),
    "yes": ("oui", "ja"),
    "no": ("non", "nee"),
    # consent
    "Consent": ("Consentement", "Toestemming"),
    "Scope": ("Portée", "Reikwijdte"),
    "Given on": ("Donné le", "Gegeven op"),
    "Ends on": ("Jusqu'au", "Tot"),
    "Explained in": ("Expliqué en", "Uitgelegd in"),
    "Notice version": ("Version de la notice", "Versie van de informatie"),
    "Withdrawn on": ("Retiré le", "Ingetrokken op"),
    "Signature of the person concerned": ("Signature de la personne concernée", "Handtekening van de betrokkene"),
    "Signature of the volunteer": ("Signature du bénévole", "Handtekening van de vrijwilliger"),
    "Name and date": ("Nom et date", "Naam en datum"),
    "share_cpas": ("Partage avec le CPAS", "Delen met het OCMW"),
    "share_cri_bapa": ("Partage avec le CRI / BAPA", "Delen met het CRI / BAPA"),
    "share_lawyer": ("Partage avec l'avocat", "Delen met de advocaat"),
    "store_health": ("Conservation d'informations de santé", "Bewaren van gezondheidsgegevens"),
    "share_school": ("Partage avec l'école", "Delen met de school"),
    "share_interpreter": ("Partage avec l'interprète", "Delen met de tolk"),
    # timeline
    "Timeline of what was done": ("Chronologie des démarches", "Tijdlijn van de stappen"),
    "Integration trajectory": ("Parcours d'intégration", "Integratietraject"),
    "Steps computed from the residence status, the region and the commune registration date; "
    "legal deadlines to be checked.": (
        "Étapes calculées d'après le statut de séjour, la région et la date d'inscription à la commune ; "
        "délais légaux à vérifier.",
        "Stappen berekend op basis van het verblijfsstatuut, het gewest en de datum van inschrijving in "
        "de gemeente; wettelijke termijnen na te kijken."),
    "Step": ("Étape", "Stap"),
    "Done on / deadline": ("Fait le / échéance", "Gedaan op / termijn"),
    "Contact": ("Contact", "Contact"),
    "to do": ("à faire", "te doen"),
    "in progress": ("en cours", "bezig"),
    "done": ("fait", "gedaan"),
    "overdue": ("dépassé", "verstreken"),
    "estimated date": ("date estimée", "geschatte datum"),
    "to verify": ("à vérifier", "na te kijken"),
    "Not applicable": ("Sans objet", "Niet van toepassing"),
    "Sources": ("Sources", "Bronnen"),
    "Letter received": ("Courrier reçu", "Brief ontvangen"),
    "Done": ("Fait", "Gedaan"),
    "Request submitted": ("Demande introduite", "Aanvraag ingediend"),
    "Receipt acknowledged": ("Accusé de réception", "Ontvangst bevestigd"),
    "Recorded in the file": ("Enregistré dans le dossier", "Geregistreerd in het dossier"),
    # letters
    "Letters": ("Courriers", "Brieven"),
    "Letter": ("Courrier", "Brief"),
    "Sender": ("Expéditeur", "Afzender"),
    "Received on": ("Reçu le", "Ontvangen op"),
    "Page {n}": ("Page {n}", "Pagina {n}"),
    "Text read from the letter (OCR, checked by the volunteer)": (
        "Texte lu dans le courrier (OCR, relu par le bénévole)",
        "Tekst gelezen uit de brief (OCR, nagelezen door de vrijwilliger)"),
    "Translation ({lang}, automatic — not an official translation)": (
        "Traduction ({lang}, automatique — pas une traduction officielle)",
        "Vertaling ({lang}, automatisch — geen officiële vertaling)"),
    "no translation": ("pas de traduction", "geen vertaling"),
    # forms
    "Filled forms": ("Formulaires remplis", "Ingevulde formulieren"),
    "page": ("page", "pagina"),
    # handover note (issue 18)
    'Access given to a volunteer': ('Accès donné à un bénévole', 'Toegang gegeven aan een vrijwilliger'),
    'Access withdrawn from a volunteer': ('Accès retiré à un bénévole', 'Toegang ingetrokken voor een vrijwilliger'),
    'An interpreter may be needed for {language}.': ('Un interprète peut être nécessaire ({language}).', 'Een tolk kan nodig zijn ({language}).'),
    'Appeal deadline': ('Délai de recours', 'Beroepstermijn'),
    'Appointment': ('Rendez-vous', 'Afspraak'),
    'Asylum application': ('Demande de protection internationale', 'Verzoek om internationale bescherming'),
    'CGRA': ('CGRA', 'CGVS'),
    'CGRA decision': ('Décision du CGRA', 'Beslissing van het CGVS'),
    'CPAS': ('CPAS', 'OCMW'),
    'Commune registration ({reg}) before the lease start ({lease}): check the dates.': ('Inscription à la commune ({reg}) antérieure au début du bail ({lease}) : dates à vérifier.', 'Inschrijving in de gemeente ({reg}) vóór het begin van het huurcontract ({lease}): data na te kijken.'),
    'Contact the sender': ("Contacter l'expéditeur", 'Contact opnemen met de afzender'),
    'Deadline': ('Échéance', 'Termijn'),
    'Deadline noted': ('Échéance notée', 'Termijn genoteerd'),
    'Deadline passed on {date}: {what}.': ('Échéance dépassée le {date} : {what}.', 'Termijn verstreken op {date}: {what}.'),
    'Deadlines': ('Échéances', 'Termijnen'),
    'Debt': ('Dette', 'Schuld'),
    'Debts: none declared.': ('Dettes : aucune déclarée.', 'Schulden: geen aangegeven.'),
    'Enclosed': ('Pièces jointes', 'Bijlagen'),
    'Family reunification without the income and housing conditions: apply by {date} ({source}).': ('Regroupement familial sans conditions de revenus ni de logement : demande à introduire au plus tard le {date} ({source}).', 'Gezinshereniging zonder inkomens- en huisvestingsvoorwaarden: aanvraag in te dienen uiterlijk op {date} ({source}).'),
    'Fedasil': ('Fedasil', 'Fedasil'),
    'File opened': ('Dossier ouvert', 'Dossier geopend'),
    'File passed on to another association': ('Dossier transmis à une autre association', 'Dossier doorgegeven aan een andere vereniging'),
    'File received from another association': ("Dossier reçu d'une autre association", 'Dossier ontvangen van een andere vereniging'),
    'Form completed by hand: {what}': ('Formulaire complété : {what}', 'Formulier aangevuld: {what}'),
    '{n} older deadlines passed: see Deadlines.': ('{n} échéances plus anciennes dépassées : voir Échéances.',
                                                   '{n} oudere termijnen verstreken: zie Termijnen.'),
    'Forms filled: {what}': ('Formulaires remplis : {what}', 'Formulieren ingevuld: {what}'),
    'Form filled: {what}': ('Formulaire rempli : {what}', 'Formulier ingevuld: {what}'),
    'Handover note': ('Note de transmission', 'Overdrachtsnota'),
    'Handover packet prepared': ('Dossier de transmission préparé', 'Overdrachtsdossier voorbereid'),
    'Health information is shared: every adult agreed ({names}).': ("Des informations de santé sont transmises : chaque adulte l'a accepté ({names}).", 'Gezondheidsinformatie wordt gedeeld: elke volwassene heeft ingestemd ({names}).'),
    'Household and residence': ('Ménage et séjour', 'Gezin en verblijf'),
    'Income, charges and debts': ('Revenus, charges et dettes', 'Inkomsten, lasten en schulden'),
    'Languages, French, schooling, diplomas and work': ('Langues, niveau de français, scolarité, diplômes et travail', "Talen, kennis van het Frans, scholing, diploma's en werk"),
    'Lease started on {lease} but no rent guarantee was asked for.': ("Bail commencé le {lease}, mais aucune garantie locative n'a été demandée.", 'Huurcontract begonnen op {lease}, maar er werd geen huurwaarborg aangevraagd.'),
    'Left the reception centre': ("Sortie du centre d'accueil", 'Vertrek uit het opvangcentrum'),
    'Legal basis: {source}.': ('Base légale : {source}.', 'Wettelijke basis: {source}.'),
    'Legal state': ('État légal', 'Juridische stand'),
    'Letter added': ('Courrier ajouté', 'Brief toegevoegd'),
    'Level of French': ('Niveau de français', 'Kennis van het Frans'),
    'Migration dates': ('Parcours migratoire', 'Migratietraject'),
    'Missing: {what}.': ('Données manquantes : {what}.', 'Ontbrekende gegevens: {what}.'),
    "No CPAS decision on '{what}' since {since}: appeal possible until {by} ({source}).": ("Pas de décision du CPAS sur « {what} » depuis le {since} : recours possible jusqu'au {by} ({source}).", "Geen beslissing van het OCMW over '{what}' sinds {since}: beroep mogelijk tot {by} ({source})."),
    'No health information in this note: not every adult agreed to share it with this recipient.': ("Aucune information de santé dans cette note : tous les adultes n'ont pas accepté de la partager avec ce destinataire.", 'Geen gezondheidsinformatie in deze nota: niet elke volwassene heeft ingestemd om ze met deze bestemmeling te delen.'),
    'No point of attention found in the file.': ("Aucun point d'attention relevé dans le dossier.", 'Geen aandachtspunt gevonden in het dossier.'),
    'Paid by / to': ('Versé par / à', 'Betaald door / aan'),
    'Pay': ('Payer', 'Betalen'),
    'Points of attention': ("Points d'attention", 'Aandachtspunten'),
    'Questions for the référent': ('Questions pour le référent', 'Vragen voor de referent'),
    'Reason': ('Motif', 'Reden'),
    'Reason for the handover and questions for the référent': ('Motif de la transmission et questions pour le référent', 'Reden van de overdracht en vragen voor de referent'),
    'Rent and charges (paid)': ('Loyer et charges (payés)', 'Huur en kosten (betaald)'),
    'Reply': ('Répondre', 'Antwoorden'),
    'Requests in progress and their legal state': ('Demandes en cours et leur état légal', 'Lopende aanvragen en hun juridische stand'),
    'Residence': ('Séjour', 'Verblijf'),
    'Residence card of {name} expired on {date}.': ('Titre de séjour de {name} expiré le {date}.', 'Verblijfskaart van {name} verlopen op {date}.'),
    'Schooling and diplomas': ('Scolarité et diplômes', "Scholing en diploma's"),
    'Send documents': ('Envoyer des documents', 'Documenten sturen'),
    'Sign / conclude': ('Signer / conclure', 'Ondertekenen / sluiten'),
    'State': ('État', 'Stand'),
    'Step overdue since {date}: {what}.': ('Étape en retard depuis le {date} : {what}.', 'Stap te laat sinds {date}: {what}.'),
    'The family agreed to share its file with this recipient on {given} (until {end}), explained in {language}.': ("La famille a accepté le partage de son dossier avec ce destinataire le {given} (jusqu'au {end}), notice expliquée en {language}.", 'Het gezin heeft op {given} ingestemd met het delen van het dossier met deze bestemmeling (tot {end}), uitgelegd in het {language}.'),
    'The family did not agree that the recipient informs the volunteer.': ("La famille n'a pas donné son accord pour que le destinataire informe le bénévole.", 'Het gezin heeft niet ingestemd dat de bestemmeling de vrijwilliger informeert.'),
    'The recipient may inform the volunteer about the file (consent of {who}, given on {given}).': ("Le destinataire peut informer le bénévole de l'avancement du dossier (accord de {who}, donné le {given}).", 'De bestemmeling mag de vrijwilliger informeren over de stand van het dossier (toestemming van {who}, gegeven op {given}).'),
    'This is not a social report: the volunteer is not a social worker. The family agreed to share this information (see Consent). Each statement says where it comes from.': ("Ce document n'est pas un rapport social : le bénévole n'est pas travailleur social. La famille a accepté le partage de ces informations (voir Consentement). Chaque information indique sa source.", 'Dit document is geen sociaal verslag: de vrijwilliger is geen maatschappelijk werker. Het gezin heeft ingestemd met het delen van deze informatie (zie Toestemming). Bij elk gegeven staat de bron.'),
    'What was done': ('Démarches effectuées', 'Gezette stappen'),
    'Work': ('Travail', 'Werk'),
    'a form': ('un formulaire', 'een formulier'),
    'appointment': ('convocation', 'oproeping'),
    'bank': ('banque', 'bank'),
    'bank account': ('compte bancaire', 'bankrekening'),
    'card': ('carte', 'kaart'),
    'commune': ('commune', 'gemeente'),
    'commune registration date': ("date d'inscription à la commune", 'datum van inschrijving in de gemeente'),
    'copy attached': ('copie jointe', 'kopie bijgevoegd'),
    'court': ('tribunal', 'rechtbank'),
    'decision': ('décision', 'beslissing'),
    'declared by the family': ('déclaré par la famille', 'verklaard door het gezin'),
    'doctor': ('médecin', 'arts'),
    'family allowances': ('allocations familiales', 'kinderbijslag'),
    'federal service': ('service public fédéral', 'federale overheidsdienst'),
    'health insurance fund': ('mutuelle', 'ziekenfonds'),
    'hospital': ('hôpital', 'ziekenhuis'),
    'information': ('information', 'informatie'),
    'invoice': ('facture', 'factuur'),
    'landlord': ('bailleur', 'verhuurder'),
    'national register number of {name}': ('numéro de registre national de {name}', 'rijksregisternummer van {name}'),
    'no decision since {since}: appeal possible until {by}': ("pas de décision depuis le {since} : recours possible jusqu'au {by}", 'geen beslissing sinds {since}: beroep mogelijk tot {by}'),
    'not known': ('pas connu', 'niet gekend'),
    'open': ('à venir', 'open'),
    'passed': ('dépassée', 'verstreken'),
    'phone number': ('numéro de téléphone', 'telefoonnummer'),
    'reminder': ('rappel', 'herinnering'),
    'request for documents': ('demande de documents', 'vraag om documenten'),
    'school': ('école', 'school'),
    'seen on a document': ('vu sur un document', 'gezien op een document'),
    'tax office': ('administration fiscale', 'belastingdienst'),
    'the household': ('le ménage', 'het gezin'),
    'to be completed by the volunteer': ('à compléter par le bénévole', 'in te vullen door de vrijwilliger'),
    'unemployment office': ('ONEM / organisme de paiement', 'RVA / uitbetalingsinstelling'),
    'until': ("jusqu'au", 'tot'),
}

_COLUMN = {"fr": 0, "nl": 1}


def L(msgid: str, lang: str) -> str:  # noqa: N802 - short on purpose, used on every line
    """The label in the packet language (catalogue entry with msgctxt "packet" first, built-in second)."""
    translated = translator(lang).pgettext(CONTEXT, msgid)
    if translated != msgid:
        return translated
    pair = _BUILTIN.get(msgid)
    if pair is None or lang not in _COLUMN:
        return msgid
    return pair[_COLUMN[lang]]


def yes_no(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    return L("yes", lang) if value else L("no", lang)


RESIDENCE_LABELS: dict[str, tuple[str, str]] = {
    "asylum_seeker": ("demandeur de protection internationale", "verzoeker om internationale bescherming"),
    "refugee": ("réfugié reconnu", "erkend vluchteling"),
    "subsidiary_protection": ("protection subsidiaire", "subsidiaire bescherming"),
    "temporary_protection": ("protection temporaire", "tijdelijke bescherming"),
    "family_reunification": ("regroupement familial", "gezinshereniging"),
    "unlimited_stay": ("séjour illimité", "onbeperkt verblijf"),
    "eu_citizen": ("citoyen de l'UE", "EU-burger"),
    "eu_family_member": ("membre de famille d'un citoyen UE", "familielid van een EU-burger"),
    "regularisation": ("régularisation (9bis/9ter)", "regularisatie (9bis/9ter)"),
    "unaccompanied_minor": ("mineur étranger non accompagné", "niet-begeleide minderjarige"),
    "no_status": ("sans titre de séjour", "zonder verblijfsdocument"),
    "other": ("autre", "andere"),
}
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "applicant": ("demandeur", "aanvrager"), "partner": ("conjoint(e)", "partner"),
    "child": ("enfant", "kind"), "parent": ("parent", "ouder"), "other": ("autre", "andere"),
}
INCOME_LABELS: dict[str, tuple[str, str]] = {
    "ris": ("revenu d'intégration", "leefloon"), "aide_sociale": ("aide sociale équivalente", "equivalent leefloon"),
    "salary": ("salaire", "loon"), "unemployment": ("allocations de chômage", "werkloosheidsuitkering"),
    "family_allowance": ("allocations familiales", "groeipakket / kinderbijslag"),
    "mutuelle": ("indemnités de mutuelle", "ziekte-uitkering"), "other": ("autre", "andere"),
}
HOUSING_LABELS: dict[str, tuple[str, str]] = {
    "private_rental": ("location privée", "private huur"), "social_housing": ("logement social", "sociale woning"),
    "hosted": ("hébergé(e)", "inwonend"), "shelter": ("centre d'accueil / abri", "opvangcentrum"),
    "homeless": ("sans abri", "dakloos"), "owner": ("propriétaire", "eigenaar"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "pending": ("en attente", "in behandeling"), "granted": ("accordée", "toegekend"),
    "refused": ("refusée", "geweigerd"), "appealed": ("en recours", "in beroep"),
}
CONTACT_LABELS: dict[str, tuple[str, str]] = {
    "cpas_social_worker": ("assistant(e) social(e) CPAS", "maatschappelijk werker OCMW"),
    "cpas_referent": ("référent CPAS", "referent OCMW"), "cri": ("CRI", "CRI"), "bapa": ("BAPA", "BAPA"),
    "lawyer": ("avocat", "advocaat"), "school": ("école", "school"), "interpreter": ("interprète", "tolk"),
    "doctor": ("médecin", "arts"), "mutuelle": ("mutuelle", "ziekenfonds"), "landlord": ("bailleur", "verhuurder"),
    "other": ("autre", "andere"),
}
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "fr": ("français", "Frans"), "nl": ("néerlandais", "Nederlands"), "en": ("anglais", "Engels"),
    "ar": ("arabe", "Arabisch"), "fa": ("persan", "Perzisch"), "prs": ("dari", "Dari"), "ps": ("pachto", "Pasjtoe"),
    "uk": ("ukrainien", "Oekraïens"), "ru": ("russe", "Russisch"), "tr": ("turc", "Turks"),
    "ti": ("tigrigna", "Tigrinya"), "so": ("somali", "Somalisch"), "de": ("allemand", "Duits"),
    "es": ("espagnol", "Spaans"), "ku": ("kurde", "Koerdisch"), "am": ("amharique", "Amhaars"),
}


def value_label(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = table.get(key)
    return pair[_COLUMN.get(lang, 0)] if pair else key
