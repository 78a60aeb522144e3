"""Weekly opening hours ("mon-fri 09:00-17:00"): office hours and staff on-duty hours.

The callback queue tells texters when staff call (now, or when the office opens again) and alerts
only the staff on duty, so both need one small, testable reading of a weekly schedule. A spec is
one or more windows separated by commas or semicolons, each `DAYS HH:MM-HH:MM` where DAYS is a
day (`sat`), a range (`mon-fri`) or a list (`mon,wed`), in the hotline's time zone:
"mon-fri 09:00-12:30; mon-thu 13:30-17:00". An empty spec means always open. End "24:00" means
midnight; windows do not cross midnight. Days may also be written in the console's languages,
short or in full ("lun-ven", "ma-vr", "lundi-vendredi", "Monday"); `canonical` writes a spec back
with the English codes and `describe` shows it in a language's own day names.

Some days the office is closed whatever the week says (public holidays, closure dates:
`hotline.platform.office`): `WeeklyHours.closed` lists them, and neither `is_open` nor
`next_opening` counts them.

Also the daily window of quiet hours ("21:00-08:00", which may cross midnight), read here so
that the settings can check it when a process starts (hotline/outbound/quiet_hours.py uses it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import get_day_names

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAME_LOCALES = ("fr", "nl", "en")  # the console's languages: their day names are accepted
_WINDOW = re.compile(
    r"^(?P<days>[a-z,\-]+)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)
_SEARCH_DAYS = 8
_SEARCH_DAYS_WITH_CLOSURES = 120  # a long closure (summer, year's end) is still looked past


class ScheduleError(ValueError):
    """A weekly-hours spec that cannot be read."""


@dataclass(frozen=True)
class Window:
    """Open on these weekdays (0 = Monday) from `start` to `end` minutes after midnight."""

    days: frozenset[int]
    start: int
    end: int


@dataclass(frozen=True)
class WeeklyHours:
    """A parsed weekly schedule in one time zone."""

    windows: tuple[Window, ...]
    tz: ZoneInfo
    always: bool = False
    closed: frozenset[dt.date] = field(default_factory=frozenset)  # whole local days

    def is_open(self, at: dt.datetime) -> bool:
        """True when `at` (timezone-aware) falls inside a window on a day that is not closed."""
        local = at.astimezone(self.tz)
        if local.date() in self.closed:
            return False
        if self.always:
            return True
        minute = local.hour * 60 + local.minute
        return any(local.weekday() in w.days and w.start <= minute < w.end for w in self.windows)

    def closes_at(self, at: dt.datetime) -> dt.datetime | None:
        """The local time the current window ends, or None when closed (or always open)."""
        if self.always or not self.is_open(at):
            return None
        local = at.astimezone(self.tz)
        minute = local.hour * 60 + local.minute
        for w in self.windows:
            if local.weekday() in w.days and w.start <= minute < w.end:
                return _at_minute(local, w.end)
        return None

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """The next local time a window starts after `at` (None when no window exists)."""
        local = at.astimezone(self.tz)
        search = _SEARCH_DAYS_WITH_CLOSURES if self.closed else _SEARCH_DAYS
        for offset in range(search):
            day = local + dt.timedelta(days=offset)
            if day.date() in self.closed:
                continue
            if self.always:
                return local if offset == 0 else _at_minute(day, 0)
            starts = sorted(w.start for w in self.windows if day.weekday() in w.days)
            for start in starts:
                candidate = _at_minute(day, start)
                if candidate > local:
                    return candidate
        return None

    def closing(self, days: frozenset[dt.date]) -> WeeklyHours:
        """The same hours, also closed on `days`."""
        return WeeklyHours(self.windows, self.tz, self.always, self.closed | days)


def _at_minute(day: dt.datetime, minute: int) -> dt.datetime:
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight + dt.timedelta(minutes=minute)).replace(tzinfo=day.tzinfo)


def parse(spec: str, timezone: str = "Europe/Brussels") -> WeeklyHours:
    """Read a spec such as "mon-fri 09:00-17:00"; raises ScheduleError when it is malformed."""
    tz = ZoneInfo(timezone)
    parts = _parts(spec)
    if not parts:
        return WeeklyHours((), tz, always=True)
    return WeeklyHours(tuple(_window(part) for part in parts), tz)


def _window(part: str) -> Window:
    found = _WINDOW.match(_english_days(part))
    if not found:
        raise ScheduleError(f"cannot read {part!r}: expected e.g. 'mon-fri 09:00-17:00'")
    start, end = _minutes(found["start"]), _minutes(found["end"])
    if end <= start:
        raise ScheduleError(f"{part!r}: the end must be after the start (same day)")
    return Window(_days(found["days"]), start, end)


@cache
def day_words() -> dict[str, str]:
    """Every accepted way to write a day ("lun", "lundi", "ma", "maandag", "mon") -> "mon"."""
    words = {code: code for code in DAYS}
    for locale in DAY_NAME_LOCALES:
        for width in ("abbreviated", "wide"):
            for index, name in get_day_names(width, locale=locale).items():
                words[name.lower().rstrip(".")] = DAYS[index]
    return words


def _english_days(part: str) -> str:
    """A window with its day names replaced by the codes ("lun.-ven. 09:00-17:00")."""
    found = re.match(r"^(\D*?)\s*(\d.*)$", part.replace(".", ""))
    if not found:  # no time at all: left to the pattern to refuse
        return part
    days, times = found.groups()
    days = re.sub(r"\s*([,\-])\s*", r"\1", days)
    words = day_words()
    spelled = re.sub(r"[^\W\d_]+", lambda m: words.get(m.group(0), m.group(0)), days)
    return f"{spelled} {times.strip()}"


def canonical(spec: str) -> str:
    """A spec in any accepted spelling, written with the English codes (validated)."""
    parts = _parts(spec)
    for part in parts:
        _window(part)
    return "; ".join(_english_days(part) for part in parts)


def describe(spec: str, locale: str) -> str:
    """A spec for people: "lun.-ven. 09:00-17:00" in fr, "ma-vr 09:00-17:00" in nl."""
    names = get_day_names("abbreviated", locale=locale)
    codes = {code: names[index] for index, code in enumerate(DAYS)}
    shown = [
        re.sub("|".join(DAYS), lambda m: codes[m.group(0)], _english_days(part))
        for part in _parts(spec)
    ]
    return "; ".join(shown)


def _parts(spec: str) -> list[str]:
    return [p.strip().lower() for p in re.split(r"(?<=\d)\s*[;,]\s*", spec) if p.strip()]


def _days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for item in text.split(","):
        first, _, last = item.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ScheduleError(f"unknown day in {text!r} (use {', '.join(DAYS)}, lun-ven, ma-vr)")
        low, high = DAYS.index(first), DAYS.index(last or first)
        days.update(range(low, high + 1) if low <= high else [*range(low, 7), *range(high + 1)])
    return frozenset(days)


def _minutes(text: str) -> int:
    hour, minute = (int(x) for x in text.split(":"))
    if not (0 <= hour <= 24 and 0 <= minute < 60) or (hour == 24 and minute):
        raise ScheduleError(f"{text!r} is not a time of day")
    return hour * 60 + minute


class QuietHoursError(ValueError):
    """The quiet hours setting is not "HH:MM-HH:MM"."""


def parse_daily_window(spec: str) -> tuple[dt.time, dt.time] | None:
    """("21:00-08:00") -> (21:00, 08:00); None when disabled (empty or equal ends)."""
    spec = spec.strip()
    if not spec:
        return None
    try:
        start, end = (dt.time.fromisoformat(part.strip()) for part in spec.split("-"))
    except ValueError as error:
        raise QuietHoursError(f"quiet hours must look like 21:00-08:00, not {spec!r}") from error
    return None if start == end else (start, end)
