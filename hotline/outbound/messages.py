"""Queueing outbound messages: everything the hotline sends outside the immediate webhook reply.

A message is saved in Redis first (an `OutboundMessage`: recipient encrypted, content, purpose,
idempotency key, status, attempts; hotline/outbound/records.py) and only then enqueued as an RQ
job that takes its id (`workers.sending.send_message`). The job's rules
(hotline/outbound/delivery.py) decide the final channel, render content messages in the
texter's language for that channel, and hand them to a `senders.Sender`. Queuing the same
idempotency key twice returns the first id and queues nothing.

The status lifecycle is drawn in `hotline.outbound_status` (re-exported here, as are the
records).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from hotline import texters
from hotline.outbound import quiet_hours
from hotline.outbound.records import (  # noqa: F401 - re-exported: the records and their reading
    OutboundMessage,
    OutboundRequest,
    get,
    load,
    outbox,
    recipient,
)
from hotline.outbound.status import (  # noqa: F401 - re-exported: the records' lifecycle
    DELIVERED,
    DONE,
    FAILED,
    PROVIDER_STATUSES,
    QUEUED,
    RANK,
    READ,
    SENDING,
    SENT,
    SKIPPED,
    UNDELIVERED,
    UNUSABLE_TTL,
    advance,
    hold,
    is_unusable,
    key,
    link_sid,
    mark_unusable,
    record_accepted,
    record_attempt,
    record_status,
    update,
)
from hotline.platform import (
    CHANNELS,
    DecodedRedis,
    Services,
    counters,
    jobs,
    parse_recipient,
    queues,
    store,
)

if TYPE_CHECKING:
    from rq.job import Job

SEND_RESULT_TTL = 60  # seconds a finished send job is kept (see enqueue_job)
FAILURE_TTL = 30 * store.DAY  # failed jobs stay visible to staff in RQ's failed registry


class OutboundError(ValueError):
    """The message cannot be queued as asked (a programming error in the caller)."""


def queue(services: Services, request: OutboundRequest) -> str:
    """Save an outbound message in Redis, then enqueue its send job; returns the message id.

    Of the request, either `body` (final text) or `topic` (+ `message`, `fields`: a content
    message rendered at send time for the final channel, in `language`) must be given. The same
    `idempotency_key` returns the existing id and queues nothing. `unsolicited=True` (reminders,
    broadcasts) respects opt-outs, quiet hours and the WhatsApp 24-hour window. `send_at`: not
    before then.
    `broadcast_id`: the broadcast it belongs to (its send job skips it once that is cancelled,
    and its outcome is counted on the broadcast; see `hotline.outbound_status`).
    `outside_window`: a WhatsApp message known to be outside the 24-hour window (Twilio said
    63016 late): the approved template, else an SMS, without trying free text first.
    `interactive`: a WhatsApp reply sent as that tappable template, `body` its text (for the
    outbox, and the fallback when the template cannot go out; hotline/outbound/outgoing.py).
    """
    # the job's id is saved with the record: the sweep knows its job at once
    record = replace(new_record(services, request), job_id=new_job_id())
    saved = save(services, record, request.send_at)
    if saved.created:
        enqueue_job(
            services, record.queue, jobs.SEND_MESSAGE, (saved.message_id,),
            not_before=saved.not_before, timeout=services.settings.send_job_timeout,
            job_id=record.job_id,
        )  # fmt: skip
    return saved.message_id


def new_job_id() -> str:
    """A fresh RQ job id, chosen before the job is enqueued so the record can hold it first."""
    return uuid.uuid4().hex


def new_record(services: Services, request: OutboundRequest) -> OutboundMessage:
    """A new record (not saved) for `queue`'s request; raises OutboundError when invalid."""
    _check(request)
    number = parse_recipient(request.to, request.channel)  # a WhatsApp user id is kept as it is
    send_at = request.send_at
    return OutboundMessage(
        id=secrets.token_hex(10),
        status=QUEUED,
        to=services.privacy.encrypt(number),
        texter_id=request.texter_id or services.privacy.texter_id(number),
        channel=request.channel,
        purpose=request.purpose,
        idempotency_key=request.idempotency_key,
        body=request.body,
        topic=request.topic,
        message=request.message if request.topic else "",
        fields=dict(request.fields),
        language=request.language or services.settings.default_language,
        queue=request.queue_name,
        unsolicited=request.unsolicited,
        send_at=send_at.timestamp() if send_at else None,
        created_at=services.clock().timestamp(),
        broadcast_id=request.broadcast_id,
        outside_window=request.outside_window,
        **(request.interactive.fields() if request.interactive else {}),
    )


@dataclass(frozen=True)
class Saved:
    """A record saved by `save`: its id, whether it is new, and when its job may run."""

    message_id: str
    created: bool
    not_before: dt.datetime | None = None


def save(services: Services, record: OutboundMessage, send_at: dt.datetime | None) -> Saved:
    """Save the record (in the queued index, scored by when its job is due), then claim its
    idempotency key (not enqueued; see `queue`).

    In that order, a crash in between leaves an unclaimed record, never a claimed key without
    its record (which would silently swallow every later attempt). A record saved but never
    enqueued (a crash, a Redis error) is enqueued by the housekeeping sweep once it is overdue.
    """
    not_before = _not_before(services, send_at, record.unsolicited)
    if not_before and not_before != send_at:
        record = replace(record, deferred_until=not_before.isoformat())
    due = not_before or send_at
    _save(services.redis, record, due.timestamp() if due else record.created_at)
    existing = _claim(services.redis, record.idempotency_key, record.id)
    if existing:
        pipe = services.redis.pipeline()
        pipe.delete(store.outbound(record.id))
        pipe.zrem(store.outbound_queued(), record.id)
        pipe.execute()
        return Saved(existing, created=False)
    counters.record_outbound(services.redis, record.status)
    return Saved(record.id, created=True, not_before=not_before)


def _not_before(
    services: Services, send_at: dt.datetime | None, unsolicited: bool
) -> dt.datetime | None:
    """When the job may run: `send_at`, pushed past quiet hours for unsolicited messages."""
    if not unsolicited:
        return send_at
    due = max(send_at or services.clock(), services.clock())
    settings = services.settings
    return quiet_hours.end_of_quiet(due, settings.quiet_hours, settings.timezone) or send_at


def queue_to_texter(
    services: Services,
    texter_id: str,
    *,
    purpose: str,
    idempotency_key: str,
    topic: str,
    message: str = "answer",
    fields: Mapping[str, object] | None = None,
    queue_name: str = queues.URGENT,
    unsolicited: bool = False,
    send_at: dt.datetime | None = None,
    language: str = "",
) -> str | None:
    """Queue a content message to a known texter, on their last channel, in their language.

    Returns None when the texter is unknown or forgotten (no stored number).
    """
    token = texters.phone_token(services.redis, texter_id)
    if not token:
        return None
    texter = texters.load(services.redis, texter_id)
    request = OutboundRequest(
        to=services.privacy.decrypt(token),
        channel=texter.channel or "sms",
        purpose=purpose,
        idempotency_key=idempotency_key,
        topic=topic,
        message=message,
        fields=fields or {},
        language=language or texter.language or services.settings.default_language,
        texter_id=texter_id,
        queue_name=queue_name,
        unsolicited=unsolicited,
        send_at=send_at,
    )
    return queue(services, request)


def _check(request: OutboundRequest) -> None:
    if request.channel not in CHANNELS:
        raise OutboundError(f"unknown channel {request.channel!r}")
    if bool(request.body) == bool(request.topic):
        raise OutboundError("give either body or topic")
    if request.queue_name not in queues.PRIORITY:
        raise OutboundError(f"unknown queue {request.queue_name!r}")
    if not request.idempotency_key:
        raise OutboundError("an idempotency key is required")


def claimed(client: DecodedRedis, idempotency_key: str) -> str:
    """The id of the message already queued under this idempotency key ("" when none)."""
    return cast(str, client.get(store.outbound_idempotency(idempotency_key))) or ""


def _claim(client: DecodedRedis, idempotency_key: str, message_id: str) -> str:
    """Reserve the idempotency key for `message_id`; returns the id that already holds it."""
    claim = store.outbound_idempotency(idempotency_key)
    if client.set(claim, message_id, nx=True, ex=store.IDEMPOTENCY_TTL):
        return ""
    return cast(str, client.get(claim)) or ""


def _save(client: DecodedRedis, record: OutboundMessage, due: float) -> None:
    name = store.outbound(record.id)
    pipe = client.pipeline()
    pipe.hset(name, mapping=dict(record.to_hash().items()))  # (typed as redis-py's hset wants)
    pipe.expire(name, store.OUTBOUND_TTL)
    if record.status == QUEUED:
        pipe.zadd(store.outbound_queued(), {record.id: due})
    pipe.execute()


def enqueue(
    services: Services,
    message_id: str,
    not_before: dt.datetime | None = None,
    job_id: str = "",
    **changes: object,
) -> Job | None:
    """Put a new send job for one saved message on its queue (scheduled when `not_before`).

    The record first learns the job's id (with `changes`, e.g. `deferred_until`), and a queued
    one moves in the queued index to when the job is due, so the sweep always knows which job
    holds it (a crash before the enqueue leaves a job id that does not exist: the sweep resends).
    `job_id`: a deterministic id, enqueued only once (RQ raises DuplicateJobError after that);
    then the job is enqueued first, and the id recorded after. Returns None, enqueuing nothing,
    when the record is gone (erased or expired).
    """
    record = load(services.redis, message_id)
    if record is None:
        return None
    due = (not_before or services.clock()).timestamp()
    chosen = job_id or new_job_id()
    if not job_id and not hold(services.redis, message_id, chosen, due, **changes):
        return None
    try:
        return enqueue_job(
            services, record.queue or queues.URGENT, jobs.SEND_MESSAGE, (message_id,),
            not_before=not_before, timeout=services.settings.send_job_timeout, job_id=chosen,
            unique=bool(job_id),
        )  # fmt: skip
    finally:  # enqueued now or before (DuplicateJobError): that job holds the message
        if job_id:
            hold(services.redis, message_id, job_id, due, **changes)


def enqueue_job(
    services: Services,
    queue_name: str,
    function: str,
    args: tuple[object, ...],
    *,
    not_before: dt.datetime | None,
    timeout: int,
    job_id: str = "",
    unique: bool = False,
) -> Job:
    """Enqueue a sending job with the retry policy: backoff 5 s .. 30 min, six retries.

    `job_id` (optional): the job's id; with `unique`, enqueued once (DuplicateJobError after
    that). Returns the job."""
    rq_queue = queues.queue(services.rq_redis, queue_name)
    options = {
        "args": args,
        "job_timeout": timeout,
        "failure_ttl": FAILURE_TTL,
        # The outbound records are the result; keep the job briefly all the same: with
        # result_ttl=0 RQ 3.0 deletes the job on success, and for a job retried after its worker
        # was killed that delete raises (the dead execution is still listed), so the job "fails"
        # and retries until exhausted (tests/platform/test_faults.py found it).
        "result_ttl": SEND_RESULT_TTL,
        "retry": jobs.SEND_RETRY,
    }
    if job_id:
        options.update(job_id=job_id, unique=unique)
    delay = (not_before - services.clock()) if not_before else dt.timedelta(0)
    if delay > dt.timedelta(0):  # relative to our clock, so tests may freeze it
        return rq_queue.enqueue_in(delay, function, **options)
    return rq_queue.enqueue(function, **options)
