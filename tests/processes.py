"""Helpers for tests that start real web and worker processes on the test Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.clock import child_environment
from tests.conftest import ENCRYPTION_KEY

ROOT = Path(__file__).resolve().parent.parent


def worker_env(redis_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker process on the test Redis: outbox mode, no stray settings.

    When the test process runs on a moved clock (HOTLINE_TEST_NOW), the worker runs on it too.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TWILIO_", "HOTLINE_", "PUBLIC_BASE_URL", "REDIS_URL"))
    }
    env.update(
        REDIS_URL=redis_url,
        HOTLINE_ENV="testing",
        HOTLINE_ENCRYPTION_KEY=ENCRYPTION_KEY,
        HOTLINE_VAR_DIR=str(tmp_path / "var"),
        HOTLINE_QUIET_HOURS="",
    )
    env.update(extra)
    return child_environment(env)


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """`python -m hotline ARGS` in its own process group, stdout and stderr into `log`."""
    with log.open("ab") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "hotline", *args],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the whole process group (gunicorn's workers, the worker's scheduler) and reap it."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=60)


def wait_until(condition, limit: float = 120.0) -> bool:
    """Poll `condition` until it holds; False after `limit` seconds (a liveness bound only)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return bool(condition())


def answers(url: str) -> bool:
    """True once an HTTP server answers 200 at `url`."""
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
