"""The console's interface language and dates: French first, Dutch and English on request.

UI strings live in `strings.py` (a per-language catalog; they are not texter content). A missing
key falls back to French, then to the key itself, so a forgotten translation never breaks a page.
Dates are shown in the hotline's timezone (Europe/Brussels) with Babel's local formats.
"""

from __future__ import annotations

import datetime as dt
from typing import overload
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import g, request, session
from flask_login import current_user

from hotline.accounts import UI_LANGUAGES
from hotline.console.blueprint import services
from hotline.console.strings import STRINGS

DEFAULT = "fr"
SESSION_KEY = "ui_language"
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


def current_language() -> str:
    """The logged-in person's choice, else the visitor's pick or browser, else French."""
    if current_user.is_authenticated:
        return current_user.account.language
    chosen = session.get(SESSION_KEY)
    if chosen in UI_LANGUAGES:
        return chosen
    return request.accept_languages.best_match(UI_LANGUAGES) or DEFAULT


def translate(key: str, **fields: object) -> str:
    """The UI string `key` in the current language, with {fields} filled in."""
    language = g.get("ui_language") or current_language()
    text = STRINGS.get(language, {}).get(key) or STRINGS[DEFAULT].get(key) or key
    return text.format(**fields) if fields else text


def _moment(value: object) -> dt.datetime | None:
    if value in (None, "", 0):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, int | float) or str(value).replace(".", "", 1).isdigit():
        seconds = float(value if isinstance(value, int | float) else str(value))
        moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    else:
        moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@overload
def local_time(value: dt.datetime) -> dt.datetime: ...
@overload
def local_time(value: object) -> dt.datetime | None: ...
def local_time(value: object) -> dt.datetime | None:
    """A datetime, epoch seconds or ISO string as an aware datetime in the hotline's timezone
    (None for nothing: None, "" or 0; a datetime always gives one)."""
    moment = _moment(value)
    return moment.astimezone(ZoneInfo(services().settings.timezone)) if moment else None


def datetime_filter(value: object, fmt: str = "medium") -> str:
    """Jinja filter: a moment in Brussels time, formatted for the UI language."""
    moment = local_time(value)
    if moment is None:
        return "—"
    return format_datetime(moment, fmt, tzinfo=moment.tzinfo, locale=g.get("ui_language", DEFAULT))


def date_filter(value: object, fmt: str = "medium") -> str:
    """Jinja filter: the date of a moment in Brussels, formatted for the UI language."""
    moment = local_time(value)
    return format_date(moment, fmt, locale=g.get("ui_language", DEFAULT)) if moment else "—"
