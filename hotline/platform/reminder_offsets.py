"""Reminder offsets ("1d@18:00,2h"): when, before a workshop, its registrants are reminded.

Read from `HOTLINE_WORKSHOP_REMINDERS` when every process starts (hotline/platform/config.py
refuses a malformed value) and by the reminder jobs (hotline/workshops/reminders.py). Kept with
the settings, below the workshops, so a value is checked without importing RQ or the services.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAY_BEFORE_MESSAGE = "reminder_day"
SOON_MESSAGE = "reminder_soon"
_SPEC = re.compile(r"^(?:(\d+)d@(\d{1,2}):(\d{2})|(\d+)([hm]))$")


@dataclass(frozen=True)
class Offset:
    """One reminder offset: whole days before at a local time, or a duration before."""

    spec: str
    days: int = 0
    at: dt.time | None = None
    before: dt.timedelta = dt.timedelta(0)

    @property
    def slug(self) -> str:
        """The offset as it appears in job ids ("1d1800", "2h")."""
        return re.sub(r"[^0-9a-z]", "", self.spec)

    @property
    def message(self) -> str:
        """The content message this reminder sends."""
        return DAY_BEFORE_MESSAGE if self.at is not None else SOON_MESSAGE


def parse_offsets(text: str) -> tuple[Offset, ...]:
    """Parse "1d@18:00,2h"; ValueError on anything else."""
    return tuple(_offset(part.strip().lower()) for part in text.split(",") if part.strip())


def _offset(raw: str) -> Offset:
    found = _SPEC.match(raw)
    if not found:
        raise ValueError(f"bad reminder offset {raw!r} (use e.g. 1d@18:00 or 2h)")
    days, hour, minute, amount, unit = found.groups()
    if days is None:
        return Offset(raw, before=dt.timedelta(minutes=int(amount) * (60 if unit == "h" else 1)))
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"bad reminder offset {raw!r}: {hour}:{minute} is not a time of day")
    return Offset(raw, days=int(days), at=dt.time(int(hour), int(minute)))
