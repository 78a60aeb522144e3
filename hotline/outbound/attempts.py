"""One attempt at the provider and what its errors mean: the send rules where they meet Twilio.

Every attempt is recorded (`attempt_state=pending`, channel, text) BEFORE the provider is
called, and the provider's SID right after, so a worker killed in between leaves a trace that a
retry (or the sweep, hotline/outbound/sweep.py) can ask the provider about (`earlier_attempt`)
instead of sending again. A record erased meanwhile (OUBLIER) is never re-created by these
writes, and nothing is sent once the attempt finds it gone.

Error rules (Twilio codes): 429/20429, 5xx and network errors raise and RQ retries with backoff;
21610 marks the texter opted out, 21211/21614 mark the number unusable, 30007 is logged for
staff; none of these retry. 63016 (outside WhatsApp's window) falls back to a template or SMS.
Any other error marks the message failed and raises without retry: the job lands in RQ's failed
registry, visible to staff. The same rules apply to errors Twilio reports later, in a status
callback (hotline/outbound/delivery_reports.py).

In a batch (several messages in one job), a message that must be retried or fail visibly raises
`HandOff` instead, so the batch hands it to its own job and the others are still sent.
"""

from __future__ import annotations

import contextvars
import json
import logging
import time

from rq import get_current_job

from hotline import texters
from hotline.outbound import (
    delivery_reports,
    destinations,
    pacing,
    senders,
    whatsapp,
    whatsapp_templates,
)
from hotline.outbound import messages as outbound
from hotline.outbound.outgoing import cost, free_form, outside_window
from hotline.outbound.records import OutboundMessage
from hotline.platform import SMS, TESTING, WHATSAPP, Services, has_phone, scrub

log = logging.getLogger("hotline.sending")

PENDING = "pending"  # attempt recorded, provider called, outcome not yet written
REJECTED = "rejected"
MISSING = "missing"
NO_PHONE = "no_phone"  # skip reason: an SMS to a WhatsApp user id
OPTED_OUT = delivery_reports.OPTED_OUT
UNUSABLE = delivery_reports.UNUSABLE
FILTERED = delivery_reports.FILTERED
TOO_MANY_REQUESTS = 20429
FIRST_RETRY = 5  # seconds, as RQ's first retry interval

IN_BATCH = contextvars.ContextVar("in_batch", default=False)  # set by delivery.send_batch


class HandOff(Exception):
    """In a batch: this message needs its own job (a retry later, or a visible failure)."""

    def __init__(self, delay: float):
        super().__init__(f"hand off in {delay} s")
        self.delay = delay


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
    pacing.bucket(services.redis, services.settings, message.channel).take(cost(message))
    if not _record_attempt(services, record, message):
        log.info("outbound %s: record gone (erased) before the attempt, not sent", record.id)
        return MISSING
    try:
        accepted = sender_for(services).send(message)
    except senders.SendError as error:
        return _rejected(services, record, message, error)
    _pause_for_tests(services)
    return accepted_by_provider(services, record.id, accepted)


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
        job_id=_current_job_id(),  # the job now holding the message (hotline/outbound/sweep.py)
    )


def _current_job_id() -> str:
    job = get_current_job()
    return job.id if job is not None else ""


def accepted_by_provider(services: Services, message_id: str, accepted: senders.Accepted) -> str:
    """Record the provider's acceptance (its SID): the message is `sent`, never sent again."""
    outbound.record_accepted(services.redis, message_id, accepted.sid, accepted.status)
    return outbound.SENT


def earlier_attempt(services: Services, record: OutboundMessage) -> senders.Accepted | None:
    """The provider's copy of the record's last (pending) attempt, if it arrived; sends nothing.

    Also used by the housekeeping sweep (hotline/outbound/sweep.py).
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
        return attempt(services, record, free_form(services, record, WHATSAPP))  # the text
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
    if IN_BATCH.get():
        raise HandOff(delay=FIRST_RETRY) from error
    job = get_current_job()
    if job is None or not job.retries_left:
        outbound.advance(services.redis, message_id, outbound.FAILED, reason="retries exhausted")
    raise error


def _fail_visibly(services: Services, message_id: str, error: senders.SendError) -> str:
    if IN_BATCH.get():  # its own job will meet the error again and fail where staff see it
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
