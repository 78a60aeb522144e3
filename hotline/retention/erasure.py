"""Erase everything the hotline keeps about one texter (OUBLIER OUI), domain by domain.

One eraser per domain that stores something about a texter — their jobs in RQ's failed-job
registries, state, abuse counters, callback requests (and their jobs), workshop registrations,
topic subscriptions, outbound messages, rows of broadcasts not sent yet — each
`(services, texter_id) -> int` (how many records it erased), built on the domain's own keys in
`store` and its public functions. `erasers()` lists them all, so a new domain that stores texter
data adds a row there; tests/test_erasure.py scans the whole keyspace after an erasure to catch
a forgotten one.

What survives an erasure: the opt-out marker, if the texter had sent STOP. It is a keyed hash
with a timestamp, no number: after erasure the hotline cannot write to the number anyway (the
encrypted number is gone), but a coordinator who later imports a list that contains it must
still find it opted out. The audit log records that an erasure happened, never whose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from rq.exceptions import NoSuchJobError
from rq.job import Job

from hotline import callbacks, workshops
from hotline.broadcasts import subscriptions
from hotline.outbound import OutboundMessage
from hotline.outbound import status as outbound_status
from hotline.platform import Services, audit, queues, store

log = logging.getLogger("hotline.retention.sweeper.erasure")

Eraser = Callable[[Services, str], int]

STATE = "state"  # texter state, message-sid records, abuse counters: touched by the message itself
INCIDENTAL = frozenset({STATE, "abuse"})
SCAN_BATCH = 500


@dataclass(frozen=True)
class Erasure:
    """How many records each domain erased."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def held_data(self) -> bool:
        """True when a domain held data beyond what the erasing message itself created."""
        return any(n for name, n in self.counts.items() if name not in INCIDENTAL)


def erase_state(services: Services, texter_id: str) -> int:
    """The texter's state hash, recency entry, unusable marker and recent message-sid records."""
    client = services.redis
    sids = client.smembers(store.texter_message_sids(texter_id))
    keys = [store.texter(texter_id), store.unusable_number(texter_id)]
    keys += [store.message_sid(sid) for sid in sids] + [store.texter_message_sids(texter_id)]
    pipe = client.pipeline()
    pipe.delete(*keys)
    pipe.zrem(store.texters_by_last_inbound(), texter_id)
    return sum(int(n) for n in pipe.execute())


def erase_failed_jobs(services: Services, texter_id: str) -> int:
    """The texter's jobs in RQ's failed-job registries: kept 30 days with their exception text
    and traceback, which (before masking, or from a library) could name the number. They are
    found by what they were given: the ids of the texter's outbound messages (a send job, or a
    batch holding one) and the references of their callback requests. Runs before the erasers
    of those records."""
    wanted = {r.id for r in _outbound_records(services) if r.texter_id == texter_id}
    wanted |= {request.ref for request in _callbacks_of(services, texter_id)}
    if not wanted:
        return 0
    erased = 0
    for rq_queue in queues.all_queues(services.rq_redis):
        ids = rq_queue.failed_job_registry.get_job_ids()
        for job in Job.fetch_many(ids, connection=services.rq_redis):
            if job is not None and _given_any(job.args, wanted):
                job.delete()
                erased += 1
    return erased


def _given_any(args: Sequence[object], wanted: set[str]) -> bool:
    """True when a job's arguments (an id, or a list of ids for a batch) include a wanted one."""
    for arg in args:
        values = arg if isinstance(arg, list | tuple) else [arg]
        if any(isinstance(value, str) and value in wanted for value in values):
            return True
    return False


def _callbacks_of(services: Services, texter_id: str) -> list[callbacks.Callback]:
    every = callbacks.load_many(services, callbacks.all_refs(services))
    return [request for request in every if request.texter_id == texter_id]


def erase_callbacks(services: Services, texter_id: str) -> int:
    """Every callback request of the texter (open or closed), its thread, its scheduled jobs and
    its place in staff members' pending digests."""
    mine = _callbacks_of(services, texter_id)
    pipe = services.redis.pipeline()
    for request in mine:
        pipe.delete(store.callback(request.ref), store.callback_thread(request.ref))
        pipe.zrem(store.callbacks_waiting(), request.ref)
        pipe.zrem(store.callbacks_all(), request.ref)
    pipe.delete(store.callback_open(texter_id), store.missed_call(texter_id))
    for slug in services.redis.smembers(store.staff_index()) if mine else ():
        pipe.srem(store.staff_alert_pending(slug), *(request.ref for request in mine))
    pipe.execute()
    for request in mine:
        cancel_jobs(services, callbacks.job_ids(request))
    return len(mine)


def erase_registrations(services: Services, texter_id: str) -> int:
    """Take the texter off every workshop and waiting list (a freed seat promotes the next)."""
    workshop_ids = services.redis.smembers(store.texter_workshops(texter_id))
    for workshop_id in workshop_ids:
        workshops.unregister(services, workshop_id, texter_id)
    services.redis.delete(store.texter_workshops(texter_id))
    return len(workshop_ids)


def erase_outbound(services: Services, texter_id: str) -> int:
    """Every outbound record to the texter, queued or sent, with its idempotency and SID links.

    A send job still queued for an erased record finds nothing and does nothing (reminders and
    notices waiting for their time included); its job data holds only the message id. A job
    already running writes nothing more (hotline/outbound/status.py never re-creates a record)
    and does not call the provider once its attempt finds the record gone.
    """
    records = [r for r in _outbound_records(services) if r.texter_id == texter_id]
    pipe = services.redis.pipeline()
    for record in records:
        _count_unsent_broadcast_message(services, record)
        pipe.delete(store.outbound(record.id))
        pipe.delete(store.outbound_idempotency(record.idempotency_key))
        if record.sid:
            pipe.delete(store.outbound_by_sid(record.sid))
        pipe.zrem(store.outbox(), record.id)
        pipe.zrem(store.outbound_in_flight(), record.id)
        pipe.zrem(store.outbound_queued(), record.id)
    pipe.execute()
    return len(records)


def _count_unsent_broadcast_message(services: Services, record: OutboundMessage) -> None:
    """A broadcast's message erased before it was sent counts as skipped on the broadcast, so
    its progress still finishes (the count is made by the status transition)."""
    if record.broadcast_id and record.status not in outbound_status.DONE:
        outbound_status.advance(
            services.redis, record.id, outbound_status.SKIPPED, reason="forgotten"
        )


def _outbound_records(services: Services) -> Iterator[OutboundMessage]:
    """Every stored outbound record (a scan: erasures are rare, records expire in 30 days)."""
    client = services.redis
    keys = [k for k in client.scan_iter(match=store.outbound("*"), count=1000) if k.count(":") == 2]
    for start in range(0, len(keys), SCAN_BATCH):
        pipe = client.pipeline()
        for key in keys[start : start + SCAN_BATCH]:
            pipe.hgetall(key)
        stored = (data for data in pipe.execute() if data and data.get("id"))
        yield from (OutboundMessage.from_hash(data) for data in stored)


def erase_broadcast_rows(services: Services, texter_id: str) -> int:
    """The texter's rows in broadcast batches planned but not sent yet."""
    client = services.redis
    removed = 0
    for key in client.scan_iter(match=store.broadcast_batch("*", "*"), count=1000):
        for row in client.lrange(key, 0, -1):
            if row.split(" ", 1)[0] == texter_id:
                removed += int(client.lrem(key, 0, row))
    return removed


def cancel_jobs(services: Services, job_ids: list[str]) -> int:
    """Delete RQ jobs by id wherever they wait (queued or scheduled); unknown ids are skipped."""
    cancelled = 0
    for job_id in job_ids:
        try:
            Job.fetch(job_id, connection=services.rq_redis).delete()
        except NoSuchJobError:
            continue
        cancelled += 1
    return cancelled


def erase_abuse_counters(services: Services, texter_id: str) -> int:
    """Forget a texter's rate-limit and loop-guard counters; a mute ends with them."""
    return int(services.redis.delete(*store.texter_abuse_keys(texter_id)))


def erasers() -> tuple[tuple[str, Eraser], ...]:
    """Every domain's eraser, by name."""
    return (
        ("failed_jobs", erase_failed_jobs),  # first: it finds the jobs through the records
        (STATE, erase_state),
        ("abuse", erase_abuse_counters),
        ("callbacks", erase_callbacks),
        ("registrations", erase_registrations),
        ("subscriptions", subscriptions.remove_all),
        ("outbound", erase_outbound),
        ("broadcasts", erase_broadcast_rows),
    )


def erase_texter(services: Services, texter_id: str) -> Erasure:
    """Erase every domain's data about a texter (keeping only an opt-out) and audit the fact."""
    counts = {name: eraser(services, texter_id) for name, eraser in erasers()}
    audit.record(services.redis, audit.ERASURE, actor="texter", reason="OUBLIER")
    log.info("erasure done: %d records", sum(counts.values()))
    return Erasure(counts)
