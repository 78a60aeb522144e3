"""The in-flight index: exactly the records in `sending`, written with their status."""

from __future__ import annotations

import datetime as dt

from hotline.outbound import attempts, delivery, senders
from hotline.outbound import messages as outbound
from hotline.platform import store
from hotline.retention import erasure
from tests.clock import later

NUMBER = "+32470123456"


def queue(services, key="k1"):
    return outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel="sms", purpose="test", idempotency_key=key, body="Bonjour"
        ),
    )


def in_flight(services):
    return dict(services.redis.zrange(store.outbound_in_flight(), 0, -1, withscores=True))


def attempt(services, message_id, at):
    outbound.record_attempt(
        services.redis, message_id, attempt_state=attempts.PENDING, attempt_at=at
    )


def test_an_attempt_enters_the_index_at_its_time_and_a_new_one_moves_it(services):
    message_id = queue(services)
    attempt(services, message_id, 1000.0)
    assert in_flight(services) == {message_id: 1000.0}
    attempt(services, message_id, 2000.0)
    assert in_flight(services) == {message_id: 2000.0}
    assert outbound.load(services.redis, message_id).status == outbound.SENDING


def test_acceptance_leaves_the_index(services):
    message_id = queue(services)
    attempt(services, message_id, 1000.0)
    outbound.record_accepted(services.redis, message_id, "SM1", "queued")
    assert in_flight(services) == {}
    assert outbound.load(services.redis, message_id).status == outbound.SENT


def test_any_status_past_sending_leaves_the_index(services):
    for status in (outbound.FAILED, outbound.SKIPPED, outbound.DELIVERED):
        message_id = queue(services, key=status)
        attempt(services, message_id, 1000.0)
        assert outbound.advance(services.redis, message_id, status, reason="test")
        assert message_id not in in_flight(services)


def test_a_delivery_report_overtaking_the_worker_leaves_the_index(services):
    message_id = queue(services)
    attempt(services, message_id, 1000.0)
    assert outbound.record_status(
        services.redis, sid="SM9", provider_status="delivered", message_id=message_id
    )
    assert in_flight(services) == {}


def test_the_send_job_keeps_only_unfinished_attempts_in_the_index(services, twilio_mode, run_jobs):
    sent, retried, refused = queue(services, "a"), queue(services, "b"), queue(services, "c")
    twilio_mode.fail_next(0, 500, 21211)  # in queue order: accepted, server error, invalid number
    run_jobs()
    assert list(in_flight(services)) == [retried]  # pending: may have arrived, its retry waits
    assert outbound.load(services.redis, retried).job_id
    assert outbound.load(services.redis, sent).status == outbound.SENT
    assert outbound.load(services.redis, refused).status == outbound.FAILED
    run_jobs(until=later())
    assert in_flight(services) == {}


def test_erasure_takes_the_texter_out_of_the_index(services):
    message_id = queue(services)
    attempt(services, message_id, 1000.0)
    erasure.erase_outbound(services, services.privacy.texter_id(NUMBER))
    assert in_flight(services) == {}


def queued(services):
    return dict(services.redis.zrange(store.outbound_queued(), 0, -1, withscores=True))


def test_a_saved_message_is_in_the_queued_index_until_its_attempt(services):
    message_id = queue(services)
    created = float(outbound.load(services.redis, message_id).created_at)
    assert queued(services) == {message_id: created}
    attempt(services, message_id, 1000.0)
    assert queued(services) == {}


def test_a_message_for_later_is_indexed_at_its_time(services):
    at = services.clock() + dt.timedelta(hours=2)
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel="sms", purpose="test", idempotency_key="k1", body="x", send_at=at
        ),
    )
    assert queued(services) == {message_id: at.timestamp()}


def test_a_skipped_message_leaves_the_queued_index(services):
    message_id = queue(services)
    assert outbound.advance(services.redis, message_id, outbound.SKIPPED, reason="test")
    assert queued(services) == {}


def test_a_known_idempotency_key_leaves_no_second_record_in_the_index(services):
    first, second = queue(services), queue(services)
    assert first == second and list(queued(services)) == [first]


def test_erasure_takes_queued_messages_out_of_the_index(services):
    queue(services)
    erasure.erase_outbound(services, services.privacy.texter_id(NUMBER))
    assert queued(services) == {}


# Writes after an erasure never re-create the record.


def traces(services, message_id):
    """Every hl:out:* key about one message: named after it, holding its id, or listing it."""
    client, found = services.redis, []
    for name in client.scan_iter(match=store.outbound("*")):
        kind = client.type(name)
        holds = kind == "string" and client.get(name) == message_id
        lists = kind == "zset" and client.zscore(name, message_id) is not None
        if message_id in name or holds or lists:
            found.append(name)
    return found


def erase(services):
    erasure.erase_texter(services, services.privacy.texter_id(NUMBER))


def test_no_write_re_creates_an_erased_record(services):
    message_id = queue(services)
    erase(services)
    assert not outbound.update(services.redis, message_id, error="late")
    assert not outbound.hold(services.redis, message_id, "job", 1.0)
    assert not outbound.record_attempt(services.redis, message_id, attempt_at=1.0, text="Bonjour")
    outbound.record_accepted(services.redis, message_id, "SM1", "queued")
    assert not outbound.advance(services.redis, message_id, outbound.SENT)
    assert not outbound.record_status(
        services.redis, sid="SM1", provider_status="delivered", message_id=message_id
    )
    assert outbound.enqueue(services, message_id) is None
    assert traces(services, message_id) == []


class _ErasesFirst:
    """A sender during whose call the texter is erased (OUBLIER arrives mid-send)."""

    name = "erasing"

    def __init__(self, services, error=None):
        self.services, self.error = services, error
        self.sender = attempts.sender_for(services)

    def send(self, message):
        erase(self.services)
        if self.error:
            raise self.error
        return self.sender.send(message)

    def find(self, message, since):
        return self.sender.find(message, since)


def test_erasure_between_save_and_attempt_sends_nothing(
    services, twilio_mode, run_jobs, monkeypatch
):
    message_id = queue(services)
    real_plan = delivery.plan

    def erased_then_plan(services, record):
        erase(services)
        return real_plan(services, record)

    monkeypatch.setattr(delivery, "plan", erased_then_plan)
    run_jobs()
    assert twilio_mode.requests == []
    assert traces(services, message_id) == []


def test_erasure_between_attempt_and_acceptance_leaves_nothing(services, twilio_mode, run_jobs):
    message_id = queue(services)
    services.extras["sender"] = _ErasesFirst(services)
    run_jobs()
    assert len(twilio_mode.accepted) == 1  # it had left before the erasure
    assert traces(services, message_id) == []


def test_erasure_during_a_failed_attempt_leaves_nothing_and_its_retry_sends_nothing(
    services, twilio_mode, run_jobs
):
    message_id = queue(services)
    error = senders.SendError("server error", code=20500, http_status=500)
    services.extras["sender"] = _ErasesFirst(services, error)
    run_jobs()
    assert traces(services, message_id) == []
    services.extras["sender"] = _ErasesFirst(services)
    run_jobs(until=later())
    assert twilio_mode.requests == []
    assert traces(services, message_id) == []
