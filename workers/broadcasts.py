"""RQ jobs for broadcasts: plan a confirmed broadcast, then send its batches.

Both take ids only and are idempotent: planning a broadcast that is no longer planning does
nothing, and each message of a batch has its own outbound idempotency key.
"""

from __future__ import annotations

import workers
from hotline.broadcasts import planner as broadcast_plan


def plan(broadcast_id: str) -> int:
    """Stream the audience into batches and schedule their jobs; returns the batch count."""
    return broadcast_plan.plan(workers.services(), broadcast_id)


def send_batch(broadcast_id: str, attempt: int, number: int) -> int:
    """Queue one batch's messages through outbound; returns how many were queued."""
    return broadcast_plan.send_batch(workers.services(), broadcast_id, int(attempt), int(number))
