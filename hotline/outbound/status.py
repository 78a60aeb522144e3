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
status removes it. Likewise every record in `queued` is in the queued index
(`store.outbound_queued`, scored by when its send job is due): saving it or handing it a new job
(`hold`: a deferral, a resend) adds it, any status past `queued` removes it. The housekeeping
sweep (hotline/outbound/sweep.py) brings what stays in either too long (a worker killed between
the provider's answer and our write; a job popped by a worker stopped before starting it) to its
final state.

Writes never re-create a record: every write to an existing record (`update`, `hold`,
`record_attempt`, `record_accepted`, `advance`, `link_sid`) is one Lua script that first checks
the record still exists, so a job still running when its texter is erased
(hotline/retention/erasure.py)
writes nothing, and `record_attempt` tells it not to call the provider.
"""

from __future__ import annotations

import json
import time
from typing import Any, cast

from hotline.platform import DecodedRedis, counters, store

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
# Past `queued`, the id (ARGV[4]) leaves the queued index (KEYS[2]) whatever the record holds.
_ADVANCE = """
local ranks = cjson.decode(ARGV[1])
if ranks[ARGV[2]] > 0 then redis.call('ZREM', KEYS[2], ARGV[4]) end
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 0 end
local before = ranks[current] or -1
if ranks[ARGV[2]] <= before then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], unpack(ARGV, 5))
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


# The Lua script behind every other write to a record: nothing unless the record (KEYS[1])
# exists; then increment field ARGV[1] (unless ''), set the pairs ARGV[5..], and when KEYS[2] is
# given and the record's status is ARGV[4], add its id ARGV[3] to that index with score ARGV[2].
_WRITE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] ~= '' then redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
if KEYS[2] and redis.call('HGET', KEYS[1], 'status') == ARGV[4] then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
end
return 1
"""

# Link a provider SID (KEYS[2]) to the id ARGV[1] for ARGV[2] seconds, if the record exists.
_LINK = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
return 1
"""


# The scripts' arguments: keys, then str, int and float values (a list of mixed types).
def _fields(changes: dict[str, object]) -> list[Any]:
    pairs: list[Any] = []
    for name, value in {**changes, "updated_at": time.time()}.items():
        pairs.extend((name, "" if value is None else value))
    return pairs


def _advance_args(message_id: str, status: str, changes: dict[str, object]) -> list[Any]:
    keys = (store.outbound(message_id), store.outbound_queued())
    return [_ADVANCE, 2, *keys, _RANKS, status, _COUNTS, message_id, *_fields(changes)]


def _write_args(
    message_id: str,
    changes: dict[str, object],
    *,
    increment: str = "",
    index: str = "",
    score: float = 0.0,
    status: str = "",
) -> list[Any]:
    keys = [store.outbound(message_id), *([index] if index else [])]
    return [_WRITE, len(keys), *keys, increment, score, message_id, status, *_fields(changes)]


def advance(client: DecodedRedis, message_id: str, status: str, **changes: object) -> bool:
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


def record_attempt(client: DecodedRedis, message_id: str, **attempt: object) -> bool:
    """Before calling the provider, in one round trip: status sending, the attempt's details
    (what is sent, on which channel, when), attempts + 1; and, in the same transaction, the
    message enters the in-flight index, scored by the attempt's time (hotline/outbound/sweep.py).

    Returns False, writing nothing, when the record is gone (erased): do not call the provider."""
    at = attempt.get("attempt_at") or time.time()  # epoch seconds (float() below: an object)
    pipe = client.pipeline()
    pipe.eval(*_advance_args(message_id, SENDING, {}))
    pipe.eval(
        *_write_args(
            message_id, attempt, increment="attempts", index=store.outbound_in_flight(),
            score=float(at), status=SENDING,  # type: ignore[arg-type]
        )
    )  # fmt: skip
    advanced, written = pipe.execute()
    if advanced:
        _count_status(client, message_id, SENDING, None)
    return bool(written)


def record_accepted(client: DecodedRedis, message_id: str, sid: str, provider_status: str) -> None:
    """Right after the provider accepted, in one transaction: its SID (both ways), status sent,
    out of the in-flight index (nothing written when the record was erased meanwhile)."""
    pipe = client.pipeline()
    pipe.eval(*_write_args(message_id, {"sid": sid, "attempt_state": "accepted"}))
    link_sid(pipe, sid, message_id)
    pipe.zrem(store.outbound_in_flight(), message_id)
    pipe.eval(*_advance_args(message_id, SENT, {"provider_status": provider_status}))
    if pipe.execute()[-1]:
        _count_status(client, message_id, SENT, None)


def hold(client: DecodedRedis, message_id: str, job_id: str, due: float, **changes: object) -> bool:
    """A send job (`job_id`, due at `due`) now holds the message: its id on the record with
    `changes`, and a queued message enters (or moves in) the queued index at `due`, in one
    conditional write. False when the record is gone (erased or expired): enqueue nothing."""
    args = _write_args(
        message_id, {**changes, "job_id": job_id}, index=store.outbound_queued(), score=due,
        status=QUEUED,
    )  # fmt: skip
    return bool(client.eval(*args))


def _count_status(client: DecodedRedis, message_id: str, status: str, code: object) -> None:
    """Count the status change for GET /metrics, with the error code a failure recorded."""
    if not code and status in (FAILED, UNDELIVERED):
        code = client.hget(store.outbound(message_id), "error_code")
    counters.record_outbound(client, status, code or "")


def update(client: DecodedRedis, message_id: str, **changes: object) -> bool:
    """Record fields that are not a status change (attempt markers, errors, final channel);
    only on a record that still exists (False otherwise: an erased record stays erased)."""
    return bool(client.eval(*_write_args(message_id, changes)))


def key(message_id: str) -> str:
    """The Redis key of one record (for the send job's counters)."""
    return store.outbound(message_id)


def link_sid(client: DecodedRedis, sid: str, message_id: str) -> None:
    """Remember which message a provider SID belongs to (status callbacks carry only the SID),
    unless the record is gone."""
    keys = (store.outbound(message_id), store.outbound_by_sid(sid))
    client.eval(_LINK, 2, *keys, message_id, store.OUTBOUND_TTL)


def mark_unusable(client: DecodedRedis, texter_id: str) -> None:
    """The number cannot receive messages (invalid or landline): stop trying for a while."""
    client.set(store.unusable_number(texter_id), int(time.time()), ex=UNUSABLE_TTL)


def is_unusable(client: DecodedRedis, texter_id: str) -> bool:
    """True when Twilio said this number cannot receive messages."""
    return bool(client.exists(store.unusable_number(texter_id)))


# Twilio's MessageStatus values -> ours. Twilio's own queued/sending still mean "accepted".
PROVIDER_STATUSES = {
    "accepted": SENT, "scheduled": SENT, "queued": SENT, "sending": SENT, "sent": SENT,
    "delivered": DELIVERED, "undelivered": UNDELIVERED, "failed": FAILED, "canceled": FAILED,
    "read": READ,
}  # fmt: skip


def record_status(
    client: DecodedRedis,
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
    message_id = message_id or cast(str, client.get(store.outbound_by_sid(sid))) or ""
    status = PROVIDER_STATUSES.get(provider_status)
    if not message_id or not status or not client.exists(store.outbound(message_id)):
        return False
    if sid and not client.hget(store.outbound(message_id), "sid"):
        update(client, message_id, sid=sid)
        link_sid(client, sid, message_id)
    changes = {"provider_status": provider_status}
    if error_code:
        changes["error_code"] = error_code
    return advance(client, message_id, status, **changes)
