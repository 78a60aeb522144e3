"""Quiet hours: no reminder or broadcast wakes a texter at night.

`HOTLINE_QUIET_HOURS` ("21:00-08:00", local time in `HOTLINE_TIMEZONE`; empty disables) applies
to unsolicited messages only: a reminder or broadcast due inside the window is deferred to its
end. Replies and staff alerts always go at once. Windows may wrap midnight ("21:00-08:00") or
not ("12:00-14:00"); local times follow daylight saving time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


class QuietHoursError(ValueError):
    """The quiet hours setting is not "HH:MM-HH:MM"."""


def parse(spec: str) -> tuple[dt.time, dt.time] | None:
    """("21:00-08:00") -> (21:00, 08:00); None when disabled (empty or equal ends)."""
    spec = spec.strip()
    if not spec:
        return None
    try:
        start, end = (dt.time.fromisoformat(part.strip()) for part in spec.split("-"))
    except ValueError as error:
        raise QuietHoursError(f"quiet hours must look like 21:00-08:00, not {spec!r}") from error
    return None if start == end else (start, end)


def end_of_quiet(when: dt.datetime, spec: str, timezone: str) -> dt.datetime | None:
    """When `when` (aware) falls inside quiet hours, the (UTC) moment they end; else None."""
    window = parse(spec)
    if window is None:
        return None
    start, end = window
    local = when.astimezone(ZoneInfo(timezone))
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= clock < end
        end_day = local.date()
    else:
        inside = clock >= start or clock < end
        end_day = local.date() + dt.timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    ends = dt.datetime.combine(end_day, end, tzinfo=ZoneInfo(timezone))
    return ends.astimezone(dt.UTC)
