"""Housekeeping: the safety nets that must run every few minutes without anyone asking.

One job, `workers.housekeeping.run`, on the maintenance queue every `housekeeping_minutes`
(HOTLINE_HOUSEKEEPING_MINUTES, default 5):

- the callbacks sweep (`hotline.callbacks.sweep`): expire requests waiting too long, release
  claims whose lease job did not run;
- the outbound reconciliation sweep (`hotline.outbound.sweep.sweep`): records left `sending`
  after a worker was killed between the provider's answer and our write are brought to their
  final state;
- missing future workshop reminders (their job deleted, e.g. in rq-dashboard) are scheduled
  again (`hotline.reminders.restore_missing`): a missing job is not a past one;
- once a day, a rewrite of Redis' AOF and RDB files (`hotline.persistence.compact_if_due`), so
  that erased data leaves the disk within a day.

The job reschedules itself first (so an error in a sweep never breaks the chain), at the start of
the next time slot, under a deterministic job id per slot (`hl-housekeeping-<slot epoch>`,
`unique=True`): however many workers start the chain, each slot runs once. `hotline worker`
starts the chain, like the daily retention sweep (hotline/retention/sweeper.py).

Job lifecycle (RQ)::

    scheduled (slot t) ──► queued ──► started ──┬─► finished
                                                └─► failed (visible in RQ's failed registry)
    started: first schedules slot t + interval, then sweeps
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math

import redis
from rq.exceptions import DuplicateJobError

from hotline.platform import jobs, queues, store
from hotline.platform.config import Settings

MIN_INTERVAL = 1.0  # seconds: a smaller setting would schedule jobs in a busy loop
FAILURE_TTL = 7 * store.DAY  # a failed run stays visible a week (one job id per slot)
RESULT_TTL = 3600  # seconds a finished run's counts are kept (rq info, dashboard)


def interval(settings: Settings) -> float:
    """Seconds between two runs."""
    return max(MIN_INTERVAL, settings.housekeeping_minutes * 60)


def next_run_at(settings: Settings, now: dt.datetime) -> dt.datetime:
    """The start of the next time slot strictly after `now` (slots are aligned on the epoch)."""
    step = interval(settings)
    slot = (math.floor(now.timestamp() / step) + 1) * step
    return dt.datetime.fromtimestamp(slot, dt.UTC)


def schedule(connection: redis.Redis, settings: Settings, now: dt.datetime) -> str:
    """Schedule the next run (idempotent: one job per slot); returns its job id."""
    at = next_run_at(settings, now)
    maintenance = queues.queue(connection, queues.MAINTENANCE)
    # A DuplicateJobError means another worker (or this run's retry) already scheduled the slot.
    with contextlib.suppress(DuplicateJobError):
        maintenance.enqueue_at(
            at,
            jobs.HOUSEKEEPING,
            job_id=jobs.housekeeping_job_id(at),
            unique=True,
            description="housekeeping",
            result_ttl=RESULT_TTL,
            failure_ttl=FAILURE_TTL,
            retry=jobs.HOUSEKEEPING_RETRY,
        )
    return jobs.housekeeping_job_id(at)
