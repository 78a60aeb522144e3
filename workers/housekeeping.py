"""The housekeeping job (see `hotline.housekeeping`): schedule the next run, then sweep."""

from __future__ import annotations

import logging

from hotline import callbacks, outbound, workshops
from hotline.platform import housekeeping, persistence
from workers import services as process_services

log = logging.getLogger("hotline.platform.housekeeping")


def run() -> dict[str, dict]:
    """Reschedule first (an error below must not break the chain), then expire callbacks and
    release lost leases, reconcile outbound records left `sending`, re-create missing future
    reminders, and have Redis rewrite its files once a day (erased data leaves the disk);
    returns counts only.

    Errors raise (RQ retries the run once; the next slot runs anyway).
    """
    services = process_services()
    housekeeping.schedule(services.rq_redis, services.settings, services.clock())
    swept = callbacks.sweep(services)
    done: dict[str, dict] = {"callbacks": {name: len(refs) for name, refs in swept.items()}}
    done["outbound"] = outbound.sweep.sweep(services)
    done["reminders"] = {"restored": len(workshops.restore_missing_reminders(services))}
    done["disk"] = persistence.compact_if_due(services.redis)
    log.info("housekeeping: %s", done)
    return done
