"""The send job: the only place a `Sender` is called.

`send_message(message_id)` loads the saved record and brings it forward in its lifecycle (see
`hotline.outbound`). It is idempotent: a message already sent (or skipped, or failed) is left
alone, and an attempt whose outcome is unknown is reconciled with the provider before any resend.
"""

from __future__ import annotations

import json
import logging

from hotline import outbound, senders, texters
from hotline.services import Services
from workers import services as process_services

log = logging.getLogger("hotline.sending")


def send_message(message_id: str) -> str:
    """Send one saved outbound message; returns the status it ended in."""
    services = process_services()
    record = outbound.load(services.redis, message_id)
    if not record:
        log.warning("outbound %s: no record (expired?)", message_id)
        return "missing"
    if record["status"] in outbound.DONE:
        return record["status"]
    if record.get("unsolicited") and texters.is_opted_out(services.redis, record["texter_id"]):
        outbound.advance(services.redis, message_id, outbound.SKIPPED, reason="opted_out")
        return outbound.SKIPPED
    return _deliver(services, record)


def _deliver(services: Services, record: dict) -> str:
    channel = record["channel"]
    message = senders.Outgoing(
        message_id=record["id"],
        to=outbound.recipient(services, record),
        channel=channel,
        body=_text(services, record, channel),
    )
    sender = sender_for(services)
    outbound.advance(services.redis, record["id"], outbound.SENDING)
    outbound.update(services.redis, record["id"], sent_channel=channel, text=message.body)
    accepted = sender.send(message)
    outbound.advance(services.redis, record["id"], outbound.SENT, sid=accepted.sid)
    return outbound.SENT


def _text(services: Services, record: dict, channel: str) -> str:
    if record.get("body"):
        return record["body"]
    fields = json.loads(record.get("fields") or "{}")
    return services.content.render(
        record["topic"], record.get("message") or "answer", record["language"], channel, **fields
    )


def sender_for(services: Services) -> senders.Sender:
    """The process's sender (tests may put one in `services.extras["sender"]`)."""
    sender = services.extras.get("sender")
    if sender is None:
        sender = senders.for_settings(services.settings, services.redis)
        services.extras["sender"] = sender
    return sender  # type: ignore[return-value]
