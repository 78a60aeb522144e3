"""What the callback queue tells texters and staff by SMS, always through `outbound`.

Texters hear when staff will call (now, or when the office opens again), when staff claim their
request, after a failed attempt, and when it closes, expires or is cancelled by staff. On-duty
staff get an alert for a new request, or a digest of the requests opened since their last alert
(hotline/callbacks/staff_alerts.py). Every text is a content message of `content/rappel.yaml`
in the request's language; idempotency keys are deterministic, so a retried step never sends
twice. None of these is unsolicited (the texter asked to be called), so quiet hours do not defer
them; all go on the urgent queue.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from hotline import languages, outbound
from hotline.callbacks.records import CLOSED, HIGH, Callback
from hotline.languages import LANGUAGES, REFERENCE_LANGUAGE
from hotline.outbound import OutboundRequest
from hotline.platform import Services, office, queues, schedule

TOPIC = "rappel"
NO_TOPIC = "-"


WEEK = 7  # an opening this many days away or more is named by its date, not only its weekday


def office_hours(services: Services) -> schedule.WeeklyHours:
    """The office hours, closed on Belgian public holidays and the admin's closure dates."""
    return office.office_hours(services)


def expected_call(services: Services, at: dt.datetime) -> dt.datetime | None:
    """When staff can call: None when the office is open at `at`, else its next opening."""
    hours = office_hours(services)
    return None if hours.is_open(at) else hours.next_opening(at)


def when(services: Services, language: str, channel: str, at: dt.datetime) -> str:
    """One sentence saying when staff call: soon, or the day and time the office reopens.

    The day is a weekday name ("lundi"), with its date when it is a week away or more
    (after a long closure "lundi" alone would be ambiguous).
    """
    opening = expected_call(services, at)
    if opening is None:
        return services.content.render(TOPIC, "when_open", language, channel)
    far = (opening.date() - at.astimezone(opening.tzinfo).date()).days >= WEEK
    shape = "EEEE d MMMM" if far else "EEEE"
    day = format_date(opening.date(), shape, locale=languages.babel_locale(language))
    return services.content.render(
        TOPIC, "when_closed", language, channel, day=day, time=opening.strftime("%H:%M")
    )


def _to_texter(
    services: Services, request: Callback, message: str, key: str, **fields: object
) -> str:
    notice = OutboundRequest(
        to=services.privacy.decrypt(request.phone),
        channel=request.channel,
        purpose=f"callback_{message}",
        idempotency_key=f"callback:{request.ref}:{key}",
        topic=TOPIC,
        message=message,
        fields={"ref": request.ref, **fields},
        language=request.language,
        texter_id=request.texter_id,
        queue_name=queues.URGENT,
    )
    return outbound.queue(services, notice)


def claimed(services: Services, request: Callback) -> str:
    """ "We will call you shortly from …" (once per attempt, even if the request is re-claimed)."""
    phone = services.settings.callback_from_number
    return _to_texter(services, request, "claimed", f"claimed:{request.attempts}", phone=phone)


def after_attempt(services: Services, request: Callback) -> str:
    """After a call nobody answered: we will try again, or (last attempt) how to ask again."""
    if request.status == CLOSED:
        return _to_texter(services, request, "closed", "closed")
    phone = services.settings.callback_from_number
    key = f"no_answer:{request.attempts}"
    return _to_texter(services, request, "no_answer", key, phone=phone)


def cancelled(services: Services, request: Callback) -> str:
    """Staff cancelled the request."""
    return _to_texter(services, request, "cancelled", "cancelled")


def expired(services: Services, request: Callback) -> str:
    """The request waited too long and was closed."""
    return _to_texter(services, request, "expired", "expired")


def missed_call(
    services: Services, request: Callback, created: bool, position: int, day: int
) -> str:
    """The SMS answering a missed call: a new request, or a reminder of the open one."""
    fields = {
        "position": position,
        "when": when(services, request.language, request.channel, services.clock()),
    }
    if created:
        return _to_texter(services, request, "missed_call", "missed_call", **fields)
    return _to_texter(services, request, "existing", f"existing:{day}", **fields)


def staff_language(languages: tuple[str, ...]) -> str:
    """The language staff alerts are written in: the member's first hotline language."""
    return next((lang for lang in languages if lang in LANGUAGES), REFERENCE_LANGUAGE)


def staff_alert(
    services: Services, request: Callback, slug: str, phone: str, languages: tuple[str, ...]
) -> str:
    """Alert one staff member (by SMS to their phone, in their first hotline language)."""
    alert = OutboundRequest(
        to=phone,
        channel="sms",
        purpose="callback_staff_alert",
        idempotency_key=f"callback:{request.ref}:alert:{slug}",
        topic=TOPIC,
        message="staff_alert_urgent" if request.priority == HIGH else "staff_alert",
        fields={  # "lang", not "language": that name is render()'s own parameter
            "ref": request.ref,
            "lang": request.language.upper(),
            "topic": request.topic or NO_TOPIC,
        },
        language=staff_language(languages),
        queue_name=queues.URGENT,
    )
    return outbound.queue(services, alert)


DIGEST_REFS = 8  # references one digest lists (the count says how many there are in all)


def staff_digest(
    services: Services,
    requests: list[Callback],
    slug: str,
    phone: str,
    languages: tuple[str, ...],
    key: str,
) -> str:
    """One SMS to a staff member about the requests opened since their last alert (a digest:
    see hotline/callbacks/staff_alerts.py); `key` names the digest, so a retried job sends it
    once."""
    refs = " ".join(request.ref for request in requests[:DIGEST_REFS])
    digest = OutboundRequest(
        to=phone,
        channel="sms",
        purpose="callback_staff_digest",
        idempotency_key=f"callback:digest:{slug}:{key}",
        topic=TOPIC,
        message="staff_digest",
        fields={
            "count": len(requests),
            "urgent": sum(request.priority == HIGH for request in requests),
            "refs": refs + (" ..." if len(requests) > DIGEST_REFS else ""),
        },
        language=staff_language(languages),
        queue_name=queues.URGENT,
    )
    return outbound.queue(services, digest)
