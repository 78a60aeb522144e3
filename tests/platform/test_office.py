"""Office hours that know holidays: public holidays, closure dates, day names in fr/nl/en."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from hotline.platform import office, schedule
from tests.console_helpers import monday_morning

BRUSSELS = ZoneInfo("Europe/Brussels")
SENDER = "+32470000888"


def christmas() -> dt.date:
    """The next 25 December at least a week away (the tests run whatever the date)."""
    today = dt.date.today() + dt.timedelta(days=7)
    year = today.year if today <= dt.date(today.year, 12, 25) else today.year + 1
    return dt.date(year, 12, 25)


def next_working_day(day: dt.date) -> dt.date:
    """The next Monday-to-Friday day after `day` that is no Belgian public holiday."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5 or day in office.public_holidays(day.year):
        day += dt.timedelta(days=1)
    return day


def at_ten(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=BRUSSELS).astimezone(dt.UTC)


@pytest.mark.parametrize(
    "spec",
    ["mon-fri 09:00-17:00", "lun-ven 09:00-17:00", "lun.-ven. 09:00-17:00", "ma-vr 09:00-17:00",
     "lundi-vendredi 09:00-17:00", "maandag - vrijdag 09:00-17:00", "Monday-Friday 09:00-17:00"],
)  # fmt: skip
def test_days_in_the_consoles_languages(spec):
    assert schedule.canonical(spec) == "mon-fri 09:00-17:00"


def test_hours_are_described_with_the_languages_day_names():
    spec = "mon-fri 09:00-12:30; thu 13:30-17:00"
    assert schedule.describe(spec, "fr") == "lun.-ven. 09:00-12:30; jeu. 13:30-17:00"
    assert schedule.describe(spec, "nl") == "ma-vr 09:00-12:30; do 13:30-17:00"
    assert schedule.describe(spec, "en") == "Mon-Fri 09:00-12:30; Thu 13:30-17:00"


def test_an_unknown_day_is_refused():
    with pytest.raises(schedule.ScheduleError):
        schedule.canonical("lun-dimanchette 09:00-17:00")


def test_closed_days_are_skipped():
    monday = monday_morning().date()
    hours = schedule.parse("mon-fri 09:00-17:00", "Europe/Brussels").closing(frozenset({monday}))
    assert not hours.is_open(at_ten(monday))
    opening = hours.next_opening(at_ten(monday))
    assert opening.date() == monday + dt.timedelta(days=1) and opening.hour == 9


def test_christmas_is_a_public_holiday_in_fr_nl_en():
    day = christmas()
    assert office.public_holidays(day.year, "fr")[day] == "Noël"
    assert office.public_holidays(day.year, "nl")[day] == "Kerstmis"
    assert office.public_holidays(day.year, "en")[day] == "Christmas Day"


def test_a_rappel_on_christmas_says_the_next_opening_day(services, text, content):
    day = christmas()
    services.clock = lambda: at_ten(day)
    reply = text("RAPPEL", SENDER)
    opening = next_working_day(day)
    weekday = format_date(opening, "EEEE", locale="fr")
    assert content.render("rappel", "when_closed", "fr", "sms", day=weekday, time="09:00") in reply
    assert "dès que possible" not in reply


def test_a_closure_date_closes_the_office(services, text, content):
    monday = monday_morning().date()
    office.add_closure(services.redis, monday, "Journée d'équipe", dt.date.today())
    services.clock = lambda: at_ten(monday)
    reply = text("RAPPEL", SENDER)
    weekday = format_date(next_working_day(monday), "EEEE", locale="fr")
    assert content.render("rappel", "when_closed", "fr", "sms", day=weekday, time="09:00") in reply
    assert office.reason_closed(services, monday) == "Journée d'équipe"


def test_a_long_closure_names_the_date(services, text, content):
    monday = monday_morning().date()
    for offset in range(14):
        office.add_closure(services.redis, monday + dt.timedelta(days=offset), "", dt.date.today())
    services.clock = lambda: at_ten(monday)
    reopening = next_working_day(monday + dt.timedelta(days=13))
    day = format_date(reopening, "EEEE d MMMM", locale="fr")
    reply = text("RAPPEL", SENDER)
    assert content.render("rappel", "when_closed", "fr", "sms", day=day, time="09:00") in reply


def test_closures_are_listed_with_holidays_and_removed(services):
    today = dt.date.today()
    monday = monday_morning().date()
    office.add_closure(services.redis, monday, "Formation", today)
    listed = office.closed_days(services, today, "nl")
    assert office.Closed(monday, "Formation", False) in listed
    assert any(c.holiday and c.reason == "Kerstmis" for c in listed)
    assert office.remove_closure(services.redis, monday)
    assert monday not in office.closures(services.redis)


def test_a_closure_in_the_past_is_refused(services):
    with pytest.raises(office.ClosureError):
        office.add_closure(services.redis, dt.date(2020, 1, 1), "", dt.date.today())
