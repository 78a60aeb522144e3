"""Coordinator broadcasts: create, preview, confirm, progress and cancel (lifecycle; the stored
`Broadcast` with its `Message` and `Preview` in records), planning the recipients in batches
(planner), who receives them (audiences) and the topics texters chose to follow
(subscriptions). Sends only through `hotline.outbound`.
"""

from __future__ import annotations

from hotline.broadcasts.lifecycle import (
    CANCELLED,
    SCHEDULED,
    BroadcastError,
    all_broadcasts,
    cancel,
    cancellable,
    confirm,
    create,
    get,
    is_cancelled,
    message_from,
    message_of,
    progress,
    progress_of,
)
from hotline.broadcasts.records import Broadcast, Message, Preview

# isort: split
# facets last: they may import modules that import the names above
from hotline.broadcasts import audiences, planner, subscriptions

__all__ = [
    "CANCELLED",
    "SCHEDULED",
    "Broadcast",
    "BroadcastError",
    "Message",
    "Preview",
    "all_broadcasts",
    "audiences",
    "cancel",
    "cancellable",
    "confirm",
    "create",
    "get",
    "is_cancelled",
    "message_from",
    "message_of",
    "planner",
    "progress",
    "progress_of",
    "subscriptions",
]
