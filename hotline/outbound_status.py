"""Outbound message status: the lifecycle, its only-forwards transitions, delivery reports.

Status lifecycle (a status never moves backwards; the rank below only grows)::

    queued ──► sending ──► sent ──► delivered ──► read (WhatsApp only)
      │           │          ├────► undelivered
      │           │          └────► failed        (late failure reported by Twilio)
      │           └─────────────────► failed      (rejected; or unknown error, see RQ failed jobs)
      └──► skipped   (opted out, number unusable or forgotten, broadcast cancelled: nothing sent)

`sending` means an attempt was recorded before calling the provider; `sent` means the provider
accepted it (we hold its SID). `skipped`, `failed`, `undelivered`, `delivered` and `read` are
terminal for the worker: a job that finds one of them (or `sent`) does nothing.

Every record in `sending` is also listed in an in-flight index (`store.outbound_in_flight`),
written in the same transaction as the status: an attempt adds it, acceptance or any later
status removes it. The housekeeping sweep (workers/outbound_sweep.py) brings what stays there
too long (a worker killed between the provider's answer and our write) to its final state.
"""

from __future__ import annotations

import json
import time

import redis

from hotline import metrics, store

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

UNUSABLE_TTL = 90 * store.DAY


CANCELLED = "cancelled"  # the skip reason of a message whose broadcast was cancelled

# Delivery counters of a broadcast's messages (fields of its hash, read by
# `hotline.broadcasts.progress`), counted by `_ADVANCE` on the very transition that changed the
# status, so each message counts once however often its job runs. A rule counts into `counter`
# when the new status is `status`, the previous rank was below `below`, and the record's
# skip/failure reason matches `reason` ("" any, "x" only x, "!x" any but x). Accepted by the
# provider counts as sent even when the first report we see is already a delivery report.
BROADCAST_COUNTS = (
    ("sent", SENT, RANK[SENT], ""),
    ("sent", DELIVERED, RANK[SENT], ""),
    ("sent", UNDELIVERED, RANK[SENT], ""),
    ("sent", READ, RANK[SENT], ""),
    ("failed", FAILED, RANK[SENT], ""),  # rejected: never accepted by the provider
    ("skipped_at_send", SKIPPED, RANK[SENT], "!" + CANCELLED),  # opted out since, unusable
    ("stopped", SKIPPED, RANK[SENT], CANCELLED),  # skipped because the broadcast was cancelled
    ("delivered", DELIVERED, RANK[DELIVERED], ""),
    ("delivered", READ, RANK[DELIVERED], ""),
)

# The Lua script behind `advance`: set status (and other fields) only if its rank grows; then,
# for a broadcast's message (field `broadcast_id`), count the transition on the broadcast.
_ADVANCE = """
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 0 end
local ranks = cjson.decode(ARGV[1])
local before = ranks[current] or -1
if ranks[ARGV[2]] <= before then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], unpack(ARGV, 4))
local broadcast = redis.call('HGET', KEYS[1], 'broadcast_id')
if not broadcast or broadcast == '' then return 1 end
local counts = cjson.decode(ARGV[3])
local target = counts.prefix .. broadcast
if redis.call('EXISTS', target) == 0 then return 1 end
local reason = redis.call('HGET', KEYS[1], 'reason') or ''
for _, rule in ipairs(counts.rules) do
  local want = rule[4]
  local matches = want == '' or want == reason or
    (string.sub(want, 1, 1) == '!' and string.sub(want, 2) ~= reason)
  if rule[2] == ARGV[2] and before < rule[3] and matches then
    redis.call('HINCRBY', target, rule[1], 1)
  end
end
return 1
"""


_RANKS = json.dumps(RANK)
# The broadcast hash is store.broadcast(id): the script appends the record's id to the prefix.
_COUNTS = json.dumps({"prefix": store.broadcast(""), "rules": BROADCAST_COUNTS})


def _advance_args(message_id: str, status: str, changes: dict) -> list[object]:
    args: list[object] = [_ADVANCE, 1, store.outbound(message_id), _RANKS, status, _COUNTS]
    for name, value in {**changes, "updated_at": time.time()}.items():
        args.extend((name, "" if value is None else value))
    return args


def advance(client: redis.Redis, message_id: str, status: str, **changes: object) -> bool:
    """Move a message to `status` with `changes`, only forwards; False when it would go back.

    Past `sending`, the message also leaves the in-flight index, in the same transaction."""
    pipe = client.pipeline()
    pipe.eval(*_advance_args(message_id, status, changes))
    if RANK[status] > RANK[SENDING]:
        pipe.zrem(store.outbound_in_flight(), message_id)
    changed = bool(pipe.execute()[0])
    if changed:
        _count_status(client, message_id, status, changes.get("error_code"))
    return changed


def record_attempt(client: redis.Redis, message_id: str, **attempt: object) -> None:
    """Before calling the provider, in one round trip: status sending, the attempt's details
    (what is sent, on which channel, when), attempts + 1; and, in the same transaction, the
    message enters the in-flight index, scored by the attempt's time (workers/outbound_sweep.py)."""
    pipe = client.pipeline()
    pipe.eval(*_advance_args(message_id, SENDING, {}))
    update(pipe, message_id, **attempt)
    pipe.hincrby(store.outbound(message_id), "attempts", 1)
    pipe.zadd(store.outbound_in_flight(), {message_id: attempt.get("attempt_at") or time.time()})
    if pipe.execute()[0]:
        _count_status(client, message_id, SENDING, None)


def record_accepted(client: redis.Redis, message_id: str, sid: str, provider_status: str) -> None:
    """Right after the provider accepted, in one transaction: its SID (both ways), status sent,
    out of the in-flight index."""
    pipe = client.pipeline()
    update(pipe, message_id, sid=sid, attempt_state="accepted")
    link_sid(pipe, sid, message_id)
    pipe.zrem(store.outbound_in_flight(), message_id)
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
