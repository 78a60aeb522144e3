"""Helpers for tests that start real worker processes on the test Redis."""

from __future__ import annotations

import os
from pathlib import Path

from tests.clock import child_environment
from tests.conftest import ENCRYPTION_KEY


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
