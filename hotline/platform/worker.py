"""The RQ worker the hotline runs: no fork per job, and quick recovery of killed workers' jobs.

Our jobs are short, take ids and are idempotent, so forking a work horse per job (RQ's default
`Worker`) costs more than the job itself. `HotlineWorker` is an RQ `SimpleWorker` (jobs run in
the worker process; timeouts still apply through SIGALRM), tuned so that a job whose worker was
killed (SIGKILL, OOM, lost machine) is retried within about two minutes:

- a started job's entry in the StartedJobRegistry expires `send_job_timeout + HEARTBEAT_GRACE`
  seconds after it started (a SimpleWorker cannot heartbeat during a job, so this bounds it);
- every worker runs RQ's maintenance (which retries expired, "abandoned" jobs that have retries
  left) every `worker_maintenance_interval` seconds, even when idle: the worker TTL is kept
  just above the interval, so an idle worker's blocking dequeue wakes up in time;
- the retry then waits its first backoff interval (5 s) in the scheduler.

With the defaults (30 s, 15 s, 20 s) a killed job runs again after at most about
30 + 15 + 2 x 20 + 5 = 90 seconds. The send job reconciles with Twilio before resending.

A failed job's exception text and traceback are kept in RQ's failed-job registry for
`outbound.FAILURE_TTL` (30 days): the worker masks every phone number in them first
(`privacy.scrub`), whatever raised; the send job's own errors already name none.
"""

from __future__ import annotations

from rq import Queue, SimpleWorker
from rq.executions import Execution
from rq.job import Job

from hotline.platform import queues, store
from hotline.platform.config import Settings
from hotline.platform.privacy import scrub

HEARTBEAT_GRACE = 15  # seconds beyond a job's timeout before it counts as abandoned
MIN_WORKER_TTL = 20


class HotlineWorker(SimpleWorker):
    """A SimpleWorker whose started jobs count as abandoned soon after their timeout."""

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        """How long a started job stays "alive" without news from its worker."""
        if job.timeout is None or job.timeout < 0:
            return super().get_heartbeat_ttl(job, working_time)
        return int(job.timeout) + HEARTBEAT_GRACE

    def handle_job_failure(
        self,
        job: Job,
        queue: Queue,
        started_job_registry: object = None,
        exc_string: str = "",
        execution: Execution | None = None,
    ) -> None:
        """RQ's failure handling, with every number in the stored exception text masked."""
        super().handle_job_failure(
            job, queue, started_job_registry, exc_string=scrub(exc_string), execution=execution
        )


def recovery_bound(settings: Settings) -> int:
    """Seconds after which, at the latest, the job of a killed worker runs again."""
    first_retry = 5
    return settings.send_job_timeout + HEARTBEAT_GRACE + 2 * maintenance(settings) + first_retry


def maintenance(settings: Settings) -> int:
    """The maintenance interval (abandoned-job recovery), at least 1 s."""
    return max(1, settings.worker_maintenance_interval)


def build(settings: Settings, queue_names: tuple[str, ...] = queues.PRIORITY) -> HotlineWorker:
    """A worker on the hotline queues, most urgent first."""
    connection = store.connect(settings.redis_url, decode=False)
    interval = maintenance(settings)
    return HotlineWorker(
        [queues.queue(connection, name) for name in queue_names],
        connection=connection,
        maintenance_interval=interval,
        worker_ttl=max(MIN_WORKER_TTL, interval + 15),  # dequeue blocks worker_ttl - 15 s
        job_monitoring_interval=interval,
    )


def run(settings: Settings, *, burst: bool = False, max_jobs: int | None = None) -> bool:
    """Work the queues with the scheduler (retries, deferred sends); burst drains and exits."""
    worker = build(settings)
    worker.log_job_description = False
    # RQ logs three lines per job at INFO; at hundreds of jobs a second that is a large part of
    # the cost, so RQ's own loggers report warnings and errors only (ours keep INFO).
    return worker.work(burst=burst, with_scheduler=True, logging_level="WARNING", max_jobs=max_jobs)
