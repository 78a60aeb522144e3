"""Reconciliation of outbound records left `sending`: the safety net behind RQ's retries.

A send job records its attempt (`attempt_state=pending`, status `sending`) before calling the
provider and the SID right after. A worker killed in between leaves the record `sending`; RQ
normally retries the job, and the retry asks the provider (`Sender.find`) before resending. But
the retry can be lost: a worker popped it from its queue and was stopped (SIGTERM while idle
raises at once) or killed before starting it — a worker listening on several queues has no
intermediate list, so the job stays "queued" in no queue at all — or the job's retries were
spent on earlier kills, or it was deleted. Then the record stayed `sending` forever although
the message went out exactly once.

Every record in `sending` is in the in-flight index (`store.outbound_in_flight`, written with
the status by hotline/outbound/status.py). `sweep` (run by the housekeeping job every few
minutes; it takes no personal data) looks only at records whose last attempt is older than
`threshold` — longer than RQ needs to retry a killed worker's job — and, for each:

    record gone (expired, erased) ──────────────────────────► dropped from the index
    status past `sending` (a status callback got there) ────► dropped from the index
    pending attempt found at the provider ──────────────────► sent (SID recorded), not resent
    a send job still holds it (queued, scheduled, started) ─► left to that job (backoff intact)
    its job says "queued" but is in no queue (adrift) ──────► noted; still so next run: gone
    otherwise (its job is gone) ────────────────────────────► a new send job, enqueued once

A send job can also be lost before it ever started: a worker popped it and was stopped before
starting it (the record stays `queued` forever, the message is never sent), or the process that
saved the record died before enqueueing it. Every record in `queued` is in the queued index
(`store.outbound_queued`, scored by when its job is due: `send_at`, a deferral's end, else its
creation; the record holds its job's id from the start). The sweep looks at those due more
than `threshold` ago:

    record gone, or status past `queued` ───────────────────► dropped from the index
    its send job is queued, scheduled, started or deferred ─► left to that job
    its job says "queued" but is in no queue (adrift) ──────► noted; still so next run: gone
    its job ended (failed, stopped, cancelled, finished) ───► left alone (RQ's registries show it)
    otherwise (no such job) ────────────────────────────────► a new send job, enqueued once

(id `hl-resend-<id>-q<digest of the lost job's id>`, `unique`: one per lost job).

Never twice: asking the provider sends nothing, and recording an acceptance is idempotent, so
reconciling next to a live job is harmless. Only a message that no job holds any more gets a new
send job (a job adrift is only declared gone on a second run: a worker may be starting it in
the very instant we look), under a deterministic id per attempt (`hl-resend-<id>-<attempts>`,
`unique`): two sweeps at once enqueue one job, which itself asks the provider again before
sending. Errors (a provider or Redis failure) do not stop the other records; the sweep raises
at the end so the run is visible in RQ's failed registry and retried.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from hotline.outbound import messages as outbound
from hotline.outbound.attempts import PENDING, earlier_attempt
from hotline.outbound.records import OutboundMessage
from hotline.platform import Services, Settings, jobs, queues, store
from hotline.platform import worker as hotline_worker

log = logging.getLogger("hotline.outbound_sweep")

DROPPED = "dropped"
RECONCILED = "reconciled"
WAITING = "waiting"
RESENT = "resent"
ALIVE = frozenset({JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED})
# The state of the RQ job holding a message: will run, says queued but is in no queue, does not
# exist, exists but will not run again (failed, finished, stopped, cancelled).
LIVE, ADRIFT, GONE, ENDED = "live", "adrift", "gone", "ended"
ADRIFT_FIELD = "sweep_adrift_job"  # the job a previous run found adrift
CHUNK = 200  # records loaded per round trip


class SweepError(RuntimeError):
    """Some records could not be reconciled this time (the first error is chained)."""


@dataclass
class Outcome:
    """How many in-flight records each branch took, and the first error met."""

    counts: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    first_error: Exception | None = None

    def add(self, branch: str) -> None:
        """Count one record for `branch`."""
        self.counts[branch] = self.counts.get(branch, 0) + 1


def threshold(settings: Settings) -> int:
    """Seconds an attempt must be old before the sweep looks at it: longer than a send job may
    take, plus the time RQ needs to retry the job of a killed worker
    (hotline/platform/worker.py)."""
    return hotline_worker.recovery_bound(settings)


def sweep(services: Services) -> dict[str, int]:
    """Bring every record `sending` for too long to its final state, and give a new send job to
    every overdue `queued` record whose job was lost; returns counts by branch.

    Raises SweepError (after going through all records) when some could not be handled.
    """
    cutoff = services.clock().timestamp() - threshold(services.settings)
    outcome = Outcome()
    indexes = ((store.outbound_in_flight(), settle), (store.outbound_queued(), settle_queued))
    for index, settle_one in indexes:
        ids = cast("list[str]", services.redis.zrangebyscore(index, "-inf", cutoff))
        for start in range(0, len(ids), CHUNK):
            _sweep_chunk(services, ids[start : start + CHUNK], cutoff, outcome, settle_one)
    if outcome.counts:
        log.info("outbound sweep: %s", outcome.counts)
    if outcome.first_error is not None:
        raise SweepError(f"{outcome.errors} in-flight records failed") from outcome.first_error
    return outcome.counts


# One record of an index (None: gone), settled: the branch it took.
Settle = Callable[[Services, str, OutboundMessage | None, float], str]


def _sweep_chunk(
    services: Services, ids: list[str], cutoff: float, outcome: Outcome, settle_one: Settle
) -> None:
    pipe = services.redis.pipeline(transaction=False)
    for message_id in ids:
        pipe.hgetall(store.outbound(message_id))
    for message_id, stored in zip(ids, pipe.execute(), strict=True):
        record = OutboundMessage.from_hash(stored) if stored else None
        try:
            outcome.add(settle_one(services, message_id, record, cutoff))
        except Exception as error:  # counted, and raised at the end of the sweep
            log.warning("outbound %s: sweep failed (%s)", message_id, type(error).__name__)
            outcome.errors += 1
            outcome.first_error = outcome.first_error or error


def settle(
    services: Services, message_id: str, record: OutboundMessage | None, cutoff: float
) -> str:
    """One in-flight record: the branch it took (see the module docstring)."""
    if record is None or record.status != outbound.SENDING:
        return _drop(services, message_id, record, store.outbound_in_flight())
    if (record.attempt_at or 0) > cutoff:
        return WAITING  # a newer attempt than the index said: its job is at work
    if record.attempt_state == PENDING and _reconcile(services, record):
        return RECONCILED
    if _held(services, message_id, record, job_state(services, record.job_id)):
        return WAITING
    return _resend(services, record, jobs.resend_job_id(record.id, record.attempts))


def settle_queued(
    services: Services, message_id: str, record: OutboundMessage | None, cutoff: float
) -> str:
    """One overdue queued record: the branch it took (see the module docstring)."""
    if record is None or record.status != outbound.QUEUED:
        return _drop(services, message_id, record, store.outbound_queued())
    lost = record.job_id
    state = job_state(services, lost)
    if state == ENDED or _held(services, message_id, record, state):
        return WAITING
    return _resend(services, record, jobs.resend_queued_job_id(message_id, lost))


def _held(services: Services, message_id: str, record: OutboundMessage, state: str) -> bool:
    """True when a job may still hold the message: live, or adrift for the first time."""
    if state == LIVE:
        return True
    if state == ADRIFT and record.sweep_adrift_job != record.job_id:
        outbound.update(services.redis, message_id, **{ADRIFT_FIELD: record.job_id})
        return True  # lost, or being started this instant: the next run decides
    return False


def _drop(services: Services, message_id: str, record: OutboundMessage | None, index: str) -> str:
    """Out of the index; a record without a status is the remnant of an erased or expired one
    that a late write re-created before writes checked for the record (it would never expire):
    deleted with it."""
    pipe = services.redis.pipeline()
    pipe.zrem(index, message_id)
    if record is not None and not record.status:
        pipe.delete(store.outbound(message_id))
    pipe.execute()
    return DROPPED


def _reconcile(services: Services, record: OutboundMessage) -> bool:
    found = earlier_attempt(services, record)
    if found is None:
        return False
    log.info("outbound %s: sweep found the attempt at the provider, now sent", record.id)
    outbound.record_accepted(services.redis, record.id, found.sid, found.status)
    return True


def job_state(services: Services, job_id: str) -> str:
    """LIVE when the RQ job holding a message will still run (waiting in its queue, scheduled,
    started, deferred), ADRIFT when it says queued but is in no queue, GONE when there is no
    such job, ENDED when it exists but will not run again (a `sending` record treats it as
    gone: its job was spent on kills)."""
    if not job_id:
        return GONE
    try:
        job = Job.fetch(job_id, connection=services.rq_redis)
    except NoSuchJobError:
        return GONE
    status = job.get_status(refresh=False)
    if status == JobStatus.QUEUED and not _in_queue(services, job):
        return ADRIFT
    return LIVE if status in ALIVE else ENDED


def _in_queue(services: Services, job: Job) -> bool:
    rq_queue = queues.queue(services.rq_redis, job.origin)
    if rq_queue.get_job_position(job.id) is not None:
        return True
    return job.id in rq_queue.intermediate_queue.get_job_ids()  # single-queue workers' list


def _resend(services: Services, record: OutboundMessage, job_id: str) -> str:
    """A new send job (it asks the provider again before sending), enqueued once under `job_id`
    (per attempt for a `sending` record, per lost job for a `queued` one)."""
    try:
        outbound.enqueue(services, record.id, job_id=job_id)
    except DuplicateJobError:
        return WAITING  # enqueued by an earlier sweep: that job's outcome stands (RQ registries)
    log.info("outbound %s: no job holds it any more, new send job %s", record.id, job_id)
    return RESENT
