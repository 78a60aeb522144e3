"""Quiet hours: deferral to their end, across midnight and daylight saving time."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.outbound import quiet_hours

TZ = "Europe/Brussels"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (utc(2026, 11, 23, 19, 59), None),  # 20:59 Brussels (winter, UTC+1)
        (utc(2026, 11, 23, 20, 0), utc(2026, 11, 24, 7, 0)),  # 21:00 -> 08:00 next day
        (utc(2026, 11, 23, 23, 30), utc(2026, 11, 24, 7, 0)),  # 00:30 -> 08:00 same day
        (utc(2026, 11, 24, 6, 59), utc(2026, 11, 24, 7, 0)),
        (utc(2026, 11, 24, 7, 0), None),
        (utc(2026, 7, 1, 19, 30), utc(2026, 7, 2, 6, 0)),  # summer, UTC+2
        (utc(2026, 3, 28, 22, 0), utc(2026, 3, 29, 6, 0)),  # the night clocks go forward
    ],
)
def test_overnight_window(when, expected):
    assert quiet_hours.end_of_quiet(when, "21:00-08:00", TZ) == expected


def test_daytime_window():
    assert quiet_hours.end_of_quiet(utc(2026, 11, 23, 11, 30), "12:00-14:00", TZ) == utc(
        2026, 11, 23, 13, 0
    )
    assert quiet_hours.end_of_quiet(utc(2026, 11, 23, 13, 30), "12:00-14:00", TZ) is None


@pytest.mark.parametrize("spec", ["", "  ", "08:00-08:00"])
def test_disabled(spec):
    assert quiet_hours.end_of_quiet(utc(2026, 11, 23, 23, 0), spec, TZ) is None


def test_malformed_setting_is_refused():
    with pytest.raises(quiet_hours.QuietHoursError):
        quiet_hours.parse("nine pm to eight")
