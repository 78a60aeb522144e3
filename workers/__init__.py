"""RQ job functions. Jobs take ids, are idempotent, and let errors raise so RQ retries them.

Jobs run in worker processes that have no Flask app: `services()` builds the process services
once from the environment (the same wiring as the web app). Tests running jobs in-process call
`use(services)` first so jobs see the test database.
"""

from __future__ import annotations

from hotline.platform import Services, Settings
from hotline.wiring import build

_process_services: Services | None = None


def services() -> Services:
    """The services of this worker process, built on first use."""
    global _process_services
    if _process_services is None:
        _process_services = build(Settings.from_env())
    return _process_services


def use(services: Services | None) -> None:
    """Make jobs in this process use `services` (tests); None forgets them."""
    global _process_services
    _process_services = services
