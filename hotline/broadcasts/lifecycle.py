"""Broadcasts: one message to an audience, in each texter's language, previewed and paced.

A coordinator writes the message per language (`{"fr": "…", "ar": "…"}`, French required as
the fallback) or names a content topic (`{"topic": "sante"}`). Before anything is sent, the
preview counts recipients per language, SMS segments per language and the total segment cost;
nothing leaves until the coordinator confirms.

Planning streams the audience (`hotline.audiences`) into batches stored in Redis and chains one
RQ job per batch (`hotline.broadcast_plan`), so batches are handed over at the pace messages
leave and cancelling stops everything not handed over yet. Each batch job queues its messages
through `hotline.outbound` as unsolicited (opt-outs, quiet hours and the WhatsApp window are
applied there), each record carrying the broadcast id: a cancel also stops messages handed over
but not sent yet (deferred past quiet hours, or behind a paced backlog), and every message's
outcome (sent, failed, skipped, stopped, delivered) is counted on the broadcast (`progress`).

The stored broadcast is a `Broadcast` (hotline/broadcasts/records.py, with its hash layout).
"done" means every batch was handed over; `progress(...)["finished"]` says that every handed
over message also reached an outcome.

Lifecycle::

    draft ──confirm──► planning ──every batch scheduled──► sending ──last batch ran──► done
      │                   ▲
      └──confirm at T──► scheduled ──T──┘
    draft | scheduled | planning | sending ──cancel──► cancelled  (nothing unsent goes out)
    done ──cancel while handed-over messages wait (quiet hours, backlog)──► cancelled
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from hotline.broadcasts import audiences
from hotline.broadcasts.records import (  # noqa: F401 - re-exported: the records, their counters
    COUNTERS,
    HANDOVER_COUNTERS,
    SEND_COUNTERS,
    Broadcast,
    Message,
    Preview,
)
from hotline.languages import LANGUAGES, REFERENCE_LANGUAGE
from hotline.platform import Services, audit, jobs, queues, store
from hotline.text import sms

DRAFT = "draft"
SCHEDULED = "scheduled"
PLANNING = "planning"
SENDING = "sending"
DONE = "done"
CANCELLED = "cancelled"
OPEN = (DRAFT, SCHEDULED, PLANNING, SENDING)

BATCH_SIZE = 500
CANCEL_CHECK_EVERY = 50
CHANNELS = ("sms", "whatsapp")


class BroadcastError(ValueError):
    """The broadcast cannot be made or changed as asked.

    `code` says which rule was broken ("french_required", "unknown_topic", "unknown_languages",
    "message_empty", "not_draft"), so that the console can say it in the staff's language.
    """

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


def message_from(data: object, services: Services) -> Message:
    """Validate a message file's mapping: `topic: id` or language codes to texts."""
    if not isinstance(data, dict) or not data:
        raise BroadcastError(
            "the message must map languages to texts, or give `topic:`", "message_empty"
        )
    if "topic" in data:
        if data["topic"] not in services.content.topics:
            raise BroadcastError(f"unknown content topic {data['topic']!r}", "unknown_topic")
        return Message(topic=str(data["topic"]))
    unknown = set(data) - set(LANGUAGES)
    if unknown:
        raise BroadcastError(f"unknown languages {sorted(unknown)}", "unknown_languages")
    if not str(data.get(REFERENCE_LANGUAGE) or "").strip():
        raise BroadcastError(
            "a French text is required (the fallback for other languages)", "french_required"
        )
    return Message(texts={lang: str(text).strip() for lang, text in data.items()})


def preview(services: Services, audience: audiences.Audience, message: Message) -> Preview:
    """Count the audience per language and channel, streaming it batch by batch."""
    shown = Preview()
    for batch in audiences.batches(services, audience):
        for recipient in batch:
            _count(shown, message, recipient)
    for language in shown.recipients:
        text = message.render(services, language, "sms")
        shown.segments[language] = sms.segment_info(text).segments
    return shown


def _count(shown: Preview, message: Message, recipient: audiences.Recipient) -> None:
    if recipient.opted_out:
        shown.opted_out += 1
        return
    if not recipient.reachable:
        shown.unreachable += 1
        return
    language = message.language_for(recipient.language)
    shown.recipients[language] = shown.recipients.get(language, 0) + 1
    if recipient.channel == "sms":
        shown.sms_recipients[language] = shown.sms_recipients.get(language, 0) + 1


# --- records -------------------------------------------------------------------------------


def create(
    services: Services, audience_text: str, message: Message, send_at: dt.datetime | None = None
) -> tuple[str, Preview]:
    """Save a draft broadcast with its preview; returns (id, preview). Nothing is sent."""
    audience = audiences.parse(audience_text)
    figures = preview(services, audience, message)
    broadcast_id = str(services.redis.incr(store.broadcast_sequence()))
    now = services.clock().timestamp()
    record = Broadcast(
        id=broadcast_id,
        audience=str(audience),
        message=message,
        status=DRAFT,
        created_at=now,
        send_at=send_at.timestamp() if send_at else None,
        preview=figures,
    )
    pipe = services.redis.pipeline()
    # (a dict of the types redis-py's hset is annotated with)
    pipe.hset(store.broadcast(broadcast_id), mapping=dict(record.to_hash().items()))
    pipe.zadd(store.broadcasts(), {broadcast_id: now})
    pipe.execute()
    return broadcast_id, figures


def get(services: Services, broadcast_id: str) -> Broadcast | None:
    """One stored broadcast, or None."""
    data = cast("dict[str, str]", services.redis.hgetall(store.broadcast(broadcast_id)))
    return Broadcast.from_hash(data) if data else None


def all_broadcasts(services: Services) -> list[Broadcast]:
    """Every broadcast, newest first."""
    ids = cast("list[str]", services.redis.zrevrange(store.broadcasts(), 0, -1))
    return [b for b in (get(services, i) for i in ids) if b]


def message_of(record: Broadcast) -> Message:
    """The Message of a stored broadcast."""
    return record.message


def status(services: Services, broadcast_id: str) -> str:
    """The current status ("" when unknown)."""
    return cast("str | None", services.redis.hget(store.broadcast(broadcast_id), "status")) or ""


def is_cancelled(services: Services, broadcast_id: str) -> bool:
    """True once cancelled: its messages not sent yet are skipped by their send jobs."""
    return status(services, broadcast_id) == CANCELLED


def transition(services: Services, broadcast_id: str, new: str, *allowed: str) -> bool:
    """Compare-and-set on the status, so a cancel is never overwritten by a worker."""
    script = "if redis.call('HGET', KEYS[1], 'status') == ARGV[1] then "
    script += "redis.call('HSET', KEYS[1], 'status', ARGV[2]) return 1 end return 0"
    key = store.broadcast(broadcast_id)
    return any(services.redis.eval(script, 1, key, old, new) for old in allowed)


PLAN_TIMEOUT = 300  # seconds; 100,000 recipients plan in well under 10 s
# The plan job: unique per broadcast, retried if its worker dies (see hotline/platform/worker.py).
_PLAN_OPTIONS = {"unique": True, "job_timeout": PLAN_TIMEOUT, "retry": jobs.BROADCAST_PLAN_RETRY}


def confirm(services: Services, broadcast_id: str, actor: str = "") -> str:
    """The coordinator's explicit go (audited): schedule planning at `send_at`, or start it
    now."""
    record = get(services, broadcast_id)
    if record is None or record.status != DRAFT:
        raise BroadcastError(f"broadcast {broadcast_id} is not a draft", "not_draft")
    when = record.send_time
    rq_queue = queues.queue(services.rq_redis, queues.BROADCASTS)
    job_id = jobs.broadcast_plan_job_id(broadcast_id)
    if when and when > services.clock():
        transition(services, broadcast_id, SCHEDULED, DRAFT)
        _audit(services, audit.BROADCAST_CONFIRMED, broadcast_id, actor)
        rq_queue.enqueue_at(when, jobs.PLAN_BROADCAST, broadcast_id, job_id=job_id, **_PLAN_OPTIONS)
        return SCHEDULED
    transition(services, broadcast_id, PLANNING, DRAFT)
    _audit(services, audit.BROADCAST_CONFIRMED, broadcast_id, actor)
    rq_queue.enqueue(jobs.PLAN_BROADCAST, broadcast_id, job_id=job_id, **_PLAN_OPTIONS)
    return PLANNING


def _audit(services: Services, action: str, broadcast_id: str, actor: str) -> None:
    audit.record(services.redis, action, actor=actor, about=f"broadcast:{broadcast_id}")


# Cancel a done broadcast only while some handed-over message has no outcome yet (atomic).
_CANCEL_DONE = """
local b = redis.call('HMGET', KEYS[1], 'status', 'queued', unpack(ARGV))
if b[1] ~= 'done' then return 0 end
local outcomes = 0
for i = 3, #b do outcomes = outcomes + tonumber(b[i] or 0) end
if tonumber(b[2] or 0) <= outcomes then return 0 end
redis.call('HSET', KEYS[1], 'status', 'cancelled')
return 1
"""
OUTCOMES = ("sent", "failed", "skipped_at_send", "stopped")  # a handed-over message's end


def cancel(services: Services, broadcast_id: str, actor: str = "") -> bool:
    """Stop a broadcast (audited): batches not yet handed to outbound send nothing, and messages
    handed over but not sent yet are skipped by their send jobs (hotline/outbound/delivery.py),
    even once every batch was handed over ("done" during quiet hours). False when nothing is
    left to stop."""
    key = store.broadcast(broadcast_id)
    stopped = transition(services, broadcast_id, CANCELLED, *OPEN) or bool(
        services.redis.eval(_CANCEL_DONE, 1, key, *OUTCOMES)
    )
    if stopped:
        _audit(services, audit.BROADCAST_CANCELLED, broadcast_id, actor)
    return stopped


def progress(services: Services, broadcast_id: str) -> dict[str, Any]:
    """Status and counters for a progress bar, from hand-over to each message's outcome.

    `total`: recipients in the preview; `queued`: handed to outbound; `skipped`: left out at
    hand-over (number forgotten); then `sent` (accepted by the provider), `failed` (rejected),
    `skipped_at_send` (opted out since, unusable number), `delivered` (delivery reports);
    `pending`: handed over, no outcome yet; `stopped`: kept from being sent by a cancel (skipped
    at send, plus the recipients never handed over); `finished`: nothing is left to happen.
    """
    return progress_of(get(services, broadcast_id))


def progress_of(record: Broadcast | None) -> dict[str, Any]:
    """`progress` for a broadcast already read with `get` (lists of broadcasts); for None (no
    such broadcast) all zero, the status None."""
    known = record or Broadcast()
    shown: dict[str, Any] = {
        "total": known.preview.total_recipients,
        "status": record.status if record else None,
        **known.counters(),
    }
    shown["pending"] = max(shown["queued"] - sum(shown[name] for name in OUTCOMES), 0)
    shown["stopped"] += _never_handed_over(known, shown)
    shown["finished"] = shown["status"] in (DONE, CANCELLED) and not shown["pending"]
    return shown


def cancellable(shown: dict[str, Any]) -> bool:
    """Whether `cancel` would still stop something, for a `progress` dict (buttons, CLI)."""
    return shown["status"] in OPEN or (shown["status"] == DONE and shown["pending"] > 0)


def _never_handed_over(record: Broadcast, shown: dict[str, Any]) -> int:
    """Recipients a cancel kept from being handed over at all (estimated from the preview)."""
    handed_all = record.planned and shown["batches_done"] >= shown["batches"]
    if shown["status"] != CANCELLED or handed_all:
        return 0
    return max(shown["total"] - shown["queued"] - shown["skipped"], 0)
