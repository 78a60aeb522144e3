"""Strings of office hours, holidays and closure dates (fr, nl, en)."""

# ruff: noqa: E501  (a catalog of sentences: one key per entry reads better than wrapped strings)
from __future__ import annotations

CATALOG: dict[str, tuple[str, str, str]] = {
    "nav.office": ("Horaires", "Openingsuren", "Office hours"),
    "nav.office.about": ("Heures d'ouverture, jours fériés, fermetures.", "Openingsuren, feestdagen, sluitingsdagen.", "Opening hours, public holidays, closures."),
    "office.open_now": ("Bureau ouvert jusqu'à {time}.", "Kantoor open tot {time}.", "Office open until {time}."),
    "office.closed_now": ("Bureau fermé{reason} : réouverture {when}.", "Kantoor gesloten{reason}: weer open {when}.", "Office closed{reason}: reopens {when}."),
    "office.hours": ("Heures d'ouverture", "Openingsuren", "Opening hours"),
    "office.hours_hint": ("Réglées par HOTLINE_OFFICE_HOURS. Le bureau est fermé les jours fériés belges et aux dates ci-dessous : les réponses aux SMS RAPPEL et la file disent alors le prochain jour d'ouverture.", "Ingesteld met HOTLINE_OFFICE_HOURS. Het kantoor is gesloten op Belgische feestdagen en op de data hieronder: de antwoorden op TERUGBELLEN en de wachtrij noemen dan de volgende openingsdag.", "Set by HOTLINE_OFFICE_HOURS. The office is closed on Belgian public holidays and on the dates below: answers to CALLBACK and the queue then name the next opening day."),
    "office.closed_days": ("Jours de fermeture (12 prochains mois)", "Sluitingsdagen (komende 12 maanden)", "Closed days (next 12 months)"),
    "office.date": ("Date", "Datum", "Date"),
    "office.reason": ("Motif", "Reden", "Reason"),
    "office.kind": ("Type", "Soort", "Kind"),
    "office.holiday": ("jour férié", "feestdag", "public holiday"),
    "office.closure": ("fermeture", "sluiting", "closure"),
    "office.add": ("Ajouter une fermeture", "Sluitingsdag toevoegen", "Add a closure"),
    "office.label": ("Motif (facultatif)", "Reden (optioneel)", "Reason (optional)"),
    "office.remove": ("Retirer", "Verwijderen", "Remove"),
    "office.added": ("Fermeture du {date} ajoutée.", "Sluiting op {date} toegevoegd.", "Closure on {date} added."),
    "office.removed": ("Fermeture du {date} retirée.", "Sluiting op {date} verwijderd.", "Closure on {date} removed."),
    "office.past": ("Cette date est passée.", "Deze datum is voorbij.", "This date is past."),
    "office.bad_date": ("Date illisible : choisissez une date.", "Onleesbare datum: kies een datum.", "Unreadable date: pick a date."),
    "office.none": ("Aucun jour de fermeture.", "Geen sluitingsdagen.", "No closed days."),
    "admin.profile_error.name": ("Un nom est nécessaire.", "Een naam is nodig.", "A name is needed."),
    "admin.profile_error.languages": ("Langues parmi : fr nl en ar es ro tr sq fa.", "Talen uit: fr nl en ar es ro tr sq fa.", "Languages among: fr nl en ar es ro tr sq fa."),
    "admin.profile_error.hours": ("Heures illisibles : écrivez par ex. « lun-ven 09:00-17:00 ».", "Onleesbare uren: schrijf bv. „ma-vr 09:00-17:00”.", "Unreadable hours: write e.g. “Mon-Fri 09:00-17:00”."),
    "admin.profile_error.phone": ("Numéro de téléphone illisible.", "Onleesbaar telefoonnummer.", "Unreadable phone number."),
    "audit.office.closure_added": ("fermeture ajoutée", "sluitingsdag toegevoegd", "closure added"),
    "audit.office.closure_removed": ("fermeture retirée", "sluitingsdag verwijderd", "closure removed"),
    "audit.callback.claimed": ("demande prise", "verzoek genomen", "request claimed"),
    "audit.callback.extended": ("délai prolongé", "tijd verlengd", "lease extended"),
    "audit.callback.closed": ("résultat d'appel", "resultaat van oproep", "call outcome"),
    "audit.callback.cancelled": ("demande annulée", "verzoek geannuleerd", "request cancelled"),
    "audit.callback.message_sent": ("message envoyé à la personne", "bericht naar de persoon", "message sent to the person"),
    "audit.content.imported": ("traductions importées (CSV)", "vertalingen geïmporteerd (CSV)", "translations imported (CSV)"),
}  # fmt: skip
