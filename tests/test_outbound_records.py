"""Outbound records as types: hashes stored before the dataclasses load, and round-trip.

The literal hashes below are what the hotline wrote before `OutboundMessage` existed (its
`new_record` dict, then the lifecycle's field-by-field writes): every record still in Redis
looks like one of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from hotline.outbound import messages as outbound
from hotline.outbound import whatsapp_templates
from hotline.outbound.records import OutboundMessage, OutboundRequest
from hotline.platform import queues, store

NUMBER = "+32470123456"

# A reminder as queued: a content message, unsolicited, deferred past quiet hours.
QUEUED_REMINDER = {
    "id": "5f0c1e2d3a4b5c6d7e8f",
    "status": "queued",
    "to": "gAAAAABn-token",
    "texter_id": "t" * 16,
    "channel": "sms",
    "purpose": "workshop_reminder_soon",
    "idempotency_key": "workshop:3:reminder_soon:2h:tttt",
    "body": "",
    "topic": "atelier",
    "message": "reminder_soon",
    "fields": '{"title": "Atelier CPAS", "when": "lundi 10:00", "lieu": "Liège"}',
    "language": "fr",
    "queue": "reminders",
    "unsolicited": "1",
    "send_at": "1767603600.0",
    "created_at": "1767600000.123456",
    "attempts": "0",
    "job_id": "0123456789abcdef0123456789abcdef",
    "deferred_until": "2026-01-06T08:00:00+01:00",
}

# A WhatsApp reply with taps, sent and delivered (every lifecycle field written).
SENT_REPLY = {
    "id": "aa00bb11cc22dd33ee44",
    "status": "delivered",
    "to": "gAAAAABn-other",
    "texter_id": "u" * 16,
    "channel": "whatsapp",
    "purpose": "interactive_reply",
    "idempotency_key": "reply:SM0123",
    "body": "1. Santé\n2. Logement",
    "topic": "",
    "message": "",
    "fields": "{}",
    "language": "ar",
    "queue": "urgent",
    "unsolicited": "",
    "send_at": "",
    "created_at": "1767600000.5",
    "attempts": "2",
    "broadcast_id": "7",
    "outside_window": "1",
    "interactive_sid": "HX" + "0" * 32,
    "interactive_variables": '{"1": "Santé", "2": "Logement"}',
    "interactive_template": "menu:ar:3",
    "menu": "1. Santé\n2. Logement",
    "sms_body": "1 Sante 2 Logement",
    "job_id": "hl-resend-aa00bb11cc22dd33ee44-1",
    "updated_at": "1767600012.75",
    "attempt_at": "1767600010.25",
    "sent_channel": "whatsapp",
    "text": "1. Santé\n2. Logement",
    "content_sid": "HX" + "0" * 32,
    "content_variables": '{"1": "Santé", "2": "Logement"}',
    "attempt_state": "accepted",
    "sid": "SM" + "f" * 32,
    "provider_status": "delivered",
    "error_code": "30003",
    "error": "Unreachable destination handset",
    "reason": "",
    "late_error": "63016",
    "sweep_adrift_job": "0123",
}


ALWAYS = list(QUEUED_REMINDER)[:17]  # the fields every record holds, in this order


def stored(services, data: dict[str, str]) -> OutboundMessage | None:
    """Write `data` as a stored hash, then load it as the hotline does."""
    services.redis.hset(store.outbound(data["id"]), mapping=data)
    return outbound.load(services.redis, data["id"])


def test_a_queued_record_of_the_old_format_loads_with_its_types(services):
    record = stored(services, QUEUED_REMINDER)
    assert record is not None
    assert (record.status, record.queue, record.attempts) == ("queued", "reminders", 0)
    assert record.fields == {"title": "Atelier CPAS", "when": "lundi 10:00", "lieu": "Liège"}
    assert record.unsolicited is True and record.outside_window is False
    assert (record.send_at, record.created_at) == (1767603600.0, 1767600000.123456)
    assert record.attempt_at is None and record.sid == "" and record.broadcast_id == ""


def test_a_sent_record_of_the_old_format_loads_with_its_types(services):
    record = stored(services, SENT_REPLY)
    assert record is not None
    assert record.send_at is None and record.unsolicited is False and record.outside_window
    assert record.interactive_variables == {"1": "Santé", "2": "Logement"}
    assert record.content_variables == record.interactive_variables
    assert (record.attempts, record.attempt_at, record.updated_at) == (
        2,
        1767600010.25,
        1767600012.75,
    )
    assert whatsapp_templates.Tappable.of(record) == whatsapp_templates.Tappable(
        "HX" + "0" * 32, {"1": "Santé", "2": "Logement"}, "menu:ar:3", SENT_REPLY["menu"],
        "1 Sante 2 Logement",
    )  # fmt: skip


def test_old_hashes_round_trip_byte_for_byte(services):
    for data in (QUEUED_REMINDER, SENT_REPLY):
        record = stored(services, data)
        assert record is not None
        # a field every record holds is written even when empty; any other only with a value
        # (a lifecycle field written empty, as `reason` here, is the same as none)
        written = {k: v for k, v in data.items() if v != "" or k in ALWAYS}
        assert record.to_hash() == written
        assert list(record.to_hash()) == [k for k in data if k in written]  # the same order
        assert OutboundMessage.from_hash(record.to_hash()) == record


def test_a_new_record_is_written_in_the_old_format(services):
    request = OutboundRequest(
        to=NUMBER, channel="sms", purpose="test", idempotency_key="k", topic="sante",
        fields={"title": "Atelier"}, unsolicited=True, queue_name=queues.REMINDERS,
        send_at=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
    )  # fmt: skip
    message_id = outbound.queue(services, request)
    raw = services.redis.hgetall(store.outbound(message_id))
    assert set(ALWAYS) <= set(raw) <= set(QUEUED_REMINDER)
    assert raw["fields"] == '{"title": "Atelier"}' and raw["unsolicited"] == "1"
    assert raw["send_at"] == repr(request.send_at.timestamp()) and raw["attempts"] == "0"
    assert raw["created_at"] == repr(float(raw["created_at"]))
    record = outbound.load(services.redis, message_id)
    assert record is not None and record.to_hash() == raw


def test_a_remnant_without_id_or_status_loads_with_defaults():
    record = OutboundMessage.from_hash({"text": "Bonjour", "attempt_at": "1", "unknown": "x"})
    assert (record.id, record.status, record.attempt_at, record.created_at) == ("", "", 1.0, 0.0)


def test_a_record_round_trips_through_its_hash():
    record = OutboundMessage.from_hash(SENT_REPLY)
    changed = dataclasses.replace(record, reason="cancelled", fields={"n": 3}, send_at=1.5)
    assert OutboundMessage.from_hash(changed.to_hash()) == changed


def test_numbers_and_texts_stay_out_of_the_reprs():
    request = OutboundRequest(
        to=NUMBER, channel="sms", purpose="t", idempotency_key="k", body="Salut"
    )
    record = OutboundMessage.from_hash(SENT_REPLY)
    assert NUMBER not in repr(request) and "Salut" not in repr(request)
    assert "gAAAA" not in repr(record) and "Santé" not in repr(record)
