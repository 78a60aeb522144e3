"""Staff alerts about new callback requests: the first one at once, the next ones in a digest.

Each new request used to send one SMS to every on-duty staff member who speaks its language;
300 spoofed missed calls sent 450 of them. Now each staff member gets at most one alert per
`HOTLINE_STAFF_ALERT_MINUTES` (default 5): the first request in a quiet while is alerted at
once, as before; the ones opened during the following minutes wait in that member's pending
set and go out as one digest ("12 new requests, 2 priority: R-7K3F R-…") when the window ends,
which opens the next window. Alerts and digests count towards the daily outbound cap
(hotline/conversation/abuse.py) like any message. Per staff member::

    no window ──request──► alert now; window opens (staff_alert_minutes)
    window open ──request──► ref pending; a digest job scheduled at the window's end (once)
    digest job ──requests still waiting──► one digest SMS; the next window opens
               ──none waiting (claimed, closed meanwhile)──► nothing; the window closes itself
"""

from __future__ import annotations

import datetime as dt
import secrets

from rq.exceptions import DuplicateJobError

from hotline.callbacks import notices, staff
from hotline.callbacks import records as callback_store
from hotline.callbacks.records import Callback
from hotline.platform import Services, jobs, queues, store

PENDING_TTL = store.DAY


def alert(services: Services, request: Callback, member: staff.StaffMember) -> str:
    """Tell `member` about a new request: now (the outbound id) or in the next digest ("")."""
    earlier = services.redis.get(store.outbound_idempotency(_alert_key(request, member)))
    if earlier:  # a retried alert job: this one went out already
        return earlier
    window = store.staff_alert_window(member.slug)
    seconds = _window_seconds(services)
    if seconds <= 0 or services.redis.set(window, _window_id(services), nx=True, ex=seconds):
        return _alert_now(services, request, member)
    pipe = services.redis.pipeline()
    pipe.sadd(store.staff_alert_pending(member.slug), request.ref)
    pipe.expire(store.staff_alert_pending(member.slug), PENDING_TTL)
    pipe.get(window)
    pipe.ttl(window)
    window_id, ttl = pipe.execute()[2:]
    if window_id is None:  # the window ended meanwhile: this request opens the next one
        services.redis.srem(store.staff_alert_pending(member.slug), request.ref)
        return alert(services, request, member)
    _schedule_digest(services, member.slug, window_id, max(int(ttl), 1))
    return ""


def _alert_key(request: Callback, member: staff.StaffMember) -> str:
    return f"callback:{request.ref}:alert:{member.slug}"  # notices.staff_alert's key


def _alert_now(services: Services, request: Callback, member: staff.StaffMember) -> str:
    phone = staff.phone_number(services, member)
    return notices.staff_alert(services, request, member.slug, phone, member.languages)


def _window_seconds(services: Services) -> int:
    """How long a window lasts; 0 (HOTLINE_STAFF_ALERT_MINUTES=0) alerts every request at once."""
    return int(services.settings.staff_alert_minutes * 60)


def _window_id(services: Services) -> str:
    """A window's id: it names the window's one digest job and the digest's idempotency key."""
    return secrets.token_hex(6)


def _schedule_digest(services: Services, slug: str, window_id: str, seconds: int) -> None:
    """One digest job per staff member and window, at the window's end."""
    urgent = queues.queue(services.rq_redis, queues.URGENT)
    job_id = jobs.staff_digest_job_id(slug, window_id)
    delay = dt.timedelta(seconds=seconds)  # relative, as RQ's scheduler runs on the real clock
    try:
        urgent.enqueue_in(delay, jobs.SEND_DIGEST, slug, window_id, job_id=job_id, unique=True)
    except DuplicateJobError:
        return  # scheduled by an earlier request of this window


def send_digest(services: Services, slug: str, window_id: str) -> str:
    """The digest job: one SMS about the member's pending requests still waiting; "" for none.

    Sent before the pending set is emptied, under a key naming the window: a retried job sends
    it once. Requests claimed or closed meanwhile are left out; a sent digest opens the next
    window, so the requests after it wait for the next digest.
    """
    pending = store.staff_alert_pending(slug)
    refs = sorted(services.redis.smembers(pending))
    member = staff.get(services, slug)
    waiting = [
        r for r in callback_store.load_many(services, refs) if r.status == callback_store.WAITING
    ]
    message_id = ""
    if member is not None and waiting:
        phone = staff.phone_number(services, member)
        message_id = notices.staff_digest(
            services, waiting, slug, phone, member.languages, window_id
        )
        seconds = _window_seconds(services)
        services.redis.set(store.staff_alert_window(slug), _window_id(services), ex=seconds)
    if refs:
        services.redis.srem(pending, *refs)
    return message_id
