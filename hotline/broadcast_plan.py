"""Planning and sending a confirmed broadcast, batch by batch (run by workers/broadcasts.py).

`plan` streams the audience into Redis lists of at most `BATCH_SIZE` rows ("texter language
channel"; no numbers) and schedules one RQ job per batch, spaced at the outbound sending rate, so
that the RQ queues never hold the whole audience and a cancel stops what is not handed over yet.
`send_batch` re-reads each texter's stored number at send time (a texter who asked to be
forgotten meanwhile is skipped) and queues one unsolicited outbound message per recipient under
an idempotency key per broadcast and texter: a retried batch never sends twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hotline import audiences, outbound, queues, store
from hotline.broadcasts import (
    BATCH_JOB,
    BATCH_SIZE,
    CANCEL_CHECK_EVERY,
    CANCELLED,
    PLANNING,
    SCHEDULED,
    Message,
    get,
    message_of,
    status,
    transition,
)
from hotline.services import Services

# Atomic end-of-work check: planning finished and every batch ran -> done; planned -> sending.
_SETTLE = """
local b = redis.call('HMGET', KEYS[1], 'status', 'planned', 'batches', 'batches_done')
if b[2] ~= '1' then return b[1] end
if (b[1] == 'planning' or b[1] == 'sending') and tonumber(b[4]) >= tonumber(b[3]) then
  redis.call('HSET', KEYS[1], 'status', 'done') return 'done'
end
if b[1] == 'planning' then redis.call('HSET', KEYS[1], 'status', 'sending') return 'sending' end
return b[1]
"""


def plan(
    services: Services, broadcast_id: str, on_batch: Callable[[int], None] | None = None
) -> int:
    """Stream the audience into batches and schedule their jobs; returns the batch count.

    `on_batch(n)` is called with the number of audience rows read, for a progress bar.
    """
    record = get(services, broadcast_id)
    if record is None:
        return 0
    transition(services, broadcast_id, PLANNING, SCHEDULED)
    if status(services, broadcast_id) != PLANNING:
        return 0  # cancelled (or already planned by an earlier run of this job)
    message, audience = message_of(record), audiences.parse(record["audience"])
    interval = batch_interval(services.settings.sms_rate_per_second)
    start, number = services.clock(), 0
    for batch in audiences.batches(services, audience, BATCH_SIZE):
        if status(services, broadcast_id) != PLANNING:
            return number
        rows = [_row(message, r) for r in batch if r.reachable and not r.opted_out]
        if rows:
            _store_batch(services, broadcast_id, number, rows, start + number * interval)
            number += 1
        if on_batch:
            on_batch(len(batch))
    services.redis.hset(store.broadcast(broadcast_id), "planned", 1)
    settle(services, broadcast_id)
    return number


def batch_interval(rate_per_second: float) -> dt.timedelta:
    """The spacing of batch jobs: one batch takes this long to leave at the sending rate.

    Handing batches to outbound no faster than they can leave keeps the RQ queues short and
    lets a cancel stop everything that has not been handed over. Rate 0 (unpaced): no spacing.
    """
    if rate_per_second <= 0:
        return dt.timedelta(0)
    return dt.timedelta(seconds=BATCH_SIZE / rate_per_second)


def _row(message: Message, recipient: audiences.Recipient) -> str:
    return f"{recipient.texter_id} {message.language_for(recipient.language)} {recipient.channel}"


def _store_batch(
    services: Services, broadcast_id: str, number: int, rows: list[str], when: dt.datetime
) -> None:
    key = store.broadcast_batch(broadcast_id, number)
    pipe = services.redis.pipeline()
    pipe.delete(key)
    pipe.rpush(key, *rows)
    pipe.expire(key, store.BROADCAST_BATCH_TTL)
    pipe.hincrby(store.broadcast(broadcast_id), "batches", 1)
    pipe.execute()
    rq_queue = queues.queue(services.rq_redis, queues.BROADCASTS)
    options = {"job_id": f"hl-broadcast-{broadcast_id}-{number}", "unique": True}
    if when > services.clock():
        rq_queue.enqueue_at(when, BATCH_JOB, broadcast_id, number, **options)
    else:
        rq_queue.enqueue(BATCH_JOB, broadcast_id, number, **options)


def settle(services: Services, broadcast_id: str) -> str:
    """Move a broadcast to sending or done when its work is complete; returns the status."""
    return services.redis.eval(_SETTLE, 1, store.broadcast(broadcast_id))


def send_batch(services: Services, broadcast_id: str, number: int) -> int:
    """Queue one batch's messages (unless cancelled); returns how many were queued."""
    record = get(services, broadcast_id)
    key = store.broadcast_batch(broadcast_id, number)
    if record is None or record["status"] == CANCELLED:
        services.redis.delete(key)
        return 0
    message, rows = message_of(record), services.redis.lrange(key, 0, -1)
    queued = skipped = 0
    for begin in range(0, len(rows), CANCEL_CHECK_EVERY):
        if status(services, broadcast_id) == CANCELLED:
            break
        done, missed = _send_rows(
            services, broadcast_id, message, rows[begin:][:CANCEL_CHECK_EVERY]
        )
        queued, skipped = queued + done, skipped + missed
    pipe = services.redis.pipeline()
    pipe.hincrby(store.broadcast(broadcast_id), "queued", queued)
    pipe.hincrby(store.broadcast(broadcast_id), "skipped", skipped)
    pipe.hincrby(store.broadcast(broadcast_id), "batches_done", 1)
    pipe.delete(key)
    pipe.execute()
    settle(services, broadcast_id)
    return queued


def _send_rows(
    services: Services, broadcast_id: str, message: Message, rows: list[str]
) -> tuple[int, int]:
    parsed = [row.split(" ") for row in rows]
    pipe = services.redis.pipeline(transaction=False)
    for texter_id, _, _ in parsed:
        pipe.hget(store.texter(texter_id), "phone")
    tokens = pipe.execute()
    queued = 0
    for (texter_id, language, channel), token in zip(parsed, tokens, strict=True):
        if token:
            _queue_one(services, broadcast_id, message, texter_id, language, channel, token)
            queued += 1
    return queued, len(parsed) - queued


def _queue_one(
    services: Services,
    broadcast_id: str,
    message: Message,
    texter_id: str,
    language: str,
    channel: str,
    token: str,
) -> str:
    content = {"topic": message.topic} if message.topic else {}
    if not message.topic:
        content["body"] = message.render(services, language, channel)
    return outbound.queue(
        services,
        to=services.privacy.decrypt(token),
        channel=channel,
        purpose="broadcast",
        idempotency_key=f"broadcast:{broadcast_id}:{texter_id}",
        language=language,
        texter_id=texter_id,
        queue_name=queues.BROADCASTS,
        unsolicited=True,
        **content,
    )
