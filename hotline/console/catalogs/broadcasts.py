"""Strings of the broadcast form: the audience picker and the validation errors (fr, nl, en)."""

# ruff: noqa: E501  (a catalog of sentences: one key per entry reads better than wrapped strings)
from __future__ import annotations

CATALOG: dict[str, tuple[str, str, str]] = {
    "broadcasts.audience.language": ("une langue", "één taal", "one language"),
    "broadcasts.audience.registrants": ("les inscrits d'un atelier", "de ingeschrevenen van een workshop", "the registrants of a workshop"),
    "broadcasts.audience.recent": ("les personnes actives récemment", "wie onlangs actief was", "people active recently"),
    "broadcasts.audience.topic": ("les abonnés d'un sujet (SUIVRE)", "de volgers van een onderwerp (VOLGEN)", "the followers of a topic (FOLLOW)"),
    "broadcasts.pick_language": ("Langue", "Taal", "Language"),
    "broadcasts.pick_workshop": ("Atelier", "Workshop", "Workshop"),
    "broadcasts.pick_topic": ("Sujet suivi", "Gevolgd onderwerp", "Followed topic"),
    "broadcasts.pick_days": ("Actives ces N derniers jours", "Actief in de laatste N dagen", "Active in the last N days"),
    "broadcasts.people": ("{count} pers.", "{count} pers.", "{count} people"),
    "broadcasts.workshop_option": ("Atelier {id} · {title} · {when} ({count} inscrits)", "Workshop {id} · {title} · {when} ({count} ingeschreven)", "Workshop {id} · {title} · {when} ({count} registered)"),
    "broadcasts.no_workshop": ("Aucun atelier.", "Geen workshop.", "No workshop."),
    "broadcasts.error.audience": ("Choisissez un public : tout le monde, une langue, les inscrits d'un atelier, les personnes actives ces N jours ou les abonnés d'un sujet.", "Kies een doelgroep: iedereen, één taal, de ingeschrevenen van een workshop, wie actief was in de laatste N dagen of de volgers van een onderwerp.", "Pick an audience: everyone, one language, the registrants of a workshop, people active in the last N days or the followers of a topic."),
    "broadcasts.error.audience_topic": ("Ce sujet ne peut pas être suivi : choisissez-en un dans la liste.", "Dit onderwerp kan niet gevolgd worden: kies er een uit de lijst.", "This topic cannot be followed: pick one from the list."),
    "broadcasts.error.french_required": ("Le texte en français est obligatoire (les autres langues le reçoivent s'il manque leur texte).", "De Franse tekst is verplicht (andere talen krijgen die als hun tekst ontbreekt).", "The French text is required (other languages get it when theirs is missing)."),
    "broadcasts.error.unknown_topic": ("Ce contenu n'existe pas.", "Deze inhoud bestaat niet.", "This content does not exist."),
    "broadcasts.error.unknown_languages": ("Langue inconnue dans le message.", "Onbekende taal in het bericht.", "Unknown language in the message."),
    "broadcasts.error.message_empty": ("Écrivez le message ou choisissez un contenu.", "Schrijf het bericht of kies een inhoud.", "Write the message or pick a content."),
    "broadcasts.error.not_draft": ("Cette diffusion n'est plus un brouillon.", "Deze verzending is geen ontwerp meer.", "This broadcast is no longer a draft."),
    "broadcasts.error.send_at": ("Date d'envoi illisible.", "Onleesbare verzenddatum.", "Unreadable sending date."),
}  # fmt: skip
