"""Retention: personal data is kept only as long as it serves the texter, then deleted.

Most records expire on their own (Redis TTLs set where they are written): texter state
`history_retention_days` (default 90) after the last message, closed callback requests the same
period after closing, outbound records after 30 days, MessageSid replies after 48 hours. Some
things have no natural TTL and are purged by a daily sweep (`workers.retention.sweep`, on the
maintenance queue at 03:00 local time, rescheduling itself; `hotline worker` starts the chain):

- the free-text notes of closed callback requests (`note`, `note_fr`, the staff's private
  `staff_note`, `referred_to`) and the case thread (what texter and staff wrote to each other),
  CALLBACK_NOTE_DAYS after closing: what people wrote is the most sensitive part of a request;
- the registration lists of workshops that ended more than `history_retention_days` ago (who
  attended which workshop);
- the topic subscriptions (SUIVRE SANTE) of texters whose state has expired: a subscription
  must not outlive the texter's data (`subscriptions.purge_forgotten`);
- the console simulator's sandbox, once it was used (`sandbox.wipe_if_used`): numbers staff
  typed there are kept one day at most.

Opt-outs are never purged: they are what lets the hotline keep its promise of silence.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import redis

from hotline import callbacks, workshops
from hotline.broadcasts import subscriptions
from hotline.platform import DecodedRedis, Services, Settings, jobs, queues, sandbox, store

CALLBACK_NOTE_DAYS = 30
NOTE_FIELDS = ("note", "note_fr", "staff_note", "referred_to")
SWEEP_TIME = dt.time(3, 0)  # local time: the quietest hour


def purge_closed_callback_notes(services: Services) -> int:
    """Blank the notes and threads of requests closed over CALLBACK_NOTE_DAYS ago; how many."""
    limit = services.clock().timestamp() - CALLBACK_NOTE_DAYS * store.DAY
    requests = callbacks.load_many(services, callbacks.all_refs(services))
    stale = [r for r in requests if not r.is_open and r.updated_at <= limit and _has_words(r)]
    pipe = services.redis.pipeline()
    for request in stale:
        pipe.hdel(store.callback(request.ref), *NOTE_FIELDS)
        pipe.hset(store.callback(request.ref), mapping={"thread": 0, "unread": 0})
        pipe.delete(store.callback_thread(request.ref))
    pipe.execute()
    return len(stale)


def _has_words(request: callbacks.Callback) -> bool:
    return bool(request.note or request.note_fr or request.staff_note or request.thread)


def purge_old_registrations(services: Services) -> int:
    """Forget who registered for workshops that ended long ago; returns how many workshops."""
    days = services.settings.history_retention_days
    limit = services.clock() - dt.timedelta(days=days)
    old = [w for w in workshops.all_workshops(services) if w.ends_at <= limit]
    for workshop in old:
        _forget_registrants(services.redis, workshop.id)
    return len(old)


def _forget_registrants(client: DecodedRedis, workshop_id: str) -> None:
    lists = (store.workshop_registered(workshop_id), store.workshop_waiting(workshop_id))
    texter_ids = {tid for key in lists for tid in client.zrange(key, 0, -1)}
    pipe = client.pipeline()
    for texter_id in texter_ids:
        pipe.srem(store.texter_workshops(texter_id), workshop_id)
    pipe.delete(*lists)
    pipe.execute()


def sweep(services: Services) -> dict[str, int]:
    """Run every purge; returns how many records each touched."""
    return {
        "callback_notes": purge_closed_callback_notes(services),
        "workshop_registrations": purge_old_registrations(services),
        "subscriptions": subscriptions.purge_forgotten(services),
        "sandbox": sandbox.wipe_if_used(services),
    }


def next_sweep_at(settings: Settings, now: dt.datetime) -> dt.datetime:
    """The next SWEEP_TIME in the hotline's time zone, as UTC."""
    zone = ZoneInfo(settings.timezone)
    local = now.astimezone(zone)
    at = dt.datetime.combine(local.date(), SWEEP_TIME, tzinfo=zone)
    if at <= local:
        at = dt.datetime.combine(local.date() + dt.timedelta(days=1), SWEEP_TIME, tzinfo=zone)
    return at.astimezone(dt.UTC)


def schedule_sweep(connection: redis.Redis, settings: Settings, now: dt.datetime) -> str:
    """Schedule the next daily sweep (idempotent: one job id per day); returns the job id."""
    at = next_sweep_at(settings, now)
    job_id = jobs.retention_sweep_job_id(at)
    maintenance = queues.queue(connection, queues.MAINTENANCE)
    maintenance.enqueue_at(at, jobs.RETENTION_SWEEP, job_id=job_id, description="retention sweep")
    return job_id
