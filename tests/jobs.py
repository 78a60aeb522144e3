"""Run the hotline's RQ jobs inside the test process (used by the `run_jobs` fixture).

Jobs run on the hotline's worker class (an RQ `SimpleWorker`) in burst mode (no fork), against
the test Redis, after `workers.use(services)` so they see the test services. Scheduled jobs
(retries with backoff, `send_at`, quiet-hours deferrals, reminders) are moved to their queues
when they are due, exactly as the RQ scheduler would. `until` lets time pass: the process clock
(tests/clock.py) jumps from one scheduled job to the next up to `until`, so every job runs at its
own time, retries included, and reads that time from the services, RQ and `time.time()` alike.
"""

from __future__ import annotations

import datetime as dt

import redis
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from hotline.platform import queues
from hotline.platform.worker import HotlineWorker
from tests.clock import ProcessClock, now

# Rounds of (move the clock, run what is due) before giving up: a job that re-enqueues itself.
MAX_ROUNDS = 200


class InProcessWorker(HotlineWorker):
    """The hotline's worker (a SimpleWorker: failures stored as in production, numbers masked)
    without the command channel (whose thread takes a second to stop)."""

    def subscribe(self) -> None:
        """No pub/sub listener: nobody sends commands to a test worker."""


def move_due_jobs(connection: redis.Redis, until: dt.datetime | None = None) -> int:
    """Enqueue every scheduled job due at `until` (default: now); returns how many moved."""
    timestamp = int((until or now()).timestamp())
    moved = 0
    for rq_queue in queues.all_queues(connection):
        registry = ScheduledJobRegistry(queue=rq_queue)
        for job_id in registry.get_jobs_to_schedule(timestamp):
            registry.remove(job_id)
            job = Job.fetch(job_id, connection=connection)
            rq_queue.enqueue_job(job)
            moved += 1
    return moved


def next_scheduled(connection: redis.Redis) -> dt.datetime | None:
    """When the earliest scheduled job of any hotline queue is due (None: nothing scheduled)."""
    scores = []
    for rq_queue in queues.all_queues(connection):
        first = connection.zrange(ScheduledJobRegistry(queue=rq_queue).key, 0, 0, withscores=True)
        scores.extend(score for _, score in first)
    return dt.datetime.fromtimestamp(min(scores), dt.UTC) if scores else None


def _time_passes(clock: ProcessClock, connection: redis.Redis, until: dt.datetime) -> None:
    """Move the clock forward to the next scheduled job, or to `until` if that comes first."""
    due = next_scheduled(connection)
    clock.advance_to(min(due, until) if due else until)


def drain(
    connection: redis.Redis,
    until: dt.datetime | None = None,
    clock: ProcessClock | None = None,
    logging_level: str = "WARNING",
) -> int:
    """Run queued and due jobs until none is left (up to `until`); returns how many jobs ran.

    With a `clock`, time passes up to `until`, each job running at its time; without one,
    `until` only decides which scheduled jobs are due.
    """
    ran = 0
    for _ in range(MAX_ROUNDS):
        horizon = until if clock is None or until is None else min(until, now())
        move_due_jobs(connection, horizon)
        queued = sum(len(q) for q in queues.all_queues(connection))
        if queued:
            worker = InProcessWorker(queues.all_queues(connection), connection=connection)
            worker.work(burst=True, with_scheduler=False, logging_level=logging_level)
            ran += queued
        elif until is None or clock is None or now() >= until:
            return ran
        else:  # nothing left now: on to the next scheduled job
            _time_passes(clock, connection, until)
    raise RuntimeError(f"jobs still queued after {MAX_ROUNDS} rounds (a job re-enqueues itself?)")
