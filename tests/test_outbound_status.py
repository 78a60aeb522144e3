"""The in-flight index: exactly the records in `sending`, written with their status."""

from __future__ import annotations

import datetime as dt

from hotline import erasure, outbound, store
from workers import sending

NUMBER = "+32470123456"
LATER = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)


def queue(services, key="k1"):
    return outbound.queue(
        services, to=NUMBER, channel="sms", purpose="test", idempotency_key=key, body="Bonjour"
    )


def in_flight(services):
    return dict(services.redis.zrange(store.outbound_in_flight(), 0, -1, withscores=True))


def attempt(services, message_id, at):
    outbound.record_attempt(
        services.redis, message_id, attempt_state=sending.PENDING, attempt_at=at
    )


def test_an_attempt_enters_the_index_at_its_time_and_a_new_one_moves_it(services):
    message_id = queue(services)
    attempt(services, message_id, 1000.0)
    assert in_flight(services) == {message_id: 1000.0}
    attempt(services, message_id, 2000.0)
    assert in_flight(services) == {message_id: 2000.0}
    assert outbound.load(services.redis, message_id)["status"] == outbound.SENDING


def test_acceptance_leaves_the_index(services):
    message_id = queue(services)
    attempt(services, message_id, 1000.0)
    outbound.record_accepted(services.redis, message_id, "SM1", "queued")
    assert in_flight(services) == {}
    assert outbound.load(services.redis, message_id)["status"] == outbound.SENT


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
    assert outbound.load(services.redis, retried)["job_id"]
    assert outbound.load(services.redis, sent)["status"] == outbound.SENT
    assert outbound.load(services.redis, refused)["status"] == outbound.FAILED
    run_jobs(until=LATER)
    assert in_flight(services) == {}


def test_erasure_takes_the_texter_out_of_the_index(services):
    message_id = queue(services)
    attempt(services, message_id, 1000.0)
    erasure.erase_outbound(services, services.privacy.texter_id(NUMBER))
    assert in_flight(services) == {}
