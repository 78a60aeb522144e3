"""Outbound records: saved before queuing, idempotent, rendered at send time, recipient masked."""

from __future__ import annotations

import pytest

from hotline.outbound import messages as outbound
from hotline.outbound.messages import OutboundError
from hotline.platform import store
from hotline.texters import state as texters

NUMBER = "+32470123456"


def queue_body(services, key="k1", **extra):
    return outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel="sms", purpose="test", idempotency_key=key, body="Bonjour", **extra
        ),
    )


def test_queue_saves_encrypted_record_then_sends_once(services, run_jobs, outbox):
    message_id = queue_body(services)
    raw = services.redis.hgetall(store.outbound(message_id))
    assert raw["status"] == outbound.QUEUED
    assert NUMBER not in str(raw)
    assert services.privacy.decrypt(raw["to"]) == NUMBER
    assert run_jobs() == 1
    [sent] = outbox()
    assert sent["id"] == message_id
    assert sent["status"] == outbound.SENT
    assert sent["text"] == "Bonjour"
    assert sent["to"] == "+32 4•• •• •• 56"


def test_same_idempotency_key_queues_nothing(services, run_jobs, outbox):
    first = queue_body(services)
    assert queue_body(services) == first
    assert run_jobs() == 1
    assert len(outbox()) == 1


def test_content_message_rendered_in_language_for_channel(services, run_jobs, outbox):
    outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER,
            channel="whatsapp",
            purpose="test",
            idempotency_key="k",
            topic="sante",
            language="nl",
        ),
    )
    run_jobs()
    [sent] = outbox()
    assert sent["text"] == services.content.render("sante", "answer", "nl", "whatsapp")
    assert sent["sent_channel"] == "whatsapp"


def test_queue_to_texter_uses_stored_number_channel_language(services, run_jobs, outbox):
    tid = services.privacy.texter_id(NUMBER)
    texter = texters.load(services.redis, tid)
    texters.record_inbound(
        services.redis, texter, phone_token=services.privacy.encrypt(NUMBER),
        channel="whatsapp", retention_days=90,
    )  # fmt: skip
    texters.set_language(services.redis, tid, "en", texters.EXPLICIT)
    message_id = outbound.queue_to_texter(
        services, tid, purpose="t", idempotency_key="x", topic="sante"
    )
    run_jobs()
    record = outbound.get(services, message_id)
    assert record["language"] == "en"
    assert record["channel"] == "whatsapp"
    assert record["texter_id"] == tid


def test_queue_to_unknown_texter_returns_none(services):
    assert (
        outbound.queue_to_texter(
            services, "nobody", purpose="t", idempotency_key="x", topic="sante"
        )
        is None
    )


def test_unsolicited_to_opted_out_texter_is_skipped(services, run_jobs, outbox):
    texters.set_opted_out(services.redis, services.privacy.texter_id(NUMBER), True)
    message_id = queue_body(services, unsolicited=True)
    run_jobs()
    assert outbox() == []
    assert outbound.get(services, message_id)["status"] == outbound.SKIPPED


def test_reply_to_opted_out_texter_is_still_sent(services, run_jobs, outbox):
    texters.set_opted_out(services.redis, services.privacy.texter_id(NUMBER), True)
    queue_body(services)
    run_jobs()
    assert len(outbox()) == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"channel": "fax", "body": "x"},
        {"channel": "sms"},
        {"channel": "sms", "body": "x", "topic": "sante"},
        {"channel": "sms", "body": "x", "queue_name": "nope"},
        {"channel": "sms", "body": "x", "idempotency_key": ""},
    ],
)
def test_invalid_requests_are_refused(services, kwargs):
    args = {"to": NUMBER, "purpose": "t", "idempotency_key": "k", **kwargs}
    with pytest.raises(OutboundError):
        outbound.queue(services, outbound.OutboundRequest(**args))
