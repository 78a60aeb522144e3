"""The send rules: the only place a `Sender` is called (through hotline/outbound/attempts.py).

`send_message(services, message_id, gates)` — run by the send job (`workers.sending`) — loads
the saved record and brings it forward in its lifecycle (see `hotline.outbound`). It is
idempotent and never sends a message twice:

- a message already `sent` (or beyond, or skipped, or failed) is left alone;
- a broadcast's message whose broadcast was cancelled is skipped ("cancelled") before any
  pacing, deferral or attempt, so a cancel reaches messages already handed to outbound;
- an SMS to a country outside HOTLINE_SMS_COUNTRIES is skipped ("country"), also when a
  WhatsApp message falls back to SMS (hotline/outbound/destinations.py: SMS pumping);
- unsolicited messages wait for the end of quiet hours, and every message past the daily cap
  waits for the next day (a new job, its time recorded first);
- a job that finds a pending attempt (its worker was killed between recording the attempt and
  the provider's answer) first asks the provider whether that attempt arrived and only resends
  when it did not (hotline/outbound/attempts.py, which also holds the error rules).

The final channel, template and text are decided at send time (hotline/outbound/outgoing.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from hotline import texters
from hotline.outbound import destinations, quiet_hours
from hotline.outbound import messages as outbound
from hotline.outbound.attempts import (
    IN_BATCH,
    MISSING,
    PENDING,
    HandOff,
    accepted_by_provider,
    attempt,
    earlier_attempt,
)
from hotline.outbound.outgoing import plan
from hotline.outbound.records import OutboundMessage
from hotline.outbound.status import CANCELLED
from hotline.platform import SMS, Services

log = logging.getLogger("hotline.sending")

DEFERRED = "deferred"
HANDED_OFF = "handed_off"


@dataclass(frozen=True)
class Gates:
    """The checks of layers above outbound that every send passes, handed in by the send job.

    Outbound sits below the broadcasts and the abuse guard (the layers in pyproject.toml), which
    both queue through it, so it cannot ask them itself: the job (workers/sending.py) gives it
    their functions.
    """

    # (services, broadcast id): True once the broadcast was cancelled (hotline.broadcasts)
    broadcast_cancelled: Callable[[Services, str], bool]
    # (services, message id, purpose): False past the daily outbound cap (conversation.abuse)
    admit: Callable[[Services, str, str], bool]
    # (services): when the daily cap resets, and a message over it may go
    cap_resets: Callable[[Services], dt.datetime]


def send_batch(services: Services, message_ids: list[str], gates: Gates) -> dict[str, str]:
    """Send several saved messages in one job (see hotline/outbound/batch.py).

    Each message goes through exactly the rules of `send_message`; one that must be retried or
    failed visibly is handed off to its own `send_message` job instead of failing the batch.
    """
    token = IN_BATCH.set(True)
    results: dict[str, str] = {}
    try:
        for message_id in message_ids:
            try:
                results[message_id] = send_message(services, message_id, gates)
            except HandOff as handoff:
                later = services.clock() + dt.timedelta(seconds=handoff.delay)
                outbound.enqueue(services, message_id, not_before=later)
                results[message_id] = HANDED_OFF
    finally:
        IN_BATCH.reset(token)
    return results


def send_message(services: Services, message_id: str, gates: Gates) -> str:
    """Send one saved outbound message; returns the status it ended in (or deferred/missing)."""
    record = outbound.load(services.redis, message_id)
    if record is None:
        log.warning("outbound %s: no record (expired?)", message_id)
        return MISSING
    if record.status in outbound.DONE:
        return record.status
    if record.sid:  # the status callback told us the provider accepted it
        outbound.advance(services.redis, message_id, outbound.SENT)
        return outbound.SENT
    skip = skip_reason(services, record, gates)
    if skip:
        outbound.advance(services.redis, message_id, outbound.SKIPPED, reason=skip)
        return outbound.SKIPPED
    if _deferred(services, record) or over_daily_cap(services, record, gates):
        return DEFERRED
    if record.attempt_state == PENDING and _reconciled(services, record):
        return outbound.SENT
    if record.attempt_state == PENDING and broadcast_cancelled(services, record, gates):
        outbound.advance(services.redis, message_id, outbound.SKIPPED, reason=CANCELLED)
        return outbound.SKIPPED  # its earlier attempt never arrived: not sent after a cancel
    return attempt(services, record, plan(services, record))


def skip_reason(services: Services, record: OutboundMessage, gates: Gates) -> str:
    """Why nothing may be sent: an unusable number, an SMS to a country outside the allow-list
    (hotline/outbound/destinations.py), or an opt-out for unsolicited messages."""
    if outbound.is_unusable(services.redis, record.texter_id):
        return "unusable"
    if record.channel == SMS and not _sms_allowed(services, record):
        return destinations.SKIP_REASON
    if record.unsolicited and texters.is_opted_out(services.redis, record.texter_id):
        return "opted_out"
    if record.attempt_state != PENDING and broadcast_cancelled(services, record, gates):
        return CANCELLED  # (a pending attempt may have arrived: reconciled first)
    return ""


def _sms_allowed(services: Services, record: OutboundMessage) -> bool:
    return destinations.sms_allowed(services.settings, outbound.recipient(services, record))


def broadcast_cancelled(services: Services, record: OutboundMessage, gates: Gates) -> bool:
    """A broadcast's message is not sent once its broadcast is cancelled, even if its job was
    handed over long before (deferred past quiet hours, or waiting behind a paced backlog)."""
    return bool(record.broadcast_id) and gates.broadcast_cancelled(services, record.broadcast_id)


def _deferred(services: Services, record: OutboundMessage) -> bool:
    """Unsolicited messages due inside quiet hours wait for their end (a new scheduled job, its
    id and time recorded first: the sweep leaves the message alone until then)."""
    if not record.unsolicited:
        return False
    settings = services.settings
    ends = quiet_hours.end_of_quiet(services.clock(), settings.quiet_hours, settings.timezone)
    if ends is None:
        return False
    outbound.enqueue(services, record.id, not_before=ends, deferred_until=ends.isoformat())
    return True


def over_daily_cap(services: Services, record: OutboundMessage, gates: Gates) -> bool:
    """Abuse hook (hotline/conversation/abuse.py): past the daily outbound cap, the message waits a
    day."""
    if gates.admit(services, record.id, record.purpose):
        return False
    resume = gates.cap_resets(services)
    outbound.enqueue(services, record.id, not_before=resume, deferred_until=resume.isoformat())
    return True


def _reconciled(services: Services, record: OutboundMessage) -> bool:
    """True when the pending attempt of a killed job reached the provider (now recorded)."""
    found = earlier_attempt(services, record)
    if found is None:
        log.info("outbound %s: earlier attempt never arrived, sending again", record.id)
        return False
    log.info("outbound %s: earlier attempt had arrived, not resending", record.id)
    accepted_by_provider(services, record.id, found)
    return True
