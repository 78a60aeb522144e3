"""The send job: the only place a `Sender` is called.

`send_message(message_id)` loads the saved record and brings it forward in its lifecycle (see
`hotline.outbound`). It is idempotent and never sends a message twice:

- a message already `sent` (or beyond, or skipped, or failed) is left alone;
- a broadcast's message whose broadcast was cancelled is skipped ("cancelled") before any
  pacing, deferral or attempt, so a cancel reaches messages already handed to outbound;
- an SMS to a country outside HOTLINE_SMS_COUNTRIES is skipped ("country"), also when a
  WhatsApp message falls back to SMS (hotline/outbound/destinations.py: SMS pumping);
- every attempt is recorded (`attempt_state=pending`, channel, text) BEFORE the provider is
  called, and the provider's SID right after. A job that finds a pending attempt (its worker
  was killed between the two writes) first asks the provider whether that attempt arrived
  (`Sender.find`) and only resends when it did not. A record erased meanwhile (OUBLIER) is
  never re-created by these writes, and nothing is sent once the attempt finds it gone.

Error rules (Twilio codes): 429/20429, 5xx and network errors raise and RQ retries with backoff;
21610 marks the texter opted out, 21211/21614 mark the number unusable, 30007 is logged for
staff; none of these retry. 63016 (outside WhatsApp's window) falls back to a template or SMS.
Any other error marks the message failed and raises without retry: the job lands in RQ's failed
registry, visible to staff. The same rules apply to errors Twilio reports later, in a status
callback (hotline/outbound/delivery_reports.py).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import time

from rq import get_current_job

from hotline import outbound, texters
from hotline.broadcasts import is_cancelled
from hotline.conversation import SMS, WHATSAPP, abuse
from hotline.outbound import (
    CANCELLED,
    OutboundMessage,
    delivery_reports,
    destinations,
    pacing,
    quiet_hours,
    senders,
    whatsapp,
    whatsapp_templates,
)
from hotline.platform import TESTING, Services, has_phone, scrub
from hotline.text import sms
from workers import services as process_services

log = logging.getLogger("hotline.sending")

PENDING = "pending"  # attempt recorded, provider called, outcome not yet written
REJECTED = "rejected"
MISSING = "missing"
DEFERRED = "deferred"
NO_PHONE = "no_phone"  # skip reason: an SMS to a WhatsApp user id
OPTED_OUT = delivery_reports.OPTED_OUT
UNUSABLE = delivery_reports.UNUSABLE
FILTERED = delivery_reports.FILTERED
TOO_MANY_REQUESTS = 20429
FIRST_RETRY = 5  # seconds, as RQ's first retry interval


_IN_BATCH = contextvars.ContextVar("in_batch", default=False)
HANDED_OFF = "handed_off"


class HandOff(Exception):
    """In a batch: this message needs its own job (a retry later, or a visible failure)."""

    def __init__(self, delay: float):
        super().__init__(f"hand off in {delay} s")
        self.delay = delay


def send_batch(message_ids: list[str]) -> dict[str, str]:
    """Send several saved messages in one job (see hotline/outbound/batch.py).

    Each message goes through exactly the rules of `send_message`; one that must be retried or
    failed visibly is handed off to its own `send_message` job instead of failing the batch.
    """
    services = process_services()
    token = _IN_BATCH.set(True)
    results: dict[str, str] = {}
    try:
        for message_id in message_ids:
            try:
                results[message_id] = send_message(message_id)
            except HandOff as handoff:
                later = services.clock() + dt.timedelta(seconds=handoff.delay)
                outbound.enqueue(services, message_id, not_before=later)
                results[message_id] = HANDED_OFF
    finally:
        _IN_BATCH.reset(token)
    return results


def send_message(message_id: str) -> str:
    """Send one saved outbound message; returns the status it ended in (or deferred/missing)."""
    services = process_services()
    record = outbound.load(services.redis, message_id)
    if record is None:
        log.warning("outbound %s: no record (expired?)", message_id)
        return MISSING
    if record.status in outbound.DONE:
        return record.status
    if record.sid:  # the status callback told us the provider accepted it
        outbound.advance(services.redis, message_id, outbound.SENT)
        return outbound.SENT
    skip = skip_reason(services, record)
    if skip:
        outbound.advance(services.redis, message_id, outbound.SKIPPED, reason=skip)
        return outbound.SKIPPED
    if _deferred(services, record) or over_daily_cap(services, record):
        return DEFERRED
    if record.attempt_state == PENDING and _reconciled(services, record):
        return outbound.SENT
    if record.attempt_state == PENDING and broadcast_cancelled(services, record):
        outbound.advance(services.redis, message_id, outbound.SKIPPED, reason=CANCELLED)
        return outbound.SKIPPED  # its earlier attempt never arrived: not sent after a cancel
    return attempt(services, record, plan(services, record))


def skip_reason(services: Services, record: OutboundMessage) -> str:
    """Why nothing may be sent: an unusable number, an SMS to a country outside the allow-list
    (hotline/outbound/destinations.py), or an opt-out for unsolicited messages."""
    if outbound.is_unusable(services.redis, record.texter_id):
        return "unusable"
    if record.channel == SMS and not _sms_allowed(services, record):
        return destinations.SKIP_REASON
    if record.unsolicited and texters.is_opted_out(services.redis, record.texter_id):
        return "opted_out"
    if record.attempt_state != PENDING and broadcast_cancelled(services, record):
        return CANCELLED  # (a pending attempt may have arrived: reconciled first)
    return ""


def _sms_allowed(services: Services, record: OutboundMessage) -> bool:
    return destinations.sms_allowed(services.settings, outbound.recipient(services, record))


def broadcast_cancelled(services: Services, record: OutboundMessage) -> bool:
    """A broadcast's message is not sent once its broadcast is cancelled, even if its job was
    handed over long before (deferred past quiet hours, or waiting behind a paced backlog)."""
    return bool(record.broadcast_id) and is_cancelled(services, record.broadcast_id)


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


def over_daily_cap(services: Services, record: OutboundMessage) -> bool:
    """Abuse hook (hotline/conversation/abuse.py): past the daily outbound cap, the message waits a
    day."""
    if abuse.admit_outbound(services, record.id, record.purpose):
        return False
    resume = abuse.next_day_start(services)
    outbound.enqueue(services, record.id, not_before=resume, deferred_until=resume.isoformat())
    return True


def plan(services: Services, record: OutboundMessage) -> senders.Outgoing:
    """The final message: WhatsApp outside the 24-hour window becomes a template or an SMS; a
    reply with taps goes as its interactive template (its text when that is refused)."""
    if record.channel == WHATSAPP and record.outside_window:
        # Twilio said so (hotline/outbound/delivery_reports.py)
        return outside_window(services, record)
    if record.channel == WHATSAPP and record.unsolicited:
        texter = texters.load(services.redis, record.texter_id)
        if not whatsapp.in_window(texter.last_inbound, services.clock().timestamp()):
            return outside_window(services, record)
    tappable = outbound.Tappable.of(record)
    if record.channel == WHATSAPP and tappable is not None:
        to = outbound.recipient(services, record)
        return tappable.outgoing(record.id, to, _text(services, record, WHATSAPP))
    return _free_form(services, record, record.channel)


def outside_window(services: Services, record: OutboundMessage) -> senders.Outgoing:
    """The approved template for this purpose and language, else the SMS version."""
    template = whatsapp.template_for(
        services.settings.whatsapp_templates, record.purpose, record.language
    )
    if template is None:
        return _free_form(services, record, SMS)
    return senders.Outgoing(
        message_id=record.id,
        to=outbound.recipient(services, record),
        channel=WHATSAPP,
        content_sid=template.content_sid,
        content_variables=template.fill(record.fields),
    )


def _free_form(services: Services, record: OutboundMessage, channel: str) -> senders.Outgoing:
    return senders.Outgoing(
        message_id=record.id,
        to=outbound.recipient(services, record),
        channel=channel,
        body=_text(services, record, channel),
    )


def _text(services: Services, record: OutboundMessage, channel: str) -> str:
    if channel == SMS and record.sms_body:  # a WhatsApp reply's own SMS wording
        return record.sms_body
    if record.body:
        return record.body
    message = record.message or "answer"
    return services.content.render(record.topic, message, record.language, channel, **record.fields)


def attempt(services: Services, record: OutboundMessage, message: senders.Outgoing) -> str:
    """Pace, record the attempt, call the provider, record its answer.

    An SMS (a fallback) to a WhatsApp user whose number is hidden cannot leave, nor one to a
    country outside HOTLINE_SMS_COUNTRIES: skipped."""
    if message.channel == SMS and not has_phone(message.to):
        outbound.advance(services.redis, record.id, outbound.SKIPPED, reason=NO_PHONE)
        return outbound.SKIPPED
    if message.channel == SMS and not destinations.sms_allowed(services.settings, message.to):
        reason = destinations.SKIP_REASON  # a WhatsApp message falling back to SMS
        outbound.advance(services.redis, record.id, outbound.SKIPPED, reason=reason)
        return outbound.SKIPPED
    pacing.bucket(services.redis, services.settings, message.channel).take(_cost(message))
    if not _record_attempt(services, record, message):
        log.info("outbound %s: record gone (erased) before the attempt, not sent", record.id)
        return MISSING
    try:
        accepted = sender_for(services).send(message)
    except senders.SendError as error:
        return _rejected(services, record, message, error)
    _pause_for_tests(services)
    return _accepted(services, record.id, accepted)


def _cost(message: senders.Outgoing) -> int:
    """Pacing cost: SMS segments, or one WhatsApp message."""
    if message.channel == WHATSAPP:
        return 1
    return sms.segment_info(message.body).segments


def _record_attempt(services: Services, record: OutboundMessage, message: senders.Outgoing) -> bool:
    return outbound.record_attempt(
        services.redis,
        record.id,
        attempt_state=PENDING,
        attempt_at=time.time(),
        sent_channel=message.channel,
        text=message.body,
        content_sid=message.content_sid,
        content_variables=json.dumps(message.content_variables, ensure_ascii=False),
        job_id=_current_job_id(),  # the job now holding the message (workers/outbound_sweep.py)
    )


def _current_job_id() -> str:
    job = get_current_job()
    return job.id if job is not None else ""


def _accepted(services: Services, message_id: str, accepted: senders.Accepted) -> str:
    outbound.record_accepted(services.redis, message_id, accepted.sid, accepted.status)
    return outbound.SENT


def _reconciled(services: Services, record: OutboundMessage) -> bool:
    """True when the pending attempt of a killed job reached the provider (now recorded)."""
    found = earlier_attempt(services, record)
    if found is None:
        log.info("outbound %s: earlier attempt never arrived, sending again", record.id)
        return False
    log.info("outbound %s: earlier attempt had arrived, not resending", record.id)
    _accepted(services, record.id, found)
    return True


def earlier_attempt(services: Services, record: OutboundMessage) -> senders.Accepted | None:
    """The provider's copy of the record's last (pending) attempt, if it arrived; sends nothing.

    Also used by the housekeeping sweep (workers/outbound_sweep.py).
    """
    earlier = senders.Outgoing(
        message_id=record.id,
        to=outbound.recipient(services, record),
        channel=record.sent_channel or record.channel,
        body=record.text,
        content_sid=record.content_sid,
    )
    return sender_for(services).find(earlier, since=record.attempt_at or 0.0)


def _rejected(
    services: Services,
    record: OutboundMessage,
    message: senders.Outgoing,
    error: senders.SendError,
) -> str:
    message_id, code = record.id, error.code
    outbound.update(
        services.redis,
        message_id,
        attempt_state=REJECTED,
        error_code=code,
        error=scrub(str(error))[:200],  # Twilio's wording names the number: masked
    )
    if code == whatsapp.OUTSIDE_WINDOW_ERROR and message.channel == WHATSAPP:
        fallback = outside_window(services, record)
        if fallback.content_sid != message.content_sid or fallback.channel != WHATSAPP:
            return attempt(services, record, fallback)
    if code == OPTED_OUT:
        texters.set_opted_out(services.redis, record.texter_id, True)
    elif code in UNUSABLE:
        outbound.mark_unusable(services.redis, record.texter_id)
    elif code == FILTERED:
        log.warning("outbound %s (%s): filtered by the carrier (30007)", message_id, record.purpose)
    elif is_retryable(error):
        if may_have_arrived(error):  # a 5xx or a cut connection may follow Twilio's write
            outbound.update(services.redis, message_id, attempt_state=PENDING)
        return _retry_later(services, message_id, error)
    elif whatsapp_templates.refused(services.redis, record, message.content_sid, code):
        return attempt(services, record, _free_form(services, record, WHATSAPP))  # the text
    else:
        return _fail_visibly(services, message_id, error)
    outbound.advance(services.redis, message_id, outbound.FAILED, reason=str(code))
    return outbound.FAILED


def is_retryable(error: senders.SendError) -> bool:
    """Rate limits, server errors and network failures are worth retrying later."""
    if error.http_status == 429 or error.code == TOO_MANY_REQUESTS:
        return True
    if error.http_status is not None and error.http_status >= 500:
        return True
    return error.http_status is None and error.code is None


def may_have_arrived(error: senders.SendError) -> bool:
    """True when the provider may have created the message despite the error: reconcile first.

    A rate limit (429) is refused before anything is created; a server error or a network
    failure can happen after the message was accepted.
    """
    return not (error.http_status == 429 or error.code == TOO_MANY_REQUESTS)


def _retry_later(services: Services, message_id: str, error: senders.SendError) -> str:
    if _IN_BATCH.get():
        raise HandOff(delay=FIRST_RETRY) from error
    job = get_current_job()
    if job is None or not job.retries_left:
        outbound.advance(services.redis, message_id, outbound.FAILED, reason="retries exhausted")
    raise error


def _fail_visibly(services: Services, message_id: str, error: senders.SendError) -> str:
    if _IN_BATCH.get():  # its own job will meet the error again and fail where staff see it
        raise HandOff(delay=0) from error
    outbound.advance(services.redis, message_id, outbound.FAILED, reason=f"error {error.code}")
    job = get_current_job()
    if job is not None:
        job.retries_left = 0  # an unknown refusal will not change: straight to the failed registry
    raise error


def _pause_for_tests(services: Services) -> None:
    """Test hook: sleep between the provider's answer and our write (to be killed there)."""
    settings = services.settings
    if settings.env == TESTING and settings.test_pause_after_send > 0:
        time.sleep(settings.test_pause_after_send)


def sender_for(services: Services) -> senders.Sender:
    """The process's sender (tests may put one in `services.extras["sender"]`)."""
    sender = services.extras.get("sender")
    if sender is None:
        sender = senders.for_settings(services.settings, services.redis)
        services.extras["sender"] = sender
    return sender  # type: ignore[return-value]
