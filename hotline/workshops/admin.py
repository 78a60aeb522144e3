"""What staff see of workshops: summaries, registrants with masked numbers, the schedule.

Shared by the CLI (`hotline workshops list|show`) and the staff console, so both show the same
figures. Numbers are decrypted only to be masked; nothing here changes state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotline import texters
from hotline.platform import Services, dates, mask, store
from hotline.workshops import reminders
from hotline.workshops.events import Workshop, counts


@dataclass(frozen=True)
class Person:
    """A registrant or waiting texter as staff may see them (number masked)."""

    texter_id: str
    masked_number: str
    language: str
    since: dt.datetime


def people(services: Services, workshop_id: str, waiting: bool = False) -> list[Person]:
    """Registrants (or the waiting list) for staff: masked numbers, language, since when."""
    key = store.workshop_waiting if waiting else store.workshop_registered
    rows = services.redis.zrange(key(workshop_id), 0, -1, withscores=True)
    return [_person(services, texter_id, score) for texter_id, score in rows]


def _person(services: Services, texter_id: str, score: float) -> Person:
    token = texters.phone_token(services.redis, texter_id)
    try:
        shown = mask(services.privacy.decrypt(token)) if token else "(forgotten)"
    except ValueError:
        shown = "?"
    texter = texters.load(services.redis, texter_id)
    language = texter.language or services.settings.default_language
    return Person(texter_id, shown, language, dt.datetime.fromtimestamp(score, dt.UTC))


def describe(services: Services, workshop: Workshop) -> dict:
    """A JSON-ready summary for the CLI and the console (local times, head counts)."""
    tz = services.settings.timezone
    registered, waiting = counts(services, workshop.id)
    return {
        "id": workshop.id,
        "title": workshop.title("fr"),
        "titles": workshop.titles,
        "descriptions": workshop.descriptions,
        "starts_at": dates.show_local(workshop.starts_at, tz),
        "ends_at": dates.show_local(workshop.ends_at, tz),
        "place": workshop.place,
        "address": workshop.address,
        "capacity": workshop.capacity,
        "languages": list(workshop.languages),
        "status": workshop.status,
        "past": workshop.ends_at <= services.clock(),
        "registered": registered,
        "waiting": waiting,
    }


def detail(services: Services, workshop: Workshop) -> dict:
    """`describe` plus registrants, waiting list (masked) and the reminder schedule."""
    shown = describe(services, workshop)
    shown["registrants"] = [_shown(p) for p in people(services, workshop.id)]
    shown["waiting_list"] = [_shown(p) for p in people(services, workshop.id, waiting=True)]
    shown["reminders"] = reminders.schedule_of(services, workshop)
    return shown


def _shown(person: Person) -> dict:
    tz_free = person.since.isoformat(timespec="seconds")
    return {"number": person.masked_number, "language": person.language, "since": tz_free}
