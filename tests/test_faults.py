"""Faults, with real processes: killed workers, a Redis restart, redelivered webhooks, Twilio
errors in bursts. Each test states what must hold afterwards: nothing lost, nothing twice.

Waiting is bounded (`wait_for` gives up after a generous limit so a broken build fails instead
of hanging) but nothing asserts on how long anything took.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hotline import broadcasts, outbound, queues, store
from tests.conftest import ENCRYPTION_KEY

ROOT = Path(__file__).resolve().parent.parent
RECIPIENTS = 2000


def worker_env(redis_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker process on the test Redis (outbox mode unless told)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TWILIO_", "HOTLINE_", "PUBLIC_BASE_URL", "REDIS_URL"))
    }
    env.update(
        REDIS_URL=redis_url,
        HOTLINE_ENV="testing",
        HOTLINE_ENCRYPTION_KEY=ENCRYPTION_KEY,
        HOTLINE_VAR_DIR=str(tmp_path / "var"),
        HOTLINE_QUIET_HOURS="",
        HOTLINE_WORKER_MAINTENANCE_INTERVAL="1",
        HOTLINE_SEND_TIMEOUT="5",
        **extra,
    )
    return env


def start_worker(env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    """`hotline worker` in its own process group (its scheduler child dies with it)."""
    output = log.open("ab") if log else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "hotline.cli.entry", "worker"],
        env=env,
        cwd=ROOT,
        stdout=output,
        stderr=output,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the worker's whole process group and reap it."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=60)


def wait_for(condition, limit: float = 300.0) -> bool:
    """Poll `condition` until it holds; False after `limit` seconds (a liveness bound only)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def add_texters(services, count: int) -> dict[str, str]:
    """`count` texters who wrote recently, with stored (encrypted) numbers; texter_id -> number."""
    now = services.clock().timestamp()
    numbers = {}
    pipe = services.redis.pipeline(transaction=False)
    for n in range(count):
        number = f"+3247{n:07d}"
        texter_id = services.privacy.texter_id(number)
        numbers[texter_id] = number
        record = {"phone": services.privacy.encrypt(number), "channel": "sms", "lang": "fr"}
        pipe.hset(store.texter(texter_id), mapping={**record, "last_inbound": now})
        pipe.zadd(store.texters_by_last_inbound(), {texter_id: now})
    pipe.execute()
    return numbers


def broadcast_records(services) -> list[dict]:
    """Every outbound record of purpose broadcast."""
    pattern = store.outbound("*")
    keys = [k for k in services.redis.scan_iter(match=pattern, count=1000) if k.count(":") == 2]
    pipe = services.redis.pipeline(transaction=False)
    for key in keys:
        pipe.hgetall(key)
    return [r for r in pipe.execute() if r.get("purpose") == "broadcast"]


def queues_idle(services) -> bool:
    """No job waiting, running or scheduled on the hotline's sending queues.

    (The maintenance queue always holds tomorrow's retention sweep.)
    """
    for name in (queues.URGENT, queues.REMINDERS, queues.BROADCASTS):
        rq_queue = queues.queue(services.rq_redis, name)
        registries = (rq_queue.started_job_registry, rq_queue.scheduled_job_registry)
        # cleanup=False: observe only (a cleanup here would itself retry abandoned jobs)
        if len(rq_queue) or any(r.get_job_count(cleanup=False) for r in registries):
            return False
    return True


def describe_jobs(services) -> str:
    """The state of every queue and registry, for a failure message."""
    lines = []
    for rq_queue in queues.all_queues(services.rq_redis):
        registries = {
            "scheduled": rq_queue.scheduled_job_registry,
            "started": rq_queue.started_job_registry,
            "failed": rq_queue.failed_job_registry,
        }
        for name, registry in registries.items():
            for job_id in registry.get_job_ids():
                job = rq_queue.fetch_job(job_id)
                results = [(r.type.name, (r.exc_string or "")[-300:]) for r in job.results()]
                lines.append(f"{rq_queue.name} {name} {job.func_name}{job.args} {results}")
    return "\n".join(lines)


@pytest.mark.slow
def test_worker_killed_mid_broadcast_every_recipient_gets_exactly_one(
    services, redis_server, tmp_path
):
    numbers = add_texters(services, RECIPIENTS)
    message = broadcasts.Message(texts={"fr": "SOLEA: atelier santé lundi à 17h."})
    broadcast_id, preview = broadcasts.create(services, "recent:30", message)
    assert preview.total_recipients == RECIPIENTS
    env = worker_env(redis_server.url, tmp_path, HOTLINE_SMS_RATE="400")
    broadcasts.confirm(services, broadcast_id)

    rescuer = start_worker(env)  # holds the scheduler: retries of the dead one's jobs run
    doomed = start_worker({**env, "HOTLINE_TEST_PAUSE_AFTER_SEND": "0.05"})  # mostly mid-send
    try:
        try:
            assert wait_for(lambda: services.redis.zcard(store.outbox()) >= RECIPIENTS // 5)
        finally:
            stop(doomed, signal.SIGKILL)
        assert services.redis.zcard(store.outbox()) < RECIPIENTS  # it died mid-broadcast
        finished = wait_for(
            lambda: broadcasts.status(services, broadcast_id) == broadcasts.DONE
            and queues_idle(services)
            and services.redis.zcard(store.outbox()) >= RECIPIENTS
        )
    finally:
        stop(rescuer)
    assert finished

    records = broadcast_records(services)
    per_texter = collections.Counter(r["texter_id"] for r in records)
    assert set(per_texter) == set(numbers)
    assert set(per_texter.values()) == {1}
    stuck = [r for r in records if r["status"] != outbound.SENT]
    assert stuck == [], describe_jobs(services)
    assert services.redis.zcard(store.outbox()) == RECIPIENTS
