"""A full texter conversation touching every domain, for the privacy and fault tests.

Keywords in two languages, a callback request with a free-text note and a message to it, a
workshop registration, a topic subscription (SUIVRE SANTE), a reminder and other outbound sends
run by the RQ jobs: afterwards every kind of record the hotline keeps about a texter exists in
Redis. `NOTE` and `FREE_TEXT` are distinctive message bodies a test can look for in logs and data.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Iterator

import redis

from hotline.callbacks import staff
from hotline.outbound import messages as outbound
from hotline.platform.services import Services
from hotline.workshops import events as workshops
from hotline.workshops import reminders
from tests.conftest import inbound_form

NUMBER = "+32470123436"
DIGITS = ("470123436", "32470123436", "0470123436", "470 12 34 36", "470/12.34.36")
STAFF_NUMBER = "+32470987651"
NOTE = "ma lettre Zorglubien du CPAS"
FREE_TEXT = "xyzzy plugh frobozz"
CASE_MESSAGE = "je serai joignable ce soir Quuxlien"  # written to the open callback case
TRANSLATOR = "translator"


def create_workshop(services: Services, now: dt.datetime) -> workshops.Workshop:
    """A workshop next week with free seats (its reminders are scheduled)."""
    starts = now + dt.timedelta(days=7)
    return workshops.create(
        services,
        titles={"fr": "Accès aux soins"},
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Pianofabriek",
        capacity=20,
    )


def texts(workshop_id: str) -> list[str]:
    """What the texter sends, in order (fewer than the rate limit, no reply repeated)."""
    return [
        "Bonjour",
        "SANTE",
        FREE_TEXT,
        "CPAS",
        "SUIVRE SANTE",
        f"RAPPEL logement {NOTE}",
        CASE_MESSAGE,
        "ATELIER",
        f"ATELIER {workshop_id}",
        "LANGUE",
        "English",
        "HEALTH",
    ]


def run(
    services: Services,
    post: Callable[[dict[str, str]], object],
    run_jobs: Callable[..., int],
    now: dt.datetime,
    number: str = NUMBER,
) -> workshops.Workshop:
    """Play the whole conversation through `post` (a signed webhook POST) and run every job."""
    services.extras[TRANSLATOR] = lambda text, target: "traduction"
    staff.add(services, "Amina", phone=STAFF_NUMBER, languages=["fr"], hours="mon-sun 00:00-24:00")
    workshop = create_workshop(services, now)
    for text in texts(workshop.id):
        post(inbound_form(text, sender=number))
    outbound.queue(
        services,
        outbound.OutboundRequest(
            to=number,
            channel="sms",
            purpose="test",
            idempotency_key="conv:hello",
            body="Bonjour de la part de SOLEA",
        ),
    )
    run_jobs()
    for offset in reminders.offsets(services):  # each reminder, run at its time
        run_jobs(until=reminders.due_at(workshop.starts_at, offset, services.settings.timezone))
    return workshop


def everything(client: redis.Redis) -> Iterator[tuple[str, str]]:
    """Every (key, readable value) in the database, RQ's compressed job data included."""
    for raw_key in client.scan_iter(count=1000):
        key = raw_key.decode("latin-1")
        for value in _values(client, raw_key):
            yield key, _readable(value)


def _values(client: redis.Redis, key: bytes) -> list[bytes]:
    kind = client.type(key).decode()
    if kind == "string":
        return [client.get(key) or b""]
    if kind == "hash":
        return [b"%s=%s" % pair for pair in client.hgetall(key).items()]
    if kind == "list":
        return client.lrange(key, 0, -1)
    if kind == "set":
        return list(client.smembers(key))
    if kind == "zset":
        return client.zrange(key, 0, -1)
    if kind == "stream":
        return [repr(entry).encode() for entry in client.xrange(key)]
    return [repr(kind).encode()]


def _readable(value: bytes) -> str:
    """The value as text; zlib-compressed data (RQ job payloads) is decompressed first."""
    for chunk in (value, value.partition(b"=")[2]):
        try:
            return zlib.decompress(chunk).decode("latin-1")
        except zlib.error:
            continue
    return value.decode("latin-1")


def containing(client: redis.Redis, needles: tuple[str, ...]) -> list[str]:
    """Keys whose name or value contains any of `needles`."""
    return sorted(
        {key for key, value in everything(client) if any(n in key or n in value for n in needles)}
    )
