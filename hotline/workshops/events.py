"""The workshop domain: workshops, registrations by SMS, the waiting list (Redis).

Plain Python, no Flask: the CLI, the SMS handlers and the staff console call the same functions.
A workshop's id is its public number, the 3 in "ATELIER 3" (so posters can print it). Texters
are registered by texter id (keyed hash), never by number. Reminders and notices go through
`hotline.reminders`, which queues them with `hotline.outbound`.

Workshop lifecycle (`status`; "past" is derived from the end time, never stored)::

    scheduled ──reschedule──► scheduled   old reminders cancelled, new ones scheduled,
        │                                 registrants and waiting list told the new date
        └──cancel──► cancelled            reminders cancelled, everyone told; final

Registration lifecycle (one texter, one workshop)::

    (none) ──register, seat free──► registered ──unregister──► (none)
    (none) ──register, full──► waiting ──a seat frees up──► registered  (SMS "promoted")
                                  └──unregister──► (none)
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field, replace

from hotline.platform import Services, audit, store
from hotline.workshops import reminders

log = logging.getLogger("hotline.workshops")

SCHEDULED = "scheduled"
CANCELLED = "cancelled"
STATUSES = (SCHEDULED, CANCELLED)

# Outcomes of register / unregister.
REGISTERED = "registered"
ALREADY_REGISTERED = "already_registered"
WAITING = "waiting"
ALREADY_WAITING = "already_waiting"
CLOSED = "closed"  # unknown, cancelled or already started
UNREGISTERED = "unregistered"
LEFT_WAITING = "left_waiting"
NOT_REGISTERED = "not_registered"

MAX_UPCOMING = 10_000  # workshops looked at by `restore_missing_reminders`
EDITABLE = ("titles", "descriptions", "place", "address", "capacity", "languages")


class WorkshopError(ValueError):
    """A coordinator asked for something impossible (end before start, unknown workshop…)."""


@dataclass(frozen=True)
class Workshop:
    """One workshop. `capacity` None means no limit; times are aware (UTC)."""

    id: str
    titles: dict[str, str]
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    address: str = ""
    capacity: int | None = None
    languages: tuple[str, ...] = ()
    descriptions: dict[str, str] = field(default_factory=dict)
    status: str = SCHEDULED

    def title(self, language: str) -> str:
        """The title in `language`, falling back to French, then to any title."""
        return self.titles.get(language) or self.titles.get("fr") or next(iter(self.titles), "")

    def description(self, language: str) -> str:
        """The short description in `language`, falling back to French."""
        return self.descriptions.get(language) or self.descriptions.get("fr", "")

    def is_open(self, now: dt.datetime) -> bool:
        """Texters may register: scheduled and not started yet."""
        return self.status == SCHEDULED and self.starts_at > now


@dataclass(frozen=True)
class Outcome:
    """What a registration request did; `position` is the place on the waiting list (1-based)."""

    status: str
    position: int = 0
    promoted: tuple[str, ...] = ()


# --- storage -----------------------------------------------------------------------------


def _record(workshop: Workshop) -> dict[str, str]:
    return {
        "id": workshop.id,
        "titles": json.dumps(workshop.titles, ensure_ascii=False),
        "descriptions": json.dumps(workshop.descriptions, ensure_ascii=False),
        "starts_at": str(workshop.starts_at.timestamp()),
        "ends_at": str(workshop.ends_at.timestamp()),
        "place": workshop.place,
        "address": workshop.address,
        "capacity": "" if workshop.capacity is None else str(workshop.capacity),
        "languages": ",".join(workshop.languages),
        "status": workshop.status,
    }


def _parse(data: dict[str, str]) -> Workshop:
    return Workshop(
        id=data["id"],
        titles=json.loads(data["titles"]),
        descriptions=json.loads(data.get("descriptions") or "{}"),
        starts_at=dt.datetime.fromtimestamp(float(data["starts_at"]), dt.UTC),
        ends_at=dt.datetime.fromtimestamp(float(data["ends_at"]), dt.UTC),
        place=data.get("place", ""),
        address=data.get("address", ""),
        capacity=int(data["capacity"]) if data.get("capacity") else None,
        languages=tuple(x for x in data.get("languages", "").split(",") if x),
        status=data.get("status", SCHEDULED),
    )


def _save(services: Services, workshop: Workshop) -> None:
    pipe = services.redis.pipeline()
    pipe.hset(store.workshop(workshop.id), mapping=_record(workshop))
    pipe.zadd(store.workshops(), {workshop.id: workshop.starts_at.timestamp()})
    pipe.execute()


def get(services: Services, workshop_id: str) -> Workshop | None:
    """One workshop by its number, or None."""
    data = services.redis.hgetall(store.workshop(str(workshop_id).strip()))
    return _parse(data) if data else None


def require(services: Services, workshop_id: str) -> Workshop:
    """One workshop by its number; WorkshopError when it does not exist."""
    workshop = get(services, workshop_id)
    if workshop is None:
        raise WorkshopError(f"no workshop {workshop_id}")
    return workshop


def all_workshops(services: Services) -> list[Workshop]:
    """Every workshop, past and cancelled included, by start time."""
    ids = services.redis.zrange(store.workshops(), 0, -1)
    return [w for w in (get(services, i) for i in ids) if w]


def upcoming(services: Services, now: dt.datetime, limit: int = 10) -> list[Workshop]:
    """Scheduled workshops that have not started, soonest first."""
    ids = services.redis.zrangebyscore(store.workshops(), f"({now.timestamp()}", "+inf")
    found = (get(services, i) for i in ids)
    return [w for w in found if w and w.is_open(now)][:limit]


def restore_missing_reminders(services: Services) -> list[str]:
    """Schedule again the reminders still ahead whose job is gone; returns their job ids.

    Run by housekeeping: a job deleted in rq-dashboard or lost with Redis data must not silently
    become a reminder nobody gets (a missing job is not a past one). Idempotent: scheduling
    skips every job that exists.
    """
    created = []
    for workshop in upcoming(services, services.clock(), limit=MAX_UPCOMING):
        created += reminders.schedule(services, workshop)
    if created:
        log.warning("reminders: %d missing reminder job(s) scheduled again", len(created))
    return created


# --- coordinator actions -------------------------------------------------------------------


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise WorkshopError("start and end must be timezone-aware")
    if ends_at <= starts_at:
        raise WorkshopError("a workshop must end after it starts")


def create(
    services: Services,
    *,
    titles: dict[str, str],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    address: str = "",
    capacity: int | None = None,
    languages: tuple[str, ...] = (),
    descriptions: dict[str, str] | None = None,
    workshop_id: str | None = None,
) -> Workshop:
    """Create a scheduled workshop and schedule its reminders; returns it with its number."""
    _check_times(starts_at, ends_at)
    if not titles.get("fr"):
        raise WorkshopError("a workshop needs a French title (the fallback language)")
    if capacity is not None and capacity < 1:
        raise WorkshopError("capacity must be at least 1 (or no limit)")
    number = str(workshop_id or services.redis.incr(store.workshop_sequence()))
    if services.redis.exists(store.workshop(number)):
        raise WorkshopError(f"workshop {number} already exists")
    if number.isdigit():  # a chosen number ("Atelier 2"): new ones continue after it
        services.redis.eval(_AT_LEAST, 1, store.workshop_sequence(), number)
    workshop = Workshop(
        id=number,
        titles=dict(titles),
        starts_at=starts_at.astimezone(dt.UTC),
        ends_at=ends_at.astimezone(dt.UTC),
        place=place,
        address=address,
        capacity=capacity,
        languages=tuple(languages),
        descriptions=dict(descriptions or {}),
    )
    _save(services, workshop)
    reminders.schedule(services, workshop)
    return workshop


def edit(services: Services, workshop_id: str, **changes: object) -> Workshop:
    """Change titles, descriptions, place, address, capacity or languages (not the date).

    A larger capacity promotes people from the waiting list.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise WorkshopError(f"cannot edit {sorted(unknown)} (use reschedule for dates)")
    workshop = require(services, workshop_id)
    capacity = changes.get("capacity", workshop.capacity)
    # `changes` are the EDITABLE fields with their own types: capacity is an int or None
    if capacity is not None and int(capacity) < 1:  # type: ignore[call-overload]
        raise WorkshopError("capacity must be at least 1 (or no limit)")
    updated = replace(workshop, **changes)  # type: ignore[arg-type]  # (the same: names checked)
    _save(services, updated)
    promote(services, updated)
    return updated


def reschedule(
    services: Services,
    workshop_id: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    actor: str = "",
) -> Workshop:
    """Move a workshop (keeping its length unless `ends_at` is given), audited, and tell
    everyone."""
    old = require(services, workshop_id)
    if old.status != SCHEDULED:
        raise WorkshopError(f"workshop {workshop_id} is {old.status}")
    ends_at = ends_at or starts_at + (old.ends_at - old.starts_at)
    _check_times(starts_at, ends_at)
    reminders.cancel(services, old)
    new = replace(old, starts_at=starts_at.astimezone(dt.UTC), ends_at=ends_at.astimezone(dt.UTC))
    _save(services, new)
    moved = {"from": old.starts_at.isoformat(), "to": new.starts_at.isoformat()}
    audit.record(
        services.redis, audit.WORKSHOP_RESCHEDULED, actor, about=f"workshop:{new.id}", **moved
    )
    reminders.schedule(services, new)
    reminders.notify(services, new, everyone(services, new.id), "rescheduled")
    return new


def cancel(services: Services, workshop_id: str, actor: str = "") -> Workshop:
    """Cancel a workshop (audited): no more reminders, every registrant and waiting texter is
    told."""
    workshop = require(services, workshop_id)
    if workshop.status == CANCELLED:
        return workshop
    cancelled = replace(workshop, status=CANCELLED)
    _save(services, cancelled)
    audit.record(services.redis, audit.WORKSHOP_CANCELLED, actor, about=f"workshop:{workshop_id}")
    reminders.cancel(services, cancelled)
    reminders.notify(services, cancelled, everyone(services, cancelled.id), "cancelled")
    return cancelled


_AT_LEAST = """
if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
end
"""


# --- registrations -------------------------------------------------------------------------

# Atomic: already there? a free seat? else the waiting list. Returns {status, rank}.
# Scores are times, nudged past the last one so that order is arrival order even within a second.
_REGISTER = """
local function after_last(key, now)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if #last == 2 and tonumber(last[2]) >= now then return tonumber(last[2]) + 0.001 end
  return now
end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {'already_registered', 0} end
local waiting = redis.call('ZRANK', KEYS[2], ARGV[1])
if waiting then return {'already_waiting', waiting + 1} end
local capacity = tonumber(ARGV[3])
if capacity == nil or redis.call('ZCARD', KEYS[1]) < capacity then
  redis.call('ZADD', KEYS[1], after_last(KEYS[1], tonumber(ARGV[2])), ARGV[1])
  redis.call('SADD', KEYS[3], ARGV[4])
  return {'registered', 0}
end
redis.call('ZADD', KEYS[2], after_last(KEYS[2], tonumber(ARGV[2])), ARGV[1])
redis.call('SADD', KEYS[3], ARGV[4])
return {'waiting', redis.call('ZRANK', KEYS[2], ARGV[1]) + 1}
"""

# Atomic: move the first waiting texters into free seats; returns the promoted ids.
_PROMOTE = """
local function after_last(key, now)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if #last == 2 and tonumber(last[2]) >= now then return tonumber(last[2]) + 0.001 end
  return now
end
local capacity = tonumber(ARGV[1])
local promoted = {}
while (capacity == nil or redis.call('ZCARD', KEYS[1]) < capacity) do
  local first = redis.call('ZPOPMIN', KEYS[2])
  if #first == 0 then break end
  redis.call('ZADD', KEYS[1], after_last(KEYS[1], tonumber(ARGV[2])), first[1])
  table.insert(promoted, first[1])
end
return promoted
"""


def register(
    services: Services, workshop_id: str, texter_id: str, now: dt.datetime | None = None
) -> Outcome:
    """Register a texter: a seat if one is free, else the waiting list; never twice."""
    now = now or services.clock()
    workshop = get(services, workshop_id)
    if workshop is None or not workshop.is_open(now):
        return Outcome(CLOSED)
    keys = (
        store.workshop_registered(workshop.id),
        store.workshop_waiting(workshop.id),
        store.texter_workshops(texter_id),
    )
    capacity = "" if workshop.capacity is None else workshop.capacity
    status, rank = services.redis.eval(
        _REGISTER, 3, *keys, texter_id, now.timestamp(), capacity, workshop.id
    )
    return Outcome(status, int(rank))


def unregister(
    services: Services, workshop_id: str, texter_id: str, now: dt.datetime | None = None
) -> Outcome:
    """Take a texter off a workshop (or its waiting list); a freed seat promotes the next."""
    workshop = get(services, workshop_id)
    if workshop is None:
        return Outcome(NOT_REGISTERED)
    pipe = services.redis.pipeline()
    pipe.zrem(store.workshop_registered(workshop.id), texter_id)
    pipe.zrem(store.workshop_waiting(workshop.id), texter_id)
    pipe.srem(store.texter_workshops(texter_id), workshop.id)
    seat, waiting, _ = pipe.execute()
    if not (seat or waiting):
        return Outcome(NOT_REGISTERED)
    if waiting:
        return Outcome(LEFT_WAITING)
    promoted = promote(services, workshop, now) if workshop.is_open(now or services.clock()) else []
    return Outcome(UNREGISTERED, promoted=tuple(promoted))


def promote(services: Services, workshop: Workshop, now: dt.datetime | None = None) -> list[str]:
    """Fill free seats from the waiting list, first come first served, and tell each by SMS."""
    now = now or services.clock()
    if not workshop.is_open(now):
        return []
    capacity = "" if workshop.capacity is None else workshop.capacity
    keys = (store.workshop_registered(workshop.id), store.workshop_waiting(workshop.id))
    promoted = services.redis.eval(_PROMOTE, 2, *keys, capacity, now.timestamp())
    reminders.notify(services, workshop, promoted, "promoted", stamp=str(int(now.timestamp())))
    return list(promoted)


def of_texter(services: Services, texter_id: str) -> list[Workshop]:
    """The workshops a texter is registered or waiting for (any status)."""
    ids = sorted(services.redis.smembers(store.texter_workshops(texter_id)), key=int)
    return [w for w in (get(services, i) for i in ids) if w]


def registered_ids(services: Services, workshop_id: str) -> list[str]:
    """Texter ids holding a seat, in registration order."""
    return services.redis.zrange(store.workshop_registered(workshop_id), 0, -1)


def everyone(services: Services, workshop_id: str) -> list[str]:
    """Registered then waiting texter ids: the people a change of date or a cancel concerns."""
    waiting = services.redis.zrange(store.workshop_waiting(workshop_id), 0, -1)
    return registered_ids(services, workshop_id) + waiting


def counts(services: Services, workshop_id: str) -> tuple[int, int]:
    """(registered, waiting) head counts."""
    pipe = services.redis.pipeline()
    pipe.zcard(store.workshop_registered(workshop_id))
    pipe.zcard(store.workshop_waiting(workshop_id))
    registered, waiting = pipe.execute()
    return int(registered), int(waiting)
