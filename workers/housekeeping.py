"""The housekeeping job (see `hotline.housekeeping`): schedule the next run, then sweep."""

from __future__ import annotations

import logging

from hotline import callbacks
from hotline.platform import housekeeping
from workers import outbound_sweep
from workers import services as process_services

log = logging.getLogger("hotline.platform.housekeeping")


def run() -> dict[str, dict[str, int]]:
    """Reschedule first (an error below must not break the chain), then expire callbacks and
    release lost leases, then reconcile outbound records left `sending`; returns counts only.

    Errors raise (RQ retries the run once; the next slot runs anyway).
    """
    services = process_services()
    housekeeping.schedule(services.rq_redis, services.settings, services.clock())
    swept = callbacks.sweep(services)
    done = {"callbacks": {name: len(refs) for name, refs in swept.items()}}
    done["outbound"] = outbound_sweep.sweep(services)
    log.info("housekeeping: %s", done)
    return done
