"""Codes shown as words in the staff's language: staff read "arabe · santé", not "ar · sante".

Stored values stay codes (they are keys, filters and CSV columns); every page turns them into
words here: languages by their name in the interface language (Babel's CLDR names; Dari is
`fa_AF`), topics, call outcomes, sources, message statuses and purposes, broadcast audiences
and reminder offsets from the catalogues (`catalogs/words.py`). An unknown code is shown as it
is rather than hidden, so nothing silently disappears from a page.
"""

from __future__ import annotations

import re

from babel import Locale
from flask import g

from hotline import languages
from hotline.console.i18n import DEFAULT, translate
from hotline.console.strings import STRINGS

_OFFSET_DAYS = re.compile(r"^(\d+)d@(\d{1,2}:\d{2})$")
_OFFSET_DURATION = re.compile(r"^(\d+)([hm])$")


def _known(key: str, fallback: str, **fields: object) -> str:
    return translate(key, **fields) if key in STRINGS[DEFAULT] else fallback


def language_name(code: str) -> str:
    """ "ar" -> "arabe" (fr), "Arabisch" (nl), "Arabic" (en)."""
    if not code:
        return "—"
    ui = Locale.parse(g.get("ui_language") or DEFAULT)
    return ui.languages.get(languages.babel_locale(code)) or ui.languages.get(code) or code


def topic_name(topic: str) -> str:
    """ "sante" -> "santé"; no topic -> "sans sujet"."""
    if not topic or topic == "-":
        return translate("topic.none")
    return _known(f"topic.{topic}", topic)


def outcome_name(outcome: str) -> str:
    """A call outcome ("wrong_number" -> "mauvais numéro")."""
    return _known(f"outcome.{outcome or 'none'}", outcome)


def source_name(source: str) -> str:
    """Where a request came from ("missed_call" -> "appel manqué")."""
    return _known(f"source.{source}", source)


def message_status(status: str) -> str:
    """An outbound message status ("sent" -> "envoyé")."""
    return _known(f"message.status.{status}", status)


def purpose_name(purpose: str) -> str:
    """Why a message was sent ("callback_cancelled" -> "rappel : annulé par l'équipe")."""
    return _known(f"purpose.{purpose}", purpose)


def audience_words(audience: str) -> str:
    """ "language:ar" -> "langue : arabe"; "topic:sante" -> "abonnés : santé"."""
    kind, _, value = audience.partition(":")
    shown = {"language": language_name, "topic": topic_name}.get(kind, str)(value)
    return _known(f"audience.{kind}", audience, value=shown)


def offset_words(spec: str) -> str:
    """A reminder offset ("1d@18:00" -> "la veille à 18:00", "2h" -> "2 h avant")."""
    days = _OFFSET_DAYS.match(spec)
    if days:
        count, time = int(days.group(1)), days.group(2)
        if count == 1:
            return translate("offset.day_before", time=time)
        return translate("offset.days_before", days=count, time=time)
    duration = _OFFSET_DURATION.match(spec)
    if duration:
        unit = "hours" if duration.group(2) == "h" else "minutes"
        return translate(f"offset.{unit}_before", count=int(duration.group(1)))
    return spec


def template_globals() -> dict[str, object]:
    """The word functions, for every console template."""
    return {
        "language_name": language_name,
        "topic_name": topic_name,
        "outcome_name": outcome_name,
        "source_name": source_name,
        "message_status": message_status,
        "purpose_name": purpose_name,
        "audience_words": audience_words,
        "offset_words": offset_words,
    }
