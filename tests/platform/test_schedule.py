"""Weekly hours: office hours and on-duty hours, in Brussels time."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.platform import schedule

UTC = dt.UTC


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """March 2031 in UTC (Brussels is UTC+1 until the 30th): day 3 is a Monday."""
    return dt.datetime(2031, 3, day, hour, minute, tzinfo=UTC)


def test_office_hours_in_brussels_time():
    hours = schedule.parse("mon-fri 09:00-17:00")
    assert hours.is_open(at(3, 8, 0))  # 09:00 Brussels
    assert not hours.is_open(at(3, 7, 59))
    assert not hours.is_open(at(3, 16, 0))  # 17:00 Brussels: closed
    assert not hours.is_open(at(8, 10, 0))  # Saturday
    assert hours.closes_at(at(3, 9, 0)).strftime("%H:%M") == "17:00"


def test_next_opening():
    hours = schedule.parse("mon-fri 09:00-17:00")
    friday_evening = hours.next_opening(at(7, 18, 0))
    assert (friday_evening.weekday(), friday_evening.strftime("%H:%M")) == (0, "09:00")
    early = hours.next_opening(at(4, 6, 0))  # Tuesday 07:00 Brussels
    assert (early.day, early.strftime("%H:%M")) == (4, "09:00")
    assert schedule.parse("sat 10:00-12:00").next_opening(at(8, 9, 30)).day == 15


def test_several_windows_lists_and_wrapping_ranges():
    hours = schedule.parse("mon,wed 09:00-12:00; fri-sun 13:00-24:00, tue 14:00-15:00")
    assert hours.is_open(at(5, 9, 0))  # Wednesday 10:00
    assert not hours.is_open(at(6, 9, 0))  # Thursday
    assert hours.is_open(at(9, 22, 30))  # Sunday 23:30
    assert hours.is_open(at(4, 13, 30))
    assert schedule.parse("sat-mon 10:00-11:00").is_open(at(3, 9, 30))


def test_empty_means_always_open():
    hours = schedule.parse("")
    assert hours.always and hours.is_open(at(8, 3, 0))
    assert hours.closes_at(at(8, 3, 0)) is None


@pytest.mark.parametrize(
    "spec", ["weekdays 09:00-17:00", "mon-fri 9-17", "mon 17:00-09:00", "mon 25:00-26:00", "xyz"]
)
def test_malformed_specs_are_refused(spec):
    with pytest.raises(schedule.ScheduleError):
        schedule.parse(spec)
