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
the status by `hotline.outbound_status`). `sweep` (run by the housekeeping job every few
minutes; it takes no personal data) looks only at records whose last attempt is older than
`threshold` — longer than RQ needs to retry a killed worker's job — and, for each:

    record gone (expired, erased) ──────────────────────────► dropped from the index
    status past `sending` (a status callback got there) ────► dropped from the index
    pending attempt found at the provider ──────────────────► sent (SID recorded), not resent
    a send job still holds it (queued, scheduled, started) ─► left to that job (backoff intact)
    its job says "queued" but is in no queue (adrift) ──────► noted; still so next run: gone
    otherwise (its job is gone) ────────────────────────────► a new send job, enqueued once

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
from dataclasses import dataclass, field

from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from hotline import outbound, queues, store
from hotline import worker as hotline_worker
from hotline.config import Settings
from hotline.services import Services
from workers import sending

log = logging.getLogger("hotline.outbound_sweep")

DROPPED = "dropped"
RECONCILED = "reconciled"
WAITING = "waiting"
RESENT = "resent"
ALIVE = frozenset({JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED})
LIVE, ADRIFT, GONE = "live", "adrift", "gone"  # the state of the RQ job holding a message
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
    take, plus the time RQ needs to retry the job of a killed worker (hotline/worker.py)."""
    return hotline_worker.recovery_bound(settings)


def sweep(services: Services) -> dict[str, int]:
    """Bring every record `sending` for too long to its final state; returns counts by branch.

    Raises SweepError (after going through all records) when some could not be handled.
    """
    cutoff = services.clock().timestamp() - threshold(services.settings)
    ids = services.redis.zrangebyscore(store.outbound_in_flight(), "-inf", cutoff)
    outcome = Outcome()
    for start in range(0, len(ids), CHUNK):
        _sweep_chunk(services, ids[start : start + CHUNK], cutoff, outcome)
    if outcome.counts:
        log.info("outbound sweep: %s", outcome.counts)
    if outcome.first_error is not None:
        raise SweepError(f"{outcome.errors} in-flight records failed") from outcome.first_error
    return outcome.counts


def _sweep_chunk(services: Services, ids: list[str], cutoff: float, outcome: Outcome) -> None:
    pipe = services.redis.pipeline(transaction=False)
    for message_id in ids:
        pipe.hgetall(store.outbound(message_id))
    for message_id, record in zip(ids, pipe.execute(), strict=True):
        try:
            outcome.add(settle(services, message_id, record, cutoff))
        except Exception as error:  # counted, and raised at the end of the sweep
            log.warning("outbound %s: sweep failed (%s)", message_id, type(error).__name__)
            outcome.errors += 1
            outcome.first_error = outcome.first_error or error


def settle(services: Services, message_id: str, record: dict, cutoff: float) -> str:
    """One in-flight record: the branch it took (see the module docstring)."""
    if record.get("status") != outbound.SENDING:
        return _drop(services, message_id, record)
    if float(record.get("attempt_at") or 0) > cutoff:
        return WAITING  # a newer attempt than the index said: its job is at work
    if record.get("attempt_state") == sending.PENDING and _reconcile(services, record):
        return RECONCILED
    state = job_state(services, record.get("job_id", ""))
    if state == LIVE:
        return WAITING
    if state == ADRIFT and record.get(ADRIFT_FIELD) != record.get("job_id"):
        outbound.update(services.redis, message_id, **{ADRIFT_FIELD: record.get("job_id")})
        return WAITING  # lost, or being started this instant: the next run decides
    return _resend(services, record)


def _drop(services: Services, message_id: str, record: dict) -> str:
    """Out of the index; a record without a status is the remnant of an erased or expired one
    that a late write re-created (it would never expire): deleted with it."""
    pipe = services.redis.pipeline()
    pipe.zrem(store.outbound_in_flight(), message_id)
    if record and not record.get("status"):
        pipe.delete(store.outbound(message_id))
    pipe.execute()
    return DROPPED


def _reconcile(services: Services, record: dict) -> bool:
    found = sending.earlier_attempt(services, record)
    if found is None:
        return False
    log.info("outbound %s: sweep found the attempt at the provider, now sent", record["id"])
    outbound.record_accepted(services.redis, record["id"], found.sid, found.status)
    return True


def job_state(services: Services, job_id: str) -> str:
    """LIVE when the RQ job holding a message will still run (waiting in its queue, scheduled,
    started, deferred), ADRIFT when it says queued but is in no queue, else GONE."""
    if not job_id:
        return GONE
    try:
        job = Job.fetch(job_id, connection=services.rq_redis)
    except NoSuchJobError:
        return GONE
    status = job.get_status(refresh=False)
    if status == JobStatus.QUEUED and not _in_queue(services, job):
        return ADRIFT
    return LIVE if status in ALIVE else GONE


def _in_queue(services: Services, job: Job) -> bool:
    rq_queue = queues.queue(services.rq_redis, job.origin)
    if rq_queue.get_job_position(job.id) is not None:
        return True
    return job.id in rq_queue.intermediate_queue.get_job_ids()  # single-queue workers' list


def _resend(services: Services, record: dict) -> str:
    """A new send job (it asks the provider again before sending), enqueued once per attempt."""
    job_id = f"hl-resend-{record['id']}-{record.get('attempts') or 0}"
    try:
        outbound.enqueue(services, record["id"], job_id=job_id)
    except DuplicateJobError:
        return WAITING  # enqueued by an earlier sweep: that job's outcome stands (RQ registries)
    log.info("outbound %s: no job holds it any more, new send job %s", record["id"], job_id)
    return RESENT
