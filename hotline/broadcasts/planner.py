"""Planning and sending a confirmed broadcast, batch by batch (run by workers/broadcasts.py).

`plan` streams the audience into Redis lists of at most `BATCH_SIZE` rows ("texter language
channel"; no numbers) and enqueues one RQ job per batch, each depending on the previous one: RQ
enqueues batch n+1 only when batch n has run, behind the send jobs batch n queued. Batches are
thus handed to outbound at the pace messages actually leave, the queues never hold the whole
audience, and a cancel stops everything not handed over yet. No job waits in the RQ scheduler,
so a crashed worker's successor carries on without it.

`send_batch` re-reads each texter's stored number at send time (a texter who asked to be
forgotten meanwhile is skipped) and queues one unsolicited outbound message per recipient under
an idempotency key per broadcast and texter: a retried batch (or a re-planned broadcast after a
crash during planning: each planning run is a new `attempt`) never sends anything twice, and
counts only what it queued itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import cast

from rq.job import Dependency, Job

from hotline import outbound
from hotline.broadcasts import audiences
from hotline.broadcasts.lifecycle import (
    BATCH_SIZE,
    CANCEL_CHECK_EVERY,
    CANCELLED,
    PLANNING,
    SCHEDULED,
    Broadcast,
    Message,
    get,
    status,
    transition,
)
from hotline.outbound import OutboundRequest
from hotline.platform import Services, jobs, queues, store

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


BATCH_TIMEOUT = 60  # seconds; a batch is BATCH_SIZE outbound.queue calls
PLANNER_TTL = 60  # seconds; renewed at every batch, so a dead planner's claim lapses soon


class PlanningElsewhere(RuntimeError):
    """Another process is planning this broadcast now: the plan job raises and RQ retries it."""


def plan(
    services: Services, broadcast_id: str, on_batch: Callable[[int], None] | None = None
) -> int:
    """Stream the audience into batches and enqueue their chained jobs; returns the batch count.

    One planner at a time: the CLI plans in its own process (for its progress bar) while the
    plan job queued by `confirm` may start in a worker. Two planning runs at once would each
    start a new attempt and orphan the other's batches, so a run claims the broadcast first and
    raises `PlanningElsewhere` when another holds it. `on_batch(n)` is called with the number of
    audience rows read, for a progress bar.
    """
    record = get(services, broadcast_id)
    if record is None:
        return 0
    transition(services, broadcast_id, PLANNING, SCHEDULED)
    if status(services, broadcast_id) != PLANNING:
        return 0  # cancelled, or planned completely by an earlier run of this job
    token = _claim_planner(services, broadcast_id)
    try:
        if status(services, broadcast_id) != PLANNING:
            return 0  # planned completely by the run that held the claim until now
        return _plan_batches(services, broadcast_id, record, on_batch)
    finally:
        _release_planner(services, broadcast_id, token)


def _plan_batches(
    services: Services,
    broadcast_id: str,
    record: Broadcast,
    on_batch: Callable[[int], None] | None,
) -> int:
    attempt = _new_attempt(services, broadcast_id)
    message, audience = record.message, audiences.parse(record.audience)
    number, previous = 0, None
    for batch in audiences.batches(services, audience, BATCH_SIZE):
        if not _still_planning(services, broadcast_id):
            return number
        rows = [_row(message, r) for r in batch if r.reachable and not r.opted_out]
        if rows:
            previous = _store_batch(services, broadcast_id, attempt, number, rows, previous)
            number += 1
        if on_batch:
            on_batch(len(batch))
    services.redis.hset(store.broadcast(broadcast_id), "planned", 1)
    settle(services, broadcast_id)
    return number


def _claim_planner(services: Services, broadcast_id: str) -> str:
    token = secrets.token_hex(8)
    claim = store.broadcast_planner(broadcast_id)
    if not services.redis.set(claim, token, nx=True, ex=PLANNER_TTL):
        raise PlanningElsewhere(f"broadcast {broadcast_id} is being planned by another process")
    return token


def _still_planning(services: Services, broadcast_id: str) -> bool:
    """Not cancelled meanwhile; renews the planner's claim in the same round trip."""
    pipe = services.redis.pipeline(transaction=False)
    pipe.hget(store.broadcast(broadcast_id), "status")
    pipe.expire(store.broadcast_planner(broadcast_id), PLANNER_TTL)
    return pipe.execute()[0] == PLANNING


_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end"


def _release_planner(services: Services, broadcast_id: str, token: str) -> None:
    """Drop the claim if it is still ours (it may have lapsed and been taken meanwhile)."""
    services.redis.eval(_RELEASE + " return 0", 1, store.broadcast_planner(broadcast_id), token)


def _new_attempt(services: Services, broadcast_id: str) -> int:
    """Start a planning run: batches of an interrupted earlier run will do nothing."""
    pipe = services.redis.pipeline()
    pipe.hincrby(store.broadcast(broadcast_id), "attempt", 1)
    pipe.hset(store.broadcast(broadcast_id), mapping={"batches": 0, "batches_done": 0})
    return int(pipe.execute()[0])


def _row(message: Message, recipient: audiences.Recipient) -> str:
    return f"{recipient.texter_id} {message.language_for(recipient.language)} {recipient.channel}"


def _store_batch(
    services: Services,
    broadcast_id: str,
    attempt: int,
    number: int,
    rows: list[str],
    previous: str | None,
) -> str:
    key = store.broadcast_batch(broadcast_id, f"{attempt}-{number}")
    pipe = services.redis.pipeline()
    pipe.delete(key)
    pipe.rpush(key, *rows)
    pipe.expire(key, store.BROADCAST_BATCH_TTL)
    pipe.hincrby(store.broadcast(broadcast_id), "batches", 1)
    pipe.execute()
    job_id = jobs.broadcast_batch_job_id(broadcast_id, attempt, number)
    after = Dependency(jobs=[previous], allow_failure=True) if previous else None
    if Job.exists(job_id, services.rq_redis):  # ids are per planning run: one planner each
        return job_id
    queues.queue(services.rq_redis, queues.BROADCASTS).enqueue(
        jobs.SEND_BROADCAST_BATCH, broadcast_id, attempt, number, job_id=job_id,
        depends_on=after, job_timeout=BATCH_TIMEOUT, retry=jobs.BROADCAST_BATCH_RETRY,
    )  # fmt: skip
    return job_id


def settle(services: Services, broadcast_id: str) -> str:
    """Move a broadcast to sending or done when its work is complete; returns the status."""
    return services.redis.eval(_SETTLE, 1, store.broadcast(broadcast_id))


def send_batch(services: Services, broadcast_id: str, attempt: int, number: int) -> int:
    """Queue one batch's messages (unless cancelled); returns how many were queued."""
    record = get(services, broadcast_id)
    key = store.broadcast_batch(broadcast_id, f"{attempt}-{number}")
    if (
        record is None
        or record.attempt != attempt
        or record.status == CANCELLED
        or not services.redis.exists(key)
    ):
        services.redis.delete(key)
        return 0  # stale attempt, cancelled, or already done by an earlier run of this job
    message, rows = record.message, cast("list[str]", services.redis.lrange(key, 0, -1))
    queued = 0
    for begin in range(0, len(rows), CANCEL_CHECK_EVERY):
        if status(services, broadcast_id) == CANCELLED:
            break
        queued += _send_rows(services, broadcast_id, message, rows[begin:][:CANCEL_CHECK_EVERY])
    pipe = services.redis.pipeline()
    pipe.hincrby(store.broadcast(broadcast_id), "batches_done", 1)
    pipe.delete(key)
    pipe.execute()
    settle(services, broadcast_id)
    return queued


def _send_rows(services: Services, broadcast_id: str, message: Message, rows: list[str]) -> int:
    """Queue the rows not queued yet; counts queued and skipped (number forgotten) at once."""
    parsed = [row.split(" ") for row in rows]
    pipe = services.redis.pipeline(transaction=False)
    for texter_id, _, _ in parsed:
        pipe.hget(store.texter(texter_id), "phone")
        pipe.exists(store.outbound_idempotency(_key(broadcast_id, texter_id)))
    answers = pipe.execute()
    queued = skipped = 0
    for index, (texter_id, language, channel) in enumerate(parsed):
        token, already = answers[2 * index], answers[2 * index + 1]
        if already:
            continue  # queued by an earlier run of this batch: counted then
        if not token:
            skipped += 1
            continue
        _queue_one(services, broadcast_id, message, texter_id, language, channel, token)
        queued += 1
    pipe = services.redis.pipeline()
    pipe.hincrby(store.broadcast(broadcast_id), "queued", queued)
    pipe.hincrby(store.broadcast(broadcast_id), "skipped", skipped)
    pipe.execute()
    return queued


def _key(broadcast_id: str, texter_id: str) -> str:
    return f"broadcast:{broadcast_id}:{texter_id}"


def _queue_one(
    services: Services,
    broadcast_id: str,
    message: Message,
    texter_id: str,
    language: str,
    channel: str,
    token: str,
) -> str:
    request = OutboundRequest(
        to=services.privacy.decrypt(token),
        channel=channel,
        purpose="broadcast",
        idempotency_key=_key(broadcast_id, texter_id),
        body="" if message.topic else message.render(services, language, channel),
        topic=message.topic,
        language=language,
        texter_id=texter_id,
        queue_name=queues.BROADCASTS,
        unsolicited=True,
        broadcast_id=broadcast_id,
    )
    return outbound.queue(services, request)
