"""Delivery reports (POST /twilio/status) and the errors Twilio reports late, acted on once.

Twilio refuses some messages at once (the send job's rules, hotline/outbound/attempts.py), but
through a Messaging Service, and for WhatsApp, the same errors arrive later, in a status
callback of a message it had accepted. The same rules apply to them, once per message however
often (and in whatever order) Twilio reports — "undelivered" then "failed" with the same code
is common:

- 21610 (the person sent STOP to their carrier): the texter is opted out;
- 21211, 21614 and the carriers' unknown-destination codes (30005 unknown handset, 30006
  landline or unreachable carrier): the number is marked unusable;
- 63016 (outside WhatsApp's 24-hour window): the message is sent again as the approved
  template, else as an SMS (a new outbound record, `late:<id>`, through the usual send job);
- 30007 (carrier filtering): a warning for staff in the log.

The report's `ErrorMessage` is kept on the record for staff, scrubbed of phone numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from hotline import texters
from hotline.outbound import messages as outbound
from hotline.outbound.records import OutboundMessage, OutboundRequest
from hotline.platform import SMS, WHATSAPP, Services, has_phone, queues, scrub, store

log = logging.getLogger("hotline.delivery")

OPTED_OUT = 21610
UNUSABLE = frozenset({21211, 21614, 30005, 30006})
FILTERED = 30007
OUTSIDE_WINDOW = 63016
LATE_STATUSES = frozenset({"failed", "undelivered"})
ERROR_TEXT_MAX = 200

# Claim the late error of one record (KEYS[1]) once: nothing if the record is gone (erased) or
# an earlier report claimed it; else store the code (ARGV[1]) and the scrubbed text (ARGV[2]).
_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'late_error', ARGV[1]) == 0 then return 0 end
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[2]) end
return 1
"""


@dataclass(frozen=True)
class Report:
    """One status callback, as Twilio posted it (see `from_form`)."""

    sid: str
    status: str
    error_code: str = ""
    error_message: str = ""
    message_id: str = ""  # our id, from the callback URL's `m=`

    @classmethod
    def from_form(cls, form: Mapping[str, str], args: Mapping[str, str]) -> Report:
        """The report in a callback's form and query string."""
        return cls(
            sid=form.get("MessageSid", "")[:64],
            status=form.get("MessageStatus", "")[:32],
            error_code=form.get("ErrorCode", "")[:16],
            error_message=form.get("ErrorMessage", ""),
            message_id=args.get("m", "")[:64],
        )


def receive(services: Services, report: Report) -> None:
    """Record the status (idempotent, never backwards), then act on a late error once."""
    client = services.redis
    message_id = report.message_id or cast(str, client.get(store.outbound_by_sid(report.sid)))
    message_id = message_id or ""
    outbound.record_status(
        client,
        sid=report.sid,
        provider_status=report.status,
        error_code=report.error_code,
        message_id=message_id,
    )
    code = _code(report.error_code)
    if message_id and code and report.status in LATE_STATUSES:
        _apply_once(services, message_id, code, report.error_message)


def _code(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


def _apply_once(services: Services, message_id: str, code: int, error_message: str) -> None:
    text = scrub(error_message)[:ERROR_TEXT_MAX]
    claimed = services.redis.eval(_CLAIM, 1, store.outbound(message_id), code, text)
    if not claimed:
        return
    record = outbound.load(services.redis, message_id)
    if record is not None:
        apply_rule(services, record, code)


def apply_rule(services: Services, record: OutboundMessage, code: int) -> None:
    """What an error code means for the texter and the message (see the module docstring)."""
    texter_id = record.texter_id
    if code == OPTED_OUT:
        texters.set_opted_out(services.redis, texter_id, True)
    elif code in UNUSABLE:
        outbound.mark_unusable(services.redis, texter_id)
    elif code == OUTSIDE_WINDOW and _sent_on(record) == WHATSAPP:
        resend_outside_window(services, record)
    elif code == FILTERED:
        log.warning(
            "outbound %s (%s): filtered by the carrier (30007), reported late",
            record.id,
            record.purpose,
        )


def _sent_on(record: OutboundMessage) -> str:
    return record.sent_channel or record.channel


def resend_outside_window(services: Services, record: OutboundMessage) -> str | None:
    """The message again, as the approved template for its purpose (else an SMS): a new record
    `late:<id>` through the usual send job, so every rule (opt-out, quiet hours) applies.

    A template that itself came back with 63016 goes out as an SMS; a WhatsApp user without a
    visible number gets nothing more (its SMS would be skipped anyway)."""
    to = outbound.recipient(services, record)
    channel = SMS if record.content_sid else WHATSAPP
    if channel == SMS and not has_phone(to):
        return None
    request = OutboundRequest(
        to=to,
        channel=channel,
        purpose=record.purpose or "late_fallback",
        idempotency_key=f"late:{record.id}",
        body=record.sms_body if channel == SMS and record.sms_body else record.body,
        topic="" if record.body else record.topic,
        message=record.message or "answer",
        fields=record.fields,
        language=record.language,
        texter_id=record.texter_id,
        queue_name=record.queue or queues.URGENT,
        unsolicited=record.unsolicited,
        outside_window=True,
    )
    return outbound.queue(services, request)
