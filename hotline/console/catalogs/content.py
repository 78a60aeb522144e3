"""Strings of the content pages: texts per topic and language, the translators' CSV (fr, nl, en)."""

# ruff: noqa: E501  (a catalog of sentences: one key per entry reads better than wrapped strings)
from __future__ import annotations

CATALOG: dict[str, tuple[str, str, str]] = {
    "content.hint": ("Les contenus se modifient dans content/ ou par le tableur des traducteurs ci-dessous. Cliquez un sujet pour lire ses textes.", "Inhoud wordt aangepast in content/ of met het vertalersbestand hieronder. Klik op een onderwerp om de teksten te lezen.", "Content is edited in content/ or with the translators' spreadsheet below. Click a topic to read its texts."),
    "content.csv_title": ("Tableur des traducteurs (CSV)", "Vertalersbestand (CSV)", "Translators' spreadsheet (CSV)"),
    "content.csv_hint": ("UTF-8 avec BOM : Excel et LibreOffice lisent l'arabe et le dari. Dans Excel, enregistrez en « CSV UTF-8 ».", "UTF-8 met BOM: Excel en LibreOffice lezen Arabisch en Dari. Sla in Excel op als „CSV UTF-8”.", "UTF-8 with BOM: Excel and LibreOffice read Arabic and Dari. In Excel, save as “CSV UTF-8”."),
    "content.download": ("Télécharger (séparateur ,)", "Downloaden (scheidingsteken ,)", "Download (separator ,)"),
    "content.download_semicolon": ("Télécharger pour Excel fr/nl (séparateur ;)", "Downloaden voor Excel nl/fr (scheidingsteken ;)", "Download for Excel fr/nl (separator ;)"),
    "content.upload": ("Vérifier un CSV modifié", "Een aangepast CSV-bestand controleren", "Check an edited CSV"),
    "content.upload_hint": ("D'abord un essai : rien n'est écrit avant votre confirmation.", "Eerst een proef: niets wordt geschreven vóór uw bevestiging.", "A dry run first: nothing is written before you confirm."),
    "content.file": ("Fichier CSV", "CSV-bestand", "CSV file"),
    "content.dry_run_title": ("Essai d'import", "Proefimport", "Import dry run"),
    "content.dry_run_errors": ("{count} erreur(s) : rien ne sera écrit. Corrigez le fichier et réessayez.", "{count} fout(en): er wordt niets geschreven. Verbeter het bestand en probeer opnieuw.", "{count} error(s): nothing will be written. Fix the file and try again."),
    "content.dry_run_ok": ("{texts} texte(s) modifié(s) dans {files} fichier(s).", "{texts} tekst(en) gewijzigd in {files} bestand(en).", "{texts} text(s) changed in {files} file(s)."),
    "content.dry_run_nothing": ("Rien ne change : le fichier dit la même chose que les contenus.", "Er verandert niets: het bestand zegt hetzelfde als de inhoud.", "Nothing changes: the file says the same as the content."),
    "content.apply": ("Importer et recharger partout", "Importeren en overal herladen", "Import and reload everywhere"),
    "content.apply_hint": ("Les fichiers sont réécrits, puis chaque processus (web, workers) recharge les contenus.", "De bestanden worden herschreven, daarna herlaadt elk proces (web, workers) de inhoud.", "The files are rewritten, then every process (web, workers) reloads the content."),
    "content.imported": ("Import fait : {texts} texte(s), {files} fichier(s) ; contenus rechargés.", "Import klaar: {texts} tekst(en), {files} bestand(en); inhoud herladen.", "Imported: {texts} text(s), {files} file(s); content reloaded."),
    "content.upload_expired": ("Cet essai a expiré : envoyez le fichier à nouveau.", "Deze proef is verlopen: stuur het bestand opnieuw.", "This dry run has expired: send the file again."),
    "content.back": ("← Contenus", "← Inhoud", "← Content"),
    "content.message": ("Message", "Bericht", "Message"),
    "content.language": ("Langue", "Taal", "Language"),
    "content.sms": ("SMS", "Sms", "SMS"),
    "content.whatsapp": ("WhatsApp", "WhatsApp", "WhatsApp"),
    "content.same_as_sms": ("(le texte SMS)", "(de sms-tekst)", "(the SMS text)"),
    "content.segments": ("{segments} segment(s) · {encoding}", "{segments} segment(en) · {encoding}", "{segments} segment(s) · {encoding}"),
    "content.state": ("État", "Status", "State"),
    "content.falls_back": ("manquant : la personne reçoit le français", "ontbreekt: de persoon krijgt het Frans", "missing: the person gets French"),
    "content.change": ("Modifications", "Wijzigingen", "Changes"),
}  # fmt: skip
