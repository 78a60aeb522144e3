"""RQ queue names, in the priority order workers serve them.

Replies and staff alerts must never wait behind a 100,000-recipient broadcast, so each kind of
work has its own queue and a worker always drains the earlier ones first.
"""

from __future__ import annotations

import redis
from rq import Queue

URGENT = "urgent"  # staff alerts, callback notices, one-off sends, lease expiry
REMINDERS = "reminders"  # workshop reminders and notices
BROADCASTS = "broadcasts"  # coordinator broadcasts
MAINTENANCE = "maintenance"  # retention sweeps and other housekeeping
PRIORITY = (URGENT, REMINDERS, BROADCASTS, MAINTENANCE)


def queue(connection: redis.Redis, name: str = URGENT) -> Queue:
    """One of the hotline's queues on an RQ (bytes) connection."""
    if name not in PRIORITY:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=connection)


def all_queues(connection: redis.Redis) -> list[Queue]:
    """Every queue, most urgent first: the order a worker listens in."""
    return [Queue(name, connection=connection) for name in PRIORITY]
