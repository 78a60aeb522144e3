"""When the office is open: the weekly hours minus Belgian public holidays and closure dates.

A RAPPEL on 25 December used to answer "someone calls you as soon as possible": the weekly
hours (`HOTLINE_OFFICE_HOURS`) know nothing of Christmas. The office is also closed on Belgium's
public holidays (the `holidays` library: New Year, Easter Monday, 1 May, Ascension, Whit Monday,
21 July, 15 August, 1 and 11 November, Christmas) and on the closure dates an admin enters in
the console (a team day, the year's-end week), kept in one Redis hash (date -> label). Texters'
answers and the queue's expected times then say the next real opening day.

Staff on-duty hours (callback alerts) are each person's own and are not changed by this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays

from hotline.platform import schedule, store
from hotline.platform.decoded import DecodedRedis
from hotline.platform.services import Services

COUNTRY = "BE"
HOLIDAY_LANGUAGES = {"fr": "fr", "nl": "nl", "en": "en_US"}  # the library's names for them
LABEL_MAX = 80


class ClosureError(ValueError):
    """A closure date that cannot be saved (not a date, or in the past)."""


@dataclass(frozen=True)
class Closed:
    """One day the office is closed, and why (a holiday's name or the admin's label)."""

    day: dt.date
    reason: str
    holiday: bool


@cache
def _holidays(year: int, language: str) -> dict[dt.date, str]:
    names = holidays.country_holidays(COUNTRY, years=year, language=language)
    return dict(names.items())


def public_holidays(year: int, language: str = "fr") -> dict[dt.date, str]:
    """Belgium's public holidays of one year, named in fr, nl or en."""
    return _holidays(year, HOLIDAY_LANGUAGES.get(language, "fr"))


def closures(client: DecodedRedis) -> dict[dt.date, str]:
    """The closure dates an admin entered, with their labels."""
    stored = client.hgetall(store.office_closures())
    return {dt.date.fromisoformat(day): label for day, label in sorted(stored.items())}


def add_closure(client: DecodedRedis, day: dt.date, label: str, today: dt.date) -> None:
    """Close the office on `day` (today or later)."""
    if day < today:
        raise ClosureError(f"{day.isoformat()} is in the past")
    client.hset(store.office_closures(), day.isoformat(), label.strip()[:LABEL_MAX])


def remove_closure(client: DecodedRedis, day: dt.date) -> bool:
    """Open the office again on `day`; False when it was not a closure date."""
    return bool(client.hdel(store.office_closures(), day.isoformat()))


def closed_days(services: Services, today: dt.date, language: str = "fr") -> list[Closed]:
    """Holidays and closures from `today` on, for a year, in date order."""
    end = today + dt.timedelta(days=366)
    found = [
        Closed(day, name, True)
        for year in (today.year, today.year + 1)
        for day, name in public_holidays(year, language).items()
        if today <= day <= end
    ]
    found += [Closed(day, label, False) for day, label in closures(services.redis).items()]
    return sorted((c for c in found if c.day >= today), key=lambda c: (c.day, not c.holiday))


def office_hours(services: Services) -> schedule.WeeklyHours:
    """The office hours from the settings, closed on holidays and closure dates."""
    settings = services.settings
    weekly = schedule.parse(settings.office_hours, settings.timezone)
    year = services.clock().astimezone(weekly.tz).year
    days = {day for y in (year, year + 1) for day in public_holidays(y)}
    days |= set(closures(services.redis))
    return weekly.closing(frozenset(days))


def reason_closed(services: Services, day: dt.date, language: str = "fr") -> str:
    """Why the office is closed on `day` ("Noël", the admin's label), or "" (a normal day)."""
    label = closures(services.redis).get(day)
    if label is not None:
        return label
    return public_holidays(day.year, language).get(day, "")
