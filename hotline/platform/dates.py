"""Dates as texters and coordinators read them: Brussels wall-clock time, in their language.

Times are stored as UTC instants; people think in Europe/Brussels local time. Parsing a
coordinator's "2026-12-03 17:00" refuses the hour that does not exist when clocks go forward,
and formatting uses Babel so that a texter reads "vendredi 10 avril, 17:00", "Friday, April 10,
17:00" or "الجمعة، 10 أبريل، 17:00" (Dari in its Afghan Persian form).

Digits follow the locale's default numbering system in CLDR (through Babel): Afghan Persian
writes Eastern Arabic digits ("۱۷:۰۰"), while CLDR's Arabic keeps Western digits, as written in
the Maghreb, where most of the hotline's Arabic-speaking texters come from. Babel formats dates
with ASCII digits only, hence `native_digits`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime

from hotline import languages

LOCAL_FORMAT = "%Y-%m-%d %H:%M"
# Zero of each non-Latin numbering system a hotline locale may default to (CLDR names).
DIGIT_ZERO = {"arab": "\u0660", "arabext": "\u06f0"}
_YEAR = re.compile(r"[\s,،]*(?:'de'\s*)?y+")


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for a settings timezone name ("Europe/Brussels")."""
    return ZoneInfo(name)


def parse_local(text: str, timezone: str) -> dt.datetime:
    """Read "YYYY-MM-DD HH:MM" (or ISO) as local time in `timezone`; aware result.

    Raises ValueError for malformed text and for a wall-clock time skipped by a DST change.
    """
    moment = dt.datetime.fromisoformat(text.strip())
    if moment.tzinfo is not None:
        return moment.astimezone(zone(timezone))
    local = moment.replace(tzinfo=zone(timezone))
    if local.astimezone(dt.UTC).astimezone(zone(timezone)).replace(tzinfo=None) != moment:
        raise ValueError(f"{text!r} does not exist in {timezone} (clocks go forward)")
    return local


def to_local(moment: dt.datetime, timezone: str) -> dt.datetime:
    """An aware datetime shown in `timezone`."""
    return moment.astimezone(zone(timezone))


def show_local(moment: dt.datetime, timezone: str) -> str:
    """A coordinator-facing "2026-12-03 17:00" in local time."""
    return to_local(moment, timezone).strftime(LOCAL_FORMAT)


@cache
def _day_pattern(language: str) -> str:
    """The locale's full date pattern without the year: "EEEE d MMMM" for French."""
    full = Locale.parse(languages.babel_locale(language)).date_formats["full"].pattern
    return _YEAR.sub("", full).strip(" ,،")


def format_when(moment: dt.datetime, language: str, timezone: str) -> str:
    """Weekday, day, month and hour:minute in the texter's language and script."""
    locale = languages.babel_locale(language)
    local = to_local(moment, timezone)
    day = format_datetime(local, _day_pattern(language), tzinfo=local.tzinfo, locale=locale)
    hour = format_datetime(local, "HH:mm", tzinfo=local.tzinfo, locale=locale)
    separator = "، " if language in languages.RTL_CODES else ", "
    return native_digits(f"{day}{separator}{hour}", language)


@cache
def _digit_table(language: str) -> dict[int, str]:
    system = Locale.parse(languages.babel_locale(language)).default_numbering_system
    zero = DIGIT_ZERO.get(system)
    return {ord("0") + n: chr(ord(zero) + n) for n in range(10)} if zero else {}


def native_digits(text: str, language: str) -> str:
    """ASCII digits rewritten in the digits the language's locale writes by default."""
    return text.translate(_digit_table(language))
