"""The reconciliation sweep: records left `sending` reach their final state, never sent twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from rq.job import Job

from hotline.outbound import attempts, senders
from hotline.outbound import batch as outbound_batch
from hotline.outbound import messages as outbound
from hotline.outbound import sweep as outbound_sweep
from hotline.platform import queues, store
from tests.clock import later, on_day
from tests.fake_twilio import DiesAfterSending

NUMBER = "+32470123456"


class _FindFails:
    """A sender that cannot look up one message (the provider's API fails for it)."""

    name = "flaky"

    def __init__(self, sender, message_id):
        self.sender, self.message_id = sender, message_id

    def send(self, message):
        return self.sender.send(message)

    def find(self, message, since):
        if message.message_id == self.message_id:
            raise senders.SendError("server error", code=20500, http_status=500)
        return self.sender.find(message, since)


def queue(services, key="k1", number=NUMBER):
    return outbound.queue(
        services,
        outbound.OutboundRequest(
            to=number, channel="sms", purpose="test", idempotency_key=key, body="Bonjour"
        ),
    )


def killed_after_send(services, run_jobs, message_id=None):
    """Run the message's job on a worker that dies between the provider's answer and our write."""
    message_id = message_id or queue(services)
    sender = attempts.sender_for(services)
    services.extras["sender"] = DiesAfterSending(sender)
    run_jobs()
    services.extras["sender"] = sender
    return message_id


def attempted_without_job(services, key="k1"):
    """A record whose attempt was written but never reached the provider, and no job holds it."""
    request = outbound.OutboundRequest(
        to=NUMBER, channel="sms", purpose="test", idempotency_key=key, body="Bonjour"
    )
    record = outbound.new_record(services, request)
    message_id = outbound.save(services, record, None).message_id
    outbound.record_attempt(
        services.redis, message_id, attempt_state=attempts.PENDING, attempt_at=time.time(),
        sent_channel="sms", text="Bonjour", job_id="",
    )  # fmt: skip
    return message_id


def lose_job(services, message_id):
    """The record's job is gone (its retries spent, or deleted)."""
    Job.fetch(record(services, message_id).job_id, connection=services.rq_redis).delete()


def sweep_later(services):
    """Run the sweep as the next housekeeping run sees it: past the in-flight threshold."""
    seconds = outbound_sweep.threshold(services.settings) + 1
    services.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return outbound_sweep.sweep(services)


def record(services, message_id):
    return outbound.load(services.redis, message_id)


def in_flight(services):
    return services.redis.zrange(store.outbound_in_flight(), 0, -1)


def test_an_attempt_that_arrived_is_recorded_sent_and_not_resent(services, run_jobs, outbox):
    message_id = killed_after_send(services, run_jobs)
    assert record(services, message_id).attempt_state == attempts.PENDING
    assert in_flight(services) == [message_id]
    lose_job(services, message_id)
    assert sweep_later(services) == {outbound_sweep.RECONCILED: 1}
    assert record(services, message_id).status == outbound.SENT
    assert in_flight(services) == []
    run_jobs(until=later())
    assert [m["id"] for m in outbox()] == [message_id]


def test_twilio_an_attempt_that_arrived_is_found_even_with_its_retry_waiting(
    services, twilio_mode, run_jobs
):
    message_id = killed_after_send(services, run_jobs)  # its RQ retry is scheduled (alive)
    assert sweep_later(services) == {outbound_sweep.RECONCILED: 1}
    [accepted] = twilio_mode.accepted
    assert record(services, message_id).sid == accepted["sid"]
    run_jobs(until=later())  # the retry finds the message sent
    assert len(twilio_mode.requests) == 1
    assert record(services, message_id).status == outbound.SENT


def test_a_lost_attempt_with_no_job_left_gets_one_new_send_job(services, run_jobs, outbox):
    message_id = attempted_without_job(services)
    assert sweep_later(services) == {outbound_sweep.RESENT: 1}
    assert record(services, message_id).job_id == f"hl-resend-{message_id}-1"
    assert sweep_later(services) == {outbound_sweep.WAITING: 1}  # that job holds it now
    run_jobs()
    assert [m["id"] for m in outbox()] == [message_id]
    assert record(services, message_id).status == outbound.SENT
    assert sweep_later(services) == {}


def test_a_job_popped_by_a_worker_stopped_before_starting_it_is_gone_at_the_second_run(
    services, run_jobs, outbox
):
    message_id = attempted_without_job(services)
    outbound.enqueue(services, message_id)  # its retry, then popped by a worker that stopped:
    urgent = queues.queue(services.rq_redis, queues.URGENT)
    [adrift] = urgent.get_job_ids()
    services.rq_redis.lrem(urgent.key, 0, adrift)  # "queued", in no queue (RQ's BLPOP)
    assert outbound_sweep.job_state(services, adrift) == outbound_sweep.ADRIFT
    assert sweep_later(services) == {outbound_sweep.WAITING: 1}  # maybe being started now
    assert sweep_later(services) == {outbound_sweep.RESENT: 1}
    run_jobs()
    assert [m["id"] for m in outbox()] == [message_id]


def test_two_sweeps_on_the_same_view_enqueue_one_job(services):
    message_id = attempted_without_job(services)
    stale = record(services, message_id)
    cutoff = time.time()
    first = outbound_sweep.settle(services, message_id, stale, cutoff)
    second = outbound_sweep.settle(services, message_id, stale, cutoff)
    assert (first, second) == (outbound_sweep.RESENT, outbound_sweep.WAITING)
    assert len(queues.queue(services.rq_redis, queues.URGENT)) == 1


def test_a_message_waiting_for_its_retry_is_left_to_it(services, twilio_mode, run_jobs):
    message_id = queue(services)
    twilio_mode.fail_next(500)  # nothing created; RQ retries with backoff
    run_jobs()
    assert record(services, message_id).attempt_state == attempts.PENDING
    assert sweep_later(services) == {outbound_sweep.WAITING: 1}
    assert twilio_mode.accepted == []
    run_jobs(until=later())
    assert len(twilio_mode.accepted) == 1
    assert record(services, message_id).status == outbound.SENT


def test_a_rate_limited_message_is_not_looked_up_and_left_to_its_retry(
    services, twilio_mode, run_jobs
):
    message_id = queue(services)
    twilio_mode.fail_next(429)
    run_jobs()
    assert record(services, message_id).attempt_state == attempts.REJECTED
    services.extras["sender"] = _FindFails(services.extras["sender"], message_id)
    assert sweep_later(services) == {outbound_sweep.WAITING: 1}


def test_fresh_attempts_are_not_touched(services, run_jobs):
    message_id = killed_after_send(services, run_jobs)
    lose_job(services, message_id)
    assert outbound_sweep.sweep(services) == {}
    assert record(services, message_id).status == outbound.SENDING


def test_records_gone_final_or_left_over_leave_the_index(services, run_jobs):
    sent = queue(services, key="sent")
    run_jobs()
    remnant = "f" * 20
    services.redis.hset(store.outbound(remnant), mapping={"text": "Bonjour", "attempt_at": 1})
    services.redis.zadd(store.outbound_in_flight(), {"e" * 20: 1, sent: 1, remnant: 1})
    assert sweep_later(services) == {outbound_sweep.DROPPED: 3}
    assert in_flight(services) == []
    assert not services.redis.exists(store.outbound(remnant))  # a late write's leftover
    assert record(services, sent).status == outbound.SENT


def test_an_error_on_one_record_does_not_stop_the_others_then_raises(services, run_jobs):
    first = killed_after_send(services, run_jobs)
    second = killed_after_send(services, run_jobs, queue(services, key="k2", number="+32470999999"))
    services.extras["sender"] = _FindFails(services.extras["sender"], first)
    with pytest.raises(outbound_sweep.SweepError) as raised:
        sweep_later(services)
    assert isinstance(raised.value.__cause__, senders.SendError)
    assert record(services, second).status == outbound.SENT
    assert in_flight(services) == [first]


def test_the_threshold_is_longer_than_a_killed_workers_recovery(services):
    settings = services.settings
    assert outbound_sweep.threshold(settings) > settings.send_job_timeout + 15


# Queued records: a first send job lost before it started (popped by a stopped worker, deleted).


def sweep_at(services, when):
    """Run the sweep as a housekeeping run at `when` (a datetime) sees it."""
    services.clock = lambda: when
    return outbound_sweep.sweep(services)


def urgent_jobs(services):
    return queues.queue(services.rq_redis, queues.URGENT).get_job_ids()


def test_a_queued_message_knows_its_job_from_the_first_enqueue(services):
    message_id = queue(services)
    assert urgent_jobs(services) == [record(services, message_id).job_id]
    assert sweep_later(services) == {outbound_sweep.WAITING: 1}  # that job will run: left to it
    assert urgent_jobs(services) == [record(services, message_id).job_id]


def test_a_queued_message_whose_job_was_lost_gets_one_new_job_and_is_sent_once(
    services, run_jobs, outbox
):
    message_id = queue(services)
    lose_job(services, message_id)
    assert sweep_later(services) == {outbound_sweep.RESENT: 1}
    [resent] = urgent_jobs(services)
    assert record(services, message_id).job_id == resent
    assert resent.startswith(f"hl-resend-{message_id}-q")
    assert sweep_later(services) == {}  # due again only a recovery bound after the new job
    run_jobs()
    assert [m["id"] for m in outbox()] == [message_id]
    assert record(services, message_id).status == outbound.SENT
    assert services.redis.zrange(store.outbound_queued(), 0, -1) == []
    run_jobs(until=later())
    assert len(outbox()) == 1


def test_two_sweeps_on_the_same_view_of_a_queued_message_enqueue_one_job(services):
    message_id = queue(services)
    lose_job(services, message_id)
    stale = record(services, message_id)
    first = outbound_sweep.settle_queued(services, message_id, stale, time.time())
    second = outbound_sweep.settle_queued(services, message_id, stale, time.time())
    assert (first, second) == (outbound_sweep.RESENT, outbound_sweep.WAITING)
    assert len(urgent_jobs(services)) == 1


def test_a_first_job_popped_by_a_worker_stopped_before_starting_it_is_resent_at_the_second_run(
    services, run_jobs, outbox
):
    message_id = queue(services)
    [adrift] = urgent_jobs(services)
    urgent = queues.queue(services.rq_redis, queues.URGENT)
    services.rq_redis.lrem(urgent.key, 0, adrift)  # popped (BLPOP), never started
    assert sweep_later(services) == {outbound_sweep.WAITING: 1}
    assert sweep_later(services) == {outbound_sweep.RESENT: 1}
    run_jobs()
    assert [m["id"] for m in outbox()] == [message_id]


def test_a_message_deferred_past_quiet_hours_is_left_alone_until_its_time(
    services, clock, travel, run_jobs
):
    services.settings = dataclasses.replace(services.settings, quiet_hours="21:00-08:00")
    night = travel(on_day(clock, 0, "23:30"))
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER,
            channel="sms",
            purpose="test",
            idempotency_key="k1",
            body="Bonjour",
            unsolicited=True,
        ),
    )
    bound = dt.timedelta(seconds=outbound_sweep.threshold(services.settings) + 1)
    assert sweep_at(services, night + bound) == {}
    morning = on_day(clock, 1, "08:00")
    assert sweep_at(services, morning - dt.timedelta(seconds=1)) == {}
    assert sweep_at(services, morning + bound) == {outbound_sweep.WAITING: 1}  # scheduled: live
    assert record(services, message_id).status == outbound.QUEUED


def test_a_job_deferring_its_message_records_the_new_job_and_time(
    services, clock, travel, run_jobs
):
    message_id = queue(services, key="later")
    services.redis.hset(store.outbound(message_id), "unsolicited", "1")
    services.settings = dataclasses.replace(services.settings, quiet_hours="21:00-08:00")
    travel(on_day(clock, 0, "21:30"))
    first = record(services, message_id).job_id
    run_jobs()  # the job runs into quiet hours: a new scheduled job
    held = record(services, message_id)
    assert held.job_id != first and held.status == outbound.QUEUED
    assert Job.fetch(held.job_id, connection=services.rq_redis).get_status() == "scheduled"
    score = services.redis.zscore(store.outbound_queued(), message_id)
    assert score == on_day(clock, 1, "08:00").timestamp()


def test_a_batch_message_knows_its_batch_job(services):
    messages = [
        outbound.OutboundRequest(
            to=NUMBER, channel="sms", purpose="test", idempotency_key=f"b{n}", body="x"
        )
        for n in range(3)
    ]
    ids = outbound_batch.queue_many(services, messages)
    [batch] = urgent_jobs(services)
    assert {record(services, message_id).job_id for message_id in ids} == {batch}
    assert sweep_later(services) == {outbound_sweep.WAITING: 3}


def test_a_queued_message_whose_job_failed_is_left_to_staff(services):
    message_id = queue(services)
    job = Job.fetch(record(services, message_id).job_id, connection=services.rq_redis)
    job.set_status("failed")
    assert sweep_later(services) == {outbound_sweep.WAITING: 1}
    assert urgent_jobs(services) == [job.id]


def test_queued_records_gone_or_moved_on_leave_the_queued_index(services, run_jobs):
    sent = queue(services, key="sent")
    run_jobs()
    services.redis.zadd(store.outbound_queued(), {"e" * 20: 1, sent: 1})
    assert sweep_later(services) == {outbound_sweep.DROPPED: 2}
    assert services.redis.zrange(store.outbound_queued(), 0, -1) == []
