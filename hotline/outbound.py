"""Outbound message records: everything the hotline sends outside the immediate webhook reply.

A message is saved in Redis first (recipient encrypted, content, purpose, idempotency key,
status, attempts) and only then enqueued as an RQ job that takes its id
(`workers.sending.send_message`). The job decides the final channel, renders content messages in
the texter's language for that channel, and hands them to a `senders.Sender`. Queuing the same
idempotency key twice returns the first id and queues nothing.

Status lifecycle (a status never moves backwards; the rank below only grows)::

    queued ──► sending ──► sent ──► delivered ──► read (WhatsApp only)
      │           │          ├────► undelivered
      │           │          └────► failed        (late failure reported by Twilio)
      │           └─────────────────► failed      (rejected; or unknown error, see RQ failed jobs)
      └──► skipped   (opted out, number unusable or forgotten: nothing was sent)

`sending` means an attempt was recorded before calling the provider; `sent` means the provider
accepted it (we hold its SID). `skipped`, `failed`, `undelivered`, `delivered` and `read` are
terminal for the worker: a job that finds one of them (or `sent`) does nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time

import redis

from hotline import metrics, queues, quiet_hours, store, texters
from hotline.inbound import CHANNELS, WHATSAPP_PREFIX, parse_number
from hotline.privacy import mask
from hotline.services import Services

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
UNDELIVERED = "undelivered"
FAILED = "failed"
READ = "read"
SKIPPED = "skipped"
RANK = {QUEUED: 0, SENDING: 1, SENT: 2, DELIVERED: 3, UNDELIVERED: 3, FAILED: 3, READ: 4}
RANK[SKIPPED] = 5  # nothing was sent, nothing can follow
DONE = frozenset({SENT, DELIVERED, UNDELIVERED, FAILED, READ, SKIPPED})

SEND_JOB = "workers.sending.send_message"
UNUSABLE_TTL = 90 * store.DAY
FAILURE_TTL = 30 * store.DAY  # failed jobs stay visible to staff in RQ's failed registry


class OutboundError(ValueError):
    """The message cannot be queued as asked (a programming error in the caller)."""


def queue(
    services: Services,
    *,
    to: str,
    channel: str,
    purpose: str,
    idempotency_key: str,
    body: str = "",
    topic: str = "",
    message: str = "answer",
    fields: dict | None = None,
    language: str = "fr",
    texter_id: str = "",
    queue_name: str = queues.URGENT,
    unsolicited: bool = False,
    send_at: dt.datetime | None = None,
) -> str:
    """Save an outbound message in Redis, then enqueue its send job; returns the message id.

    Either `body` (final text) or `topic` (+ `message`, `fields`: a content message rendered at
    send time for the final channel, in `language`) must be given. The same `idempotency_key`
    returns the existing id and queues nothing. `unsolicited=True` (reminders, broadcasts)
    respects opt-outs, quiet hours and the WhatsApp 24-hour window. `send_at`: not before then.
    """
    _check(channel, body, topic, queue_name, idempotency_key)
    number = parse_number(to)
    message_id = secrets.token_hex(10)
    record = {
        "id": message_id,
        "status": QUEUED,
        "to": services.privacy.encrypt(number),
        "texter_id": texter_id or services.privacy.texter_id(number),
        "channel": channel,
        "purpose": purpose,
        "idempotency_key": idempotency_key,
        "body": body,
        "topic": topic,
        "message": message if topic else "",
        "fields": json.dumps(fields or {}, ensure_ascii=False),
        "language": language or services.settings.default_language,
        "queue": queue_name,
        "unsolicited": "1" if unsolicited else "",
        "send_at": send_at.timestamp() if send_at else "",
        "created_at": services.clock().timestamp(),
        "attempts": 0,
    }
    existing = _claim(services.redis, idempotency_key, message_id)
    if existing:
        return existing
    not_before = _not_before(services, send_at, unsolicited)
    if not_before and not_before != send_at:
        record["deferred_until"] = not_before.isoformat()
    _save(services.redis, record)
    enqueue(services, message_id, not_before=not_before)
    return message_id


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
    fields: dict | None = None,
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
    return queue(
        services,
        to=services.privacy.decrypt(token),
        channel=texter.channel or "sms",
        purpose=purpose,
        idempotency_key=idempotency_key,
        topic=topic,
        message=message,
        fields=fields,
        language=language or texter.language or services.settings.default_language,
        texter_id=texter_id,
        queue_name=queue_name,
        unsolicited=unsolicited,
        send_at=send_at,
    )


def _check(channel: str, body: str, topic: str, queue_name: str, idempotency_key: str) -> None:
    if channel not in CHANNELS:
        raise OutboundError(f"unknown channel {channel!r}")
    if bool(body) == bool(topic):
        raise OutboundError("give either body or topic")
    if queue_name not in queues.PRIORITY:
        raise OutboundError(f"unknown queue {queue_name!r}")
    if not idempotency_key:
        raise OutboundError("an idempotency key is required")


def _claim(client: redis.Redis, idempotency_key: str, message_id: str) -> str:
    """Reserve the idempotency key for `message_id`; returns the id that already holds it."""
    key = store.outbound_idempotency(idempotency_key)
    if client.set(key, message_id, nx=True, ex=store.IDEMPOTENCY_TTL):
        return ""
    return client.get(key) or ""


def _save(client: redis.Redis, record: dict) -> None:
    key = store.outbound(record["id"])
    pipe = client.pipeline()
    pipe.hset(key, mapping=record)
    pipe.expire(key, store.OUTBOUND_TTL)
    pipe.execute()
    metrics.record_outbound(client, record.get("status", QUEUED))


def enqueue(services: Services, message_id: str, not_before: dt.datetime | None = None) -> None:
    """Put the send job of one saved message on its queue (scheduled when `not_before`)."""
    from rq import Retry  # local: keeps RQ out of importers that only read records

    record = load(services.redis, message_id)
    rq_queue = queues.queue(services.rq_redis, record.get("queue") or queues.URGENT)
    options = {
        "args": (message_id,),
        "job_timeout": services.settings.send_job_timeout,
        "failure_ttl": FAILURE_TTL,
        "result_ttl": 0,  # the outbound record is the result
        "retry": Retry(max=6, interval=[5, 15, 60, 180, 600, 1800]),
        "description": f"send outbound {message_id}",
    }
    delay = (not_before - services.clock()) if not_before else dt.timedelta(0)
    if delay > dt.timedelta(0):  # relative to our clock, so tests may freeze it
        rq_queue.enqueue_in(delay, SEND_JOB, **options)
    else:
        rq_queue.enqueue(SEND_JOB, **options)


def load(client: redis.Redis, message_id: str) -> dict:
    """The raw stored record ({} when unknown or expired); the recipient stays encrypted."""
    return client.hgetall(store.outbound(message_id))


def get(services: Services, message_id: str) -> dict | None:
    """The record of one message for display: recipient masked, fields decoded."""
    record = load(services.redis, message_id)
    if not record:
        return None
    return _public(services, record)


def _public(services: Services, record: dict) -> dict:
    shown = dict(record)
    token = shown.pop("to", "")
    try:
        shown["to"] = mask(services.privacy.decrypt(token)) if token else ""
    except ValueError:
        shown["to"] = "?"
    shown["fields"] = json.loads(shown.get("fields") or "{}")
    shown["attempts"] = int(shown.get("attempts") or 0)
    shown["unsolicited"] = bool(shown.get("unsolicited"))
    return shown


def outbox(services: Services, limit: int = 100) -> list[dict]:
    """Messages "sent" in outbox mode, newest first (what would have left the machine)."""
    ids = services.redis.zrevrange(store.outbox(), 0, max(limit, 1) - 1)
    records = (get(services, message_id) for message_id in ids)
    return [record for record in records if record]


def recipient(services: Services, record: dict) -> str:
    """The decrypted E.164 number of a record (for the sender only; never log it)."""
    return services.privacy.decrypt(record["to"]).removeprefix(WHATSAPP_PREFIX)


# The Lua script behind `advance`: set status (and other fields) only if its rank grows.
_ADVANCE = """
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 0 end
local ranks = cjson.decode(ARGV[1])
if ranks[ARGV[2]] <= (ranks[current] or -1) then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], unpack(ARGV, 3))
return 1
"""


_RANKS = json.dumps(RANK)


def _advance_args(message_id: str, status: str, changes: dict) -> list[object]:
    args: list[object] = [_ADVANCE, 1, store.outbound(message_id), _RANKS, status]
    for name, value in {**changes, "updated_at": time.time()}.items():
        args.extend((name, "" if value is None else value))
    return args


def advance(client: redis.Redis, message_id: str, status: str, **changes: object) -> bool:
    """Move a message to `status` with `changes`, only forwards; False when it would go back."""
    changed = bool(client.eval(*_advance_args(message_id, status, changes)))
    if changed:
        _count_status(client, message_id, status, changes.get("error_code"))
    return changed


def record_attempt(client: redis.Redis, message_id: str, **attempt: object) -> None:
    """Before calling the provider, in one round trip: status sending, the attempt's details
    (what is sent, on which channel, when), attempts + 1."""
    pipe = client.pipeline(transaction=False)
    pipe.eval(*_advance_args(message_id, SENDING, {}))
    update(pipe, message_id, **attempt)
    pipe.hincrby(store.outbound(message_id), "attempts", 1)
    if pipe.execute()[0]:
        _count_status(client, message_id, SENDING, None)


def record_accepted(client: redis.Redis, message_id: str, sid: str, provider_status: str) -> None:
    """Right after the provider accepted, in one round trip: its SID (both ways), status sent."""
    pipe = client.pipeline(transaction=False)
    update(pipe, message_id, sid=sid, attempt_state="accepted")
    link_sid(pipe, sid, message_id)
    pipe.eval(*_advance_args(message_id, SENT, {"provider_status": provider_status}))
    if pipe.execute()[-1]:
        _count_status(client, message_id, SENT, None)


def _count_status(client: redis.Redis, message_id: str, status: str, code: object) -> None:
    """Count the status change for GET /metrics, with the error code a failure recorded."""
    if not code and status in (FAILED, UNDELIVERED):
        code = client.hget(store.outbound(message_id), "error_code")
    metrics.record_outbound(client, status, code or "")


def update(client: redis.Redis, message_id: str, **changes: object) -> None:
    """Record fields that are not a status change (attempt markers, errors, final channel)."""
    values = {name: "" if value is None else value for name, value in changes.items()}
    client.hset(store.outbound(message_id), mapping={**values, "updated_at": time.time()})


def key(message_id: str) -> str:
    """The Redis key of one record (for the send job's counters)."""
    return store.outbound(message_id)


def link_sid(client: redis.Redis, sid: str, message_id: str) -> None:
    """Remember which message a provider SID belongs to (status callbacks carry only the SID)."""
    client.set(store.outbound_by_sid(sid), message_id, ex=store.OUTBOUND_TTL)


def mark_unusable(client: redis.Redis, texter_id: str) -> None:
    """The number cannot receive messages (invalid or landline): stop trying for a while."""
    client.set(store.unusable_number(texter_id), int(time.time()), ex=UNUSABLE_TTL)


def is_unusable(client: redis.Redis, texter_id: str) -> bool:
    """True when Twilio said this number cannot receive messages."""
    return bool(client.exists(store.unusable_number(texter_id)))


# Twilio's MessageStatus values -> ours. Twilio's own queued/sending still mean "accepted".
PROVIDER_STATUSES = {
    "accepted": SENT, "scheduled": SENT, "queued": SENT, "sending": SENT, "sent": SENT,
    "delivered": DELIVERED, "undelivered": UNDELIVERED, "failed": FAILED, "canceled": FAILED,
    "read": READ,
}  # fmt: skip


def record_status(
    client: redis.Redis,
    *,
    sid: str,
    provider_status: str,
    error_code: str = "",
    message_id: str = "",
) -> bool:
    """Apply one delivery report; idempotent and safe out of order (never moves backwards).

    The message is found by the id in the callback URL, else by SID. Returns True when the
    record changed. A report for an unknown message or status is ignored.
    """
    message_id = message_id or client.get(store.outbound_by_sid(sid)) or ""
    status = PROVIDER_STATUSES.get(provider_status)
    if not message_id or not status or not client.exists(store.outbound(message_id)):
        return False
    if sid and not client.hget(store.outbound(message_id), "sid"):
        client.hset(store.outbound(message_id), "sid", sid)
        link_sid(client, sid, message_id)
    changes = {"provider_status": provider_status}
    if error_code:
        changes["error_code"] = error_code
    return advance(client, message_id, status, **changes)
