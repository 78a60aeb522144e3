"""queue_many: one record per message, one RQ job per batch, same rules as single sends."""

from __future__ import annotations

from rq.registry import FailedJobRegistry

from hotline.outbound import batch as outbound_batch
from hotline.outbound import messages as outbound
from hotline.platform import queues
from tests.clock import later


def messages(count: int, prefix: str = "b") -> list[outbound.OutboundRequest]:
    return [
        outbound.OutboundRequest(
            to=f"+3247000{n:04d}", channel="sms", purpose="broadcast",
            idempotency_key=f"{prefix}{n}", body=f"Message {n}", queue_name=queues.BROADCASTS,
        )
        for n in range(count)
    ]  # fmt: skip


def test_batches_send_every_message_once(services, run_jobs, outbox):
    ids = outbound_batch.queue_many(services, messages(45), batch_size=20)
    assert len(set(ids)) == 45
    assert len(queues.queue(services.rq_redis, queues.BROADCASTS)) == 3
    assert run_jobs() == 3
    assert len(outbox(limit=100)) == 45
    assert {outbound.get(services, i)["status"] for i in ids} == {outbound.SENT}


def test_known_idempotency_keys_are_not_queued_again(services, run_jobs, outbox):
    first = outbound_batch.queue_many(services, messages(5))
    again = outbound_batch.queue_many(services, messages(5))
    assert again == first
    run_jobs()
    assert len(outbox()) == 5


def test_retryable_error_hands_message_to_its_own_retried_job(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(0, 500)  # the second message meets a server error once
    ids = outbound_batch.queue_many(services, messages(3))
    run_jobs()
    assert len(twilio_mode.accepted) == 2
    run_jobs(until=later())
    assert len(twilio_mode.accepted) == 3
    assert {outbound.get(services, i)["status"] for i in ids} == {outbound.SENT}


def test_unknown_error_fails_visibly_in_its_own_job(services, twilio_mode, run_jobs):
    twilio_mode.fail_for("+32470000000", 21606)  # the first message, every time
    ids = outbound_batch.queue_many(services, messages(2))
    run_jobs()
    assert outbound.get(services, ids[0])["status"] == outbound.FAILED
    assert outbound.get(services, ids[1])["status"] == outbound.SENT
    failed = FailedJobRegistry(queue=queues.queue(services.rq_redis, queues.BROADCASTS))
    assert len(failed.get_job_ids()) == 1
