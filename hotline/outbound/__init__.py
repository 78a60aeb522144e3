"""Everything sent outside the webhook reply: queue a message (an `OutboundRequest`, saved
first as an `OutboundMessage` record, then one RQ job), its lifecycle and Twilio's status
callbacks (status), the send rules the job follows (delivery: never twice, skips, deferrals;
attempts: the provider call and its error codes; outgoing: the final channel, template and
text), the senders (Twilio or outbox), pacing, quiet hours, WhatsApp's 24-hour window and
templates, menus people can tap (whatsapp_menus: their shapes; whatsapp_templates: their
Content API templates, cached), batched sends, and the sweep that reconciles records a lost
job left behind (sweep).
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
    claimed,
    enqueue,
    is_unusable,
    mark_unusable,
    queue,
    queue_to_texter,
    record_accepted,
    record_attempt,
    record_status,
    update,
)
from hotline.outbound.records import OutboundMessage, OutboundRequest, load, outbox, recipient
from hotline.outbound.status import CANCELLED
from hotline.outbound.whatsapp_templates import Tappable

# isort: split
# facets last: they may import modules that import the names above
from hotline.outbound import (
    batch,
    delivery,
    delivery_reports,
    destinations,
    pacing,
    quiet_hours,
    senders,
    status,
    sweep,
    whatsapp,
    whatsapp_menus,
    whatsapp_templates,
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
    "OutboundMessage",
    "OutboundRequest",
    "Tappable",
    "advance",
    "batch",
    "claimed",
    "delivery",
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
    "sweep",
    "update",
    "whatsapp",
    "whatsapp_menus",
    "whatsapp_templates",
]
