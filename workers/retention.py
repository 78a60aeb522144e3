"""The daily retention sweep job (see `hotline.retention`): purge, then schedule tomorrow's."""

from __future__ import annotations

import logging

from hotline.retention import sweeper as retention
from workers import services as process_services

log = logging.getLogger("hotline.retention.sweeper")


def sweep() -> dict[str, int]:
    """Purge old callback notes, registration lists, forgotten subscriptions; reschedule."""
    services = process_services()
    purged = retention.sweep(services)
    log.info("retention sweep: %s", purged)
    retention.schedule_sweep(services.rq_redis, services.settings, services.clock())
    return purged
