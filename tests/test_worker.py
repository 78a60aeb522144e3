"""Real worker processes: `hotline worker --burst` drains and exits; a worker SIGKILLed between
Twilio's answer and the status write is recovered by another worker without a second message."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hotline.outbound import messages as outbound
from hotline.platform import queues, worker
from hotline.platform.config import Settings
from tests.fake_twilio import ACCOUNT_SID, AUTH_TOKEN
from tests.processes import worker_env

ROOT = Path(__file__).resolve().parent.parent
NUMBER = "+32470123456"


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hotline.cli.entry", "worker", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the scheduler child dies with it
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_recovery_bound_is_about_two_minutes():
    assert worker.recovery_bound(Settings()) <= 120


@pytest.mark.slow
def test_burst_worker_drains_and_exits(services, redis_server, tmp_path):
    for n in range(3):
        outbound.queue(
            services,
            outbound.OutboundRequest(
                to=NUMBER, channel="sms", purpose="t", idempotency_key=f"k{n}", body=f"Message {n}"
            ),
        )
    process = start_worker(worker_env(redis_server.url, tmp_path), "--burst")
    assert process.wait(timeout=60) == 0
    assert len(outbound.outbox(services)) == 3


@pytest.mark.slow
def test_worker_killed_after_twilio_answered_sends_once(services, redis_server, tmp_path,
                                                         fake_twilio):  # fmt: skip
    services.settings = dataclasses.replace(services.settings, send_job_timeout=5)
    twilio = {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_API_BASE_URL": fake_twilio.url,
        "TWILIO_SMS_FROM": "+32460000000",
        "HOTLINE_WORKER_MAINTENANCE_INTERVAL": "1",
    }
    env = worker_env(redis_server.url, tmp_path, **twilio)
    doomed = start_worker({**env, "HOTLINE_TEST_PAUSE_AFTER_SEND": "60"})
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel="sms", purpose="t", idempotency_key="kill", body="Rendez-vous lundi"
        ),
    )
    try:
        assert wait_for(lambda: len(fake_twilio.accepted) == 1, timeout=60)
    finally:
        stop(doomed, signal.SIGKILL)  # between Twilio's answer and our write
    record = outbound.load(services.redis, message_id)
    assert record.status == outbound.SENDING and record.attempt_state == "pending"

    rescuer = start_worker(env)
    try:
        recovered = wait_for(
            lambda: outbound.load(services.redis, message_id).status == outbound.SENT,
            timeout=150,
        )
    finally:
        stop(rescuer)
    assert recovered
    assert len(fake_twilio.accepted) == 1 and len(fake_twilio.requests) == 1
    assert outbound.get(services, message_id)["sid"] == fake_twilio.accepted[0]["sid"]


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _scheduler_pid(services) -> int:
    """The pid of the scheduler process holding the urgent queue's lock, or 0."""
    from rq.scheduler import RQScheduler

    name = services.rq_redis.get(RQScheduler.get_locking_key(queues.URGENT))
    if not name:
        return 0
    pid = services.rq_redis.hget(f"rq:scheduler:{name.decode()}", "pid")
    return int(pid or 0)


@pytest.mark.slow
def test_a_worker_killed_with_sigkill_takes_its_scheduler_with_it(services, redis_server, tmp_path):
    process = start_worker(worker_env(redis_server.url, tmp_path))
    try:
        assert wait_for(lambda: _scheduler_pid(services), timeout=60)
        scheduler = _scheduler_pid(services)
        assert scheduler != process.pid and _alive(scheduler)
        os.kill(process.pid, signal.SIGKILL)  # the worker alone, as the OOM killer would
        process.wait(timeout=30)
        assert wait_for(lambda: not _alive(scheduler), timeout=30), "scheduler left running"
        assert wait_for(lambda: not _scheduler_pid(services), timeout=10)  # its locks released
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever is left of its process group
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
