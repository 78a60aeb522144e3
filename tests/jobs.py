"""Run the hotline's RQ jobs inside the test process (used by the `run_jobs` fixture).

Jobs run on the hotline's worker class (an RQ `SimpleWorker`) in burst mode (no fork), against
the test Redis, after `workers.use(services)` so they see the test services. Scheduled jobs
(retries with backoff, `send_at`, quiet-hours deferrals) are moved to their queues first when
they are due, exactly as the RQ scheduler would; `until` lets a test pretend that time has
passed.
"""

from __future__ import annotations

import datetime as dt

import redis
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from hotline.platform import queues
from hotline.platform.worker import HotlineWorker

MAX_ROUNDS = 50


class InProcessWorker(HotlineWorker):
    """The hotline's worker (a SimpleWorker: failures stored as in production, numbers masked)
    without the command channel (whose thread takes a second to stop)."""

    def subscribe(self) -> None:
        """No pub/sub listener: nobody sends commands to a test worker."""


def move_due_jobs(connection: redis.Redis, until: dt.datetime | None = None) -> int:
    """Enqueue every scheduled job due at `until` (default: now); returns how many moved."""
    timestamp = int((until or dt.datetime.now(dt.UTC)).timestamp())
    moved = 0
    for rq_queue in queues.all_queues(connection):
        registry = ScheduledJobRegistry(queue=rq_queue)
        for job_id in registry.get_jobs_to_schedule(timestamp):
            registry.remove(job_id)
            job = Job.fetch(job_id, connection=connection)
            rq_queue.enqueue_job(job)
            moved += 1
    return moved


def drain(connection: redis.Redis, until: dt.datetime | None = None) -> int:
    """Run queued and due jobs until none is left; returns how many jobs ran."""
    ran = 0
    for _ in range(MAX_ROUNDS):
        move_due_jobs(connection, until)
        queued = sum(len(q) for q in queues.all_queues(connection))
        if not queued:
            return ran
        worker = InProcessWorker(queues.all_queues(connection), connection=connection)
        worker.work(burst=True, with_scheduler=False, logging_level="WARNING")
        ran += queued
    raise RuntimeError(f"jobs still queued after {MAX_ROUNDS} rounds (a job re-enqueues itself?)")
