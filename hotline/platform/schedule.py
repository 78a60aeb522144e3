"""Weekly opening hours ("mon-fri 09:00-17:00"): office hours and staff on-duty hours.

The callback queue tells texters when staff call (now, or when the office opens again) and alerts
only the staff on duty, so both need one small, testable reading of a weekly schedule. A spec is
one or more windows separated by commas or semicolons, each `DAYS HH:MM-HH:MM` where DAYS is a
day (`sat`), a range (`mon-fri`) or a list (`mon,wed`), in the hotline's time zone:
"mon-fri 09:00-12:30; mon-thu 13:30-17:00". An empty spec means always open. End "24:00" means
midnight; windows do not cross midnight.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(
    r"^(?P<days>[a-z,\-]+)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)
_SEARCH_DAYS = 8


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

    def is_open(self, at: dt.datetime) -> bool:
        """True when `at` (timezone-aware) falls inside a window."""
        if self.always:
            return True
        local = at.astimezone(self.tz)
        minute = local.hour * 60 + local.minute
        return any(local.weekday() in w.days and w.start <= minute < w.end for w in self.windows)

    def closes_at(self, at: dt.datetime) -> dt.datetime | None:
        """The local time the current window ends, or None when closed (or always open)."""
        if self.always:
            return None
        local = at.astimezone(self.tz)
        minute = local.hour * 60 + local.minute
        for w in self.windows:
            if local.weekday() in w.days and w.start <= minute < w.end:
                return _at_minute(local, w.end)
        return None

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """The next local time a window starts after `at` (None when no window exists)."""
        if self.always:
            return at.astimezone(self.tz)
        local = at.astimezone(self.tz)
        for offset in range(_SEARCH_DAYS):
            day = local + dt.timedelta(days=offset)
            starts = sorted(w.start for w in self.windows if day.weekday() in w.days)
            for start in starts:
                candidate = _at_minute(day, start)
                if candidate > local:
                    return candidate
        return None


def _at_minute(day: dt.datetime, minute: int) -> dt.datetime:
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight + dt.timedelta(minutes=minute)).replace(tzinfo=day.tzinfo)


def parse(spec: str, timezone: str = "Europe/Brussels") -> WeeklyHours:
    """Read a spec such as "mon-fri 09:00-17:00"; raises ScheduleError when it is malformed."""
    tz = ZoneInfo(timezone)
    parts = [p.strip().lower() for p in re.split(r"(?<=\d)\s*[;,]\s*", spec) if p.strip()]
    if not parts:
        return WeeklyHours((), tz, always=True)
    return WeeklyHours(tuple(_window(part) for part in parts), tz)


def _window(part: str) -> Window:
    found = _WINDOW.match(part)
    if not found:
        raise ScheduleError(f"cannot read {part!r}: expected e.g. 'mon-fri 09:00-17:00'")
    start, end = _minutes(found["start"]), _minutes(found["end"])
    if end <= start:
        raise ScheduleError(f"{part!r}: the end must be after the start (same day)")
    return Window(_days(found["days"]), start, end)


def _days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for item in text.split(","):
        first, _, last = item.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ScheduleError(f"unknown day in {text!r} (use {', '.join(DAYS)})")
        low, high = DAYS.index(first), DAYS.index(last or first)
        days.update(range(low, high + 1) if low <= high else [*range(low, 7), *range(high + 1)])
    return frozenset(days)


def _minutes(text: str) -> int:
    hour, minute = (int(x) for x in text.split(":"))
    if not (0 <= hour <= 24 and 0 <= minute < 60) or (hour == 24 and minute):
        raise ScheduleError(f"{text!r} is not a time of day")
    return hour * 60 + minute
