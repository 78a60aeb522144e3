"""Queue many outbound messages at once, sent in batches of one RQ job per `BATCH_SIZE`.

RQ's own bookkeeping costs about 60 Redis commands per job, more than sending one message
does, so one job per message caps a worker near 200 jobs/s. Broadcasts and reminder runs queue
through `queue_many`: every message still gets its own record, idempotency key and lifecycle
(see `hotline.outbound`), but one `workers.sending.send_batch` job sends up to `BATCH_SIZE` of
them. A message that needs a retry or fails in an unknown way is handed off to its own
`send_message` job, so retries and RQ's failed registry work exactly as for single messages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from hotline.outbound import messages as outbound
from hotline.platform import Services, jobs

BATCH_SIZE = 20
SECONDS_PER_MESSAGE = 2  # added to the job timeout per message (pacing waits included)


def queue_many(
    services: Services,
    requests: Iterable[outbound.OutboundRequest],
    batch_size: int = BATCH_SIZE,
) -> list[str]:
    """Save every message (as `outbound.queue` would), then enqueue batch jobs; returns the ids
    in order. Known idempotency keys return their existing id."""
    ids: list[str] = []
    groups: dict[tuple[str, dt.datetime | None], list[str]] = defaultdict(list)
    for request in requests:
        record = outbound.new_record(services, request)
        saved = outbound.save(services, record, request.send_at)
        ids.append(saved.message_id)
        if saved.created:
            groups[(record.queue, saved.not_before)].append(saved.message_id)
    for (queue_name, not_before), group in groups.items():
        for start in range(0, len(group), batch_size):
            enqueue_batch(services, group[start : start + batch_size], queue_name, not_before)
    return ids


def enqueue_batch(
    services: Services, message_ids: list[str], queue_name: str, not_before: dt.datetime | None
) -> None:
    """One `send_batch` job for these saved messages; each record first learns the job's id
    (one round trip per batch), so the housekeeping sweep knows which job holds it."""
    job_id = outbound.new_job_id()
    due = (not_before or services.clock()).timestamp()
    pipe = services.redis.pipeline(transaction=False)
    for message_id in message_ids:
        outbound.hold(pipe, message_id, job_id, due)
    pipe.execute()
    outbound.enqueue_job(
        services,
        queue_name,
        jobs.SEND_BATCH,
        (list(message_ids),),
        not_before=not_before,
        timeout=services.settings.send_job_timeout + SECONDS_PER_MESSAGE * len(message_ids),
        job_id=job_id,
    )
