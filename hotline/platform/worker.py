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

RQ runs the scheduler (which moves due scheduled jobs and retries to their queues) in a child
process of the worker. A worker killed with SIGKILL cannot stop it, so RQ's child would keep
running, orphaned, holding the scheduler locks. `HotlineScheduler` watches its parent: within a
second of the worker's death it releases its locks and exits, and another worker's scheduler
takes over.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

import redis
from rq import Queue, SimpleWorker
from rq.executions import Execution
from rq.job import Job
from rq.scheduler import RQScheduler
from rq.worker import BaseWorker

from hotline.platform import queues, store
from hotline.platform.config import Settings
from hotline.platform.privacy import scrub

HEARTBEAT_GRACE = 15  # seconds beyond a job's timeout before it counts as abandoned
MIN_WORKER_TTL = 20


class HotlineScheduler(RQScheduler):
    """RQ's scheduler, but it stops (releasing its locks) when the worker that forked it dies."""

    def start(self) -> BaseProcess:
        """Fork the scheduler process, remembering who its parent is."""
        self.parent_pid = os.getpid()
        return super().start()

    def heartbeat(self) -> None:
        """Once per scheduler loop: stop when orphaned, else refresh the locks as RQ does."""
        if os.getppid() != self.parent_pid:
            self.log.warning("scheduler: its worker is gone; stopping")
            self.request_stop()
            return
        super().heartbeat()

    def enqueue_scheduled_jobs(self) -> None:
        """Move due jobs to their queues, unless a stop was asked for."""
        if not self._stop_requested:
            super().enqueue_scheduled_jobs()


class HotlineWorker(SimpleWorker):
    """A SimpleWorker whose started jobs count as abandoned soon after their timeout, and whose
    scheduler process dies with it."""

    def _start_scheduler(
        self, burst: bool = False, logging_level: str | None = "INFO", *args: str, **kwargs: str
    ) -> None:
        """RQ's own in burst mode (no child process); otherwise a `HotlineScheduler` child,
        which RQ's maintenance also restarts if it dies."""
        if burst:
            return super()._start_scheduler(burst, logging_level, *args, **kwargs)
        self.scheduler = HotlineScheduler(
            self.queues,
            connection=self.connection,
            logging_level=logging_level or self.log.level,
            serializer=self.serializer,
        )
        self.scheduler.acquire_locks(auto_start=True)
        return None

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


@dataclass(frozen=True)
class WorkerSeen:
    """One live worker as RQ records it (for /healthz and `hotline worker --check`)."""

    name: str
    hostname: str
    pid: int | None
    state: str
    queues: tuple[str, ...]
    last_heartbeat: dt.datetime | None

    def heartbeat_age(self, now: dt.datetime) -> float | None:
        """Seconds since the worker last said it was alive."""
        if self.last_heartbeat is None:
            return None
        return (now - self.last_heartbeat).total_seconds()


def alive(connection: redis.Redis, this_host: bool = False) -> list[WorkerSeen]:
    """The workers alive on this Redis (`connection` with decode=False, as RQ needs).

    A worker's RQ key expires `worker_ttl` seconds after its last heartbeat (about 35 s here;
    longer while it runs a job), so a killed or stopped worker drops out of this list by itself.
    `this_host`: only those on this machine (a container's own worker).
    """
    seen = [_seen(worker) for worker in HotlineWorker.all(connection=connection)]
    host = socket.gethostname()
    return [w for w in seen if w.hostname == host] if this_host else seen


def _seen(worker: BaseWorker) -> WorkerSeen:
    return WorkerSeen(
        name=worker.name,
        hostname=worker.hostname or "",
        pid=worker.pid,
        state=str(worker.get_state()),
        queues=tuple(worker.queue_names()),
        last_heartbeat=worker.last_heartbeat,
    )
