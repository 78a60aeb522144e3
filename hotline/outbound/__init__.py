"""Everything sent outside the webhook reply: queue a message (saved first, then one RQ job),
its lifecycle and Twilio's status callbacks (status), the senders (Twilio or outbox), pacing,
quiet hours, WhatsApp's 24-hour window and templates, and batched sends.
"""

from __future__ import annotations

from hotline.outbound.messages import (
    DONE,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    SKIPPED,
    OutboundError,
    advance,
    enqueue,
    is_unusable,
    load,
    mark_unusable,
    outbox,
    queue,
    queue_to_texter,
    recipient,
    record_accepted,
    record_attempt,
    record_status,
    update,
)
from hotline.outbound.status import CANCELLED

# isort: split
# facets last: they may import modules that import the names above
from hotline.outbound import (
    batch,
    delivery_reports,
    destinations,
    pacing,
    quiet_hours,
    senders,
    status,
    whatsapp,
)

__all__ = [
    "CANCELLED",
    "DONE",
    "FAILED",
    "QUEUED",
    "SENDING",
    "SENT",
    "SKIPPED",
    "OutboundError",
    "advance",
    "batch",
    "delivery_reports",
    "destinations",
    "enqueue",
    "is_unusable",
    "load",
    "mark_unusable",
    "outbox",
    "pacing",
    "queue",
    "queue_to_texter",
    "quiet_hours",
    "recipient",
    "record_accepted",
    "record_attempt",
    "record_status",
    "senders",
    "status",
    "update",
    "whatsapp",
]
