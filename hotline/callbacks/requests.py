"""The callback queue: a texter asks to be called back; staff claim, call and close the request.

Many questions need a person. RAPPEL (or a missed call) becomes a tracked request with a short
reference readable over the phone, a language, a topic, a free-text note and a priority (URGENCE
and health first); staff work the queue in priority-then-age order. This is the API the SMS
handlers, the voice webhook, the CLI and the staff console all call: each function changes the
request atomically (`callback_store`), then tells the texter (`callback_notices`, through
`outbound`) and schedules the follow-up RQ jobs (`workers/callbacks.py`). No Flask here.

Lifecycle (see `callback_store` for the full drawing)::

    waiting ──claim──► claimed ──done──► done
       ▲                 │ │
       └──lease expiry───┘ └──no_answer──► waiting (attempts < 3) | closed (3rd attempt)
    waiting/claimed ──cancel──► cancelled;   waiting ──after callback_expiry_days──► expired
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from hotline import texters
from hotline.callbacks import abuse_alerts, notices, records
from hotline.callbacks.records import (  # noqa: F401 - re-exported: the states and the record
    CANCELLED,
    CLAIMED,
    CLOSED,
    DONE,
    EXPIRED,
    HIGH,
    MAX_ATTEMPTS,
    NORMAL,
    OPEN,
    PRIORITIES,
    SMS_SOURCE,
    STATUSES,
    TRANSLATION_FAILED,
    VOICE_SOURCE,
    WAITING,
    Callback,
    CallbackError,
    get,
    normalize_reference,
    open_for,
    position,
    set_translation,
    set_translation_failed,
)
from hotline.platform import Services, jobs, mask, queues, store
from hotline.text import display

log = logging.getLogger("hotline.callbacks")

MACHINE_TRANSLATION = "traduction automatique (googletrans), à vérifier"
TRANSLATION_TARGET = "fr"


def create(
    services: Services,
    *,
    phone: str,
    channel: str,
    language: str,
    topic: str = "",
    note: str = "",
    source: str = SMS_SOURCE,
    priority: str = "",
) -> tuple[Callback, bool]:
    """Open a request for the owner of `phone` (E.164): (request, True), or their open one, False.

    A new request alerts on-duty staff, schedules its own expiry and, with a note, its
    translation into French, all as RQ jobs.
    """
    now = services.clock().timestamp()
    draft = Callback(
        ref="",
        status=WAITING,
        texter_id=services.privacy.texter_id(phone),
        phone=services.privacy.encrypt(phone),
        channel=channel,
        language=language,
        topic=topic,
        note=note.strip()[: records.NOTE_MAX],
        priority=priority or records.priority_for(topic),
        source=source,
        created_at=now,
        updated_at=now,
    )
    request, created = records.insert(services.redis, draft)
    if created:
        abuse_alerts.count_callback_request(
            services
        )  # the global hourly rate (alerts when over it)
        _schedule_follow_ups(services, request)
    elif topic or draft.note:
        request = add_details(services, request.ref, topic=topic, note=draft.note)
    return request, created


NOTE_SEPARATOR = " / "


def add_details(services: Services, ref: str, *, topic: str = "", note: str = "") -> Callback:
    """A second RAPPEL while a request is open: its topic fills a gap, its note is appended.

    Staff then see everything the texter wrote; a changed note is translated again (the old
    translation is dropped so staff never read a French text that says less than the note).
    """

    def extend(current: Callback) -> dict:
        added = note.strip()
        notes = [current.note] + ([added] if added and added not in current.note else [])
        joined = NOTE_SEPARATOR.join(n for n in notes if n)[: records.NOTE_MAX]
        changed = joined != current.note
        changes: dict = {"note": joined, "note_fr": "" if changed else None}
        changes["translation"] = "" if changed else None
        if topic and not current.topic:
            changes["topic"] = topic
            if records.priority_for(topic) == HIGH:  # never lowers a request's priority
                changes["priority"] = HIGH
        return {name: value for name, value in changes.items() if value is not None}

    before = records.get(services, ref)
    request = records.transition(services, ref, OPEN, extend)
    if before and request.note != before.note and request.language != TRANSLATION_TARGET:
        urgent = queues.queue(services.rq_redis, queues.URGENT)
        urgent.enqueue(jobs.TRANSLATE_NOTE, request.ref, retry=jobs.TRANSLATE_RETRY)
    return request


def _schedule_follow_ups(services: Services, request: Callback) -> None:
    urgent = queues.queue(services.rq_redis, queues.URGENT)
    urgent.enqueue(jobs.ALERT_STAFF, request.ref, job_id=jobs.callback_alert_job_id(request.ref))
    if request.note and request.language != TRANSLATION_TARGET:
        job_id = jobs.callback_translate_job_id(request.ref)
        urgent.enqueue(jobs.TRANSLATE_NOTE, request.ref, job_id=job_id, retry=jobs.TRANSLATE_RETRY)
    days = dt.timedelta(days=services.settings.callback_expiry_days)
    expires = dt.datetime.fromtimestamp(request.created_at, dt.UTC) + days
    maintenance = queues.queue(services.rq_redis, queues.MAINTENANCE)
    job_id = jobs.callback_expire_job_id(request.ref)
    maintenance.enqueue_at(expires, jobs.EXPIRE_REQUEST, request.ref, job_id=job_id)


def job_ids(request: Callback) -> list[str]:
    """The ids of the jobs a request may have waiting (alert, translation, expiry, one per
    lease), so that erasing it cancels them. A later note's translation has no id: it finds the
    request gone and does nothing."""
    ref = request.ref
    ids = [jobs.callback_alert_job_id(ref), jobs.callback_translate_job_id(ref)]
    ids.append(jobs.callback_expire_job_id(ref))
    return ids + [jobs.callback_lease_job_id(ref, n) for n in range(1, request.lease + 1)]


def missed_call(services: Services, phone: str) -> Callback | None:
    """A missed call ("beep"): open a request and confirm by SMS; None for a repeat within a day.

    The confirmation is in the texter's known language, else their country's, else the default
    (and is sent only to the countries of HOTLINE_SMS_COUNTRIES, like every SMS). Caller ids can
    be spoofed, so once this hour's new requests reached `callback_rate_per_hour` a beep from a
    number without an open request opens nothing and sends nothing (staff are alerted once).
    """
    texter_id = services.privacy.texter_id(phone)
    if open_for(services, texter_id) is None and abuse_alerts.callback_rate_reached(services):
        log.warning("missed call over the hourly callback rate: nothing opened")
        return None
    dedup = store.missed_call(texter_id)
    if not services.redis.set(dedup, 1, nx=True, ex=store.MISSED_CALL_DEDUP_TTL):
        return None
    language = (
        texters.load(services.redis, texter_id).language
        or texters.guess_language(phone)
        or services.settings.default_language
    )
    request, created = create(
        services, phone=phone, channel="sms", language=language, source=VOICE_SOURCE
    )
    day = int(services.clock().timestamp() // store.DAY)
    notices.missed_call(services, request, created, position(services, request.ref), day)
    return request


def claim(services: Services, ref: str, staff: str, lease_minutes: int = 0) -> Callback:
    """Staff `staff` takes a waiting request for a lease; of concurrent claims exactly one wins.

    The texter is told staff will call shortly; a job scheduled at the lease's end puts the
    request back in the queue if it is still claimed under this lease.
    """
    until = _lease_end(services, lease_minutes)

    def take(current: Callback) -> dict:
        lease = current.lease + 1
        return {"status": CLAIMED, "staff": staff, "lease": lease, "lease_until": until.timestamp()}

    request = records.transition(services, ref, (WAITING,), take)
    _schedule_lease_end(services, request, until)
    notices.claimed(services, request)
    return request


def extend(services: Services, ref: str, staff: str, lease_minutes: int = 0) -> Callback:
    """The claimer needs more time: a new lease from now (the old lease's job then does nothing).

    Only the person holding the claim may extend it; the texter is not told again.
    """
    until = _lease_end(services, lease_minutes)

    def renew(current: Callback) -> dict:
        if current.staff != staff:
            raise CallbackError(f"{current.ref} is claimed by someone else")
        return {"lease": current.lease + 1, "lease_until": until.timestamp()}

    request = records.transition(services, ref, (CLAIMED,), renew)
    _schedule_lease_end(services, request, until)
    return request


def _lease_end(services: Services, lease_minutes: int) -> dt.datetime:
    minutes = lease_minutes or services.settings.callback_lease_minutes
    return services.clock() + dt.timedelta(minutes=minutes)


def _schedule_lease_end(services: Services, request: Callback, until: dt.datetime) -> None:
    job_id = jobs.callback_lease_job_id(request.ref, request.lease)
    urgent = queues.queue(services.rq_redis, queues.URGENT)
    urgent.enqueue_at(until, jobs.RELEASE_LEASE, request.ref, request.lease, job_id=job_id)


def release_lease(services: Services, ref: str, lease: int) -> bool:
    """End lease number `lease`: back to waiting if still claimed under it (the scheduled job)."""

    def back(current: Callback) -> dict:
        if current.lease != lease:
            raise CallbackError(f"{current.ref} was claimed again")
        return {"status": WAITING, "staff": "", "lease_until": 0.0}

    try:
        records.transition(services, ref, (CLAIMED,), back)
    except CallbackError:
        return False
    return True


Details = Callable[[Callback], dict]  # more fields to write with a transition, from the current


def done(services: Services, ref: str, details: Details | None = None) -> Callback:
    """Staff reached the texter: the request is done (also accepted after the lease ran out)."""

    def close(current: Callback) -> dict:
        return {"status": DONE, "lease_until": 0.0} | (details(current) if details else {})

    return records.transition(services, ref, OPEN, close)


def no_answer(services: Services, ref: str, details: Details | None = None) -> Callback:
    """Staff called and nobody answered: back to the queue, or closed after the last attempt."""

    def attempt(current: Callback) -> dict:
        attempts = current.attempts + 1
        status = CLOSED if attempts >= MAX_ATTEMPTS else WAITING
        changes = {"status": status, "attempts": attempts, "staff": "", "lease_until": 0.0}
        return changes | (details(current) if details else {})

    request = records.transition(services, ref, OPEN, attempt)
    notices.after_attempt(services, request)
    return request


def cancel(services: Services, ref: str, by_texter: bool = False) -> Callback:
    """Cancel an open request; a cancellation by staff is told to the texter by SMS (staff
    cancel through `cases.cancel`, which audits it)."""
    request = records.transition(services, ref, OPEN, lambda _: {"status": CANCELLED})
    if not by_texter:
        notices.cancelled(services, request)
    return request


def expire(services: Services, ref: str) -> bool:
    """Expire a request still waiting after `callback_expiry_days` (scheduled job and sweep)."""
    limit = services.clock().timestamp() - services.settings.callback_expiry_days * store.DAY

    def too_old(current: Callback) -> dict:
        if current.created_at > limit:
            raise CallbackError(f"{current.ref} is not old enough to expire")
        return {"status": EXPIRED}

    try:
        request = records.transition(services, ref, (WAITING,), too_old)
    except CallbackError:
        return False
    notices.expired(services, request)
    return True


def sweep(services: Services) -> dict[str, list[str]]:
    """Expire old waiting requests and release leases that outlived their job (safety net)."""
    now = services.clock().timestamp()
    expired = [ref for ref in records.waiting_refs(services) if expire(services, ref)]
    claimed = list_requests(services, status=CLAIMED)
    released = [
        r.ref for r in claimed if r.lease_until < now and release_lease(services, r.ref, r.lease)
    ]
    return {"expired": expired, "released": released}


def list_requests(
    services: Services,
    *,
    status: str = "",
    language: str = "",
    topic: str = "",
    priority: str = "",
    limit: int = 500,
) -> list[Callback]:
    """Requests matching the filters: open ones in queue order first, then the newest closed."""
    refs = records.waiting_refs(services) if status == WAITING else records.all_refs(services)
    wanted = {"status": status, "language": language, "topic": topic, "priority": priority}
    found = [
        r
        for r in records.load_many(services, refs)
        if all(not value or getattr(r, name) == value for name, value in wanted.items())
    ]
    if status != WAITING:
        found.sort(key=_listing_order)
    return found[:limit]


def _listing_order(request: Callback) -> tuple:
    if request.is_open:
        return (0, request.status != CLAIMED, request.queue_score)
    return (1, 0, -request.created_at)


def describe(services: Services, request: Callback) -> dict:
    """A request as staff see it: masked phone, queue position, note and labelled translation
    (both as typed: no direction control reorders them, see hotline/text/display.py)."""
    shown: dict = {"reference": request.ref}
    shown |= {
        name: getattr(request, name)
        for name in ("status", "language", "topic", "priority", "attempts", "source")
    }
    shown["phone"] = mask(services.privacy.decrypt(request.phone))
    shown["position"] = position(services, request.ref)
    shown["created_at"] = _iso(request.created_at)
    shown["staff"] = request.staff
    shown["lease_until"] = _iso(request.lease_until) if request.status == CLAIMED else ""
    shown["note"] = display.readable(request.note)
    shown["note_translation"] = (
        {"text": display.readable(request.note_fr), "label": MACHINE_TRANSLATION}
        if request.note_fr
        else None
    )
    return shown


def _iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat() if timestamp else ""
