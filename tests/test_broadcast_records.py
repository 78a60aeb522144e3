"""Broadcasts as types: hashes stored before `Broadcast` existed load, and round-trip.

The literal hashes are what `broadcasts.create` wrote (its dict) and what the planner and the
outbound counters then changed field by field: every broadcast still in Redis looks like one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from hotline.broadcasts import lifecycle as broadcasts
from hotline.broadcasts.records import Broadcast, Message, Preview
from hotline.platform import store
from tests.test_workshops import make_texter

PREVIEW = {
    "recipients": {"fr": 2, "ar": 1},
    "sms_recipients": {"fr": 1},
    "segments": {"fr": 1, "ar": 1},
    "total_recipients": 3,
    "total_segments": 1,
    "opted_out": 1,
    "unreachable": 0,
}
DRAFT = {
    "id": "3",
    "audience": "language:ar",
    "message": '{"texts": {"fr": "Permanence mardi.", "ar": "استقبال يوم الثلاثاء."}, "topic": ""}',
    "status": "draft",
    "created_at": "1767600000.25",
    "send_at": "1767690000.0",
    "preview": json.dumps(PREVIEW),
    "attempt": "0",
    **dict.fromkeys(broadcasts.COUNTERS, "0"),
}
SENDING = {
    **DRAFT,
    "id": "4",
    "message": '{"texts": {}, "topic": "sante"}',
    "status": "sending",
    "send_at": "",
    "attempt": "2",
    "batches": "3",
    "batches_done": "1",
    "queued": "500",
    "skipped": "2",
    "sent": "420",
    "failed": "3",
    "skipped_at_send": "5",
    "stopped": "0",
    "delivered": "400",
    "planned": "1",
}


@pytest.fixture
def people_two(services):
    make_texter(services, "+32470000001", "fr")
    make_texter(services, "+32470000002", "ar")


def stored(services, data: dict[str, str]) -> Broadcast | None:
    services.redis.hset(store.broadcast(data["id"]), mapping=data)
    return broadcasts.get(services, data["id"])


def test_a_draft_of_the_old_format_loads_with_its_types(services):
    record = stored(services, DRAFT)
    assert record is not None
    assert record.message == Message(
        texts={"fr": "Permanence mardi.", "ar": "استقبال يوم الثلاثاء."}
    )
    assert record.preview == Preview({"fr": 2, "ar": 1}, {"fr": 1}, {"fr": 1, "ar": 1}, 1, 0)
    assert (record.created_at, record.send_at, record.attempt) == (1767600000.25, 1767690000.0, 0)
    assert record.send_time == dt.datetime(2026, 1, 6, 9, tzinfo=dt.UTC)
    assert record.counters() == dict.fromkeys(broadcasts.COUNTERS, 0) and not record.planned


def test_a_sending_broadcast_of_the_old_format_loads_with_its_types(services):
    record = stored(services, SENDING)
    assert record is not None
    assert record.message == Message(topic="sante") and record.send_at is None
    assert (record.status, record.attempt, record.planned) == ("sending", 2, True)
    assert (record.batches, record.queued, record.sent, record.delivered) == (3, 500, 420, 400)


def test_old_hashes_round_trip_byte_for_byte(services):
    for data in (DRAFT, SENDING):
        record = stored(services, data)
        assert record is not None
        assert record.to_hash() == data and list(record.to_hash()) == list(data)
        assert Broadcast.from_hash(record.to_hash()) == record


def test_a_new_draft_is_written_in_the_old_format(services, people_two):
    message = Message(texts={"fr": "Permanence mardi."})
    when = dt.datetime(2026, 1, 6, 9, tzinfo=dt.UTC)
    broadcast_id, figures = broadcasts.create(services, "all", message, when)
    raw = services.redis.hgetall(store.broadcast(broadcast_id))
    assert set(raw) == set(DRAFT)
    assert raw["message"] == '{"texts": {"fr": "Permanence mardi."}, "topic": ""}'
    assert raw["preview"] == json.dumps(figures.as_dict())
    assert raw["send_at"] == "1767690000.0" and raw["attempt"] == raw["delivered"] == "0"
    assert raw["created_at"] == repr(float(raw["created_at"]))
    assert Broadcast.from_hash(raw).to_hash() == raw


def test_the_view_is_what_get_returned_before(services):
    record = Broadcast.from_hash(SENDING | {"send_at": "1767690000.0"})
    shown = record.view("Europe/Brussels")
    assert shown == {
        **SENDING,
        "message": {"texts": {}, "topic": "sante"},
        "preview": PREVIEW,
        **{name: int(SENDING[name]) for name in broadcasts.COUNTERS},
        "send_at": "2026-01-06 10:00",
    }
    assert list(shown) == list(SENDING)


def test_progress_of_no_broadcast_has_no_status():
    shown = broadcasts.progress_of(None)
    assert shown["status"] is None and shown["total"] == 0 and not shown["finished"]


def test_a_broadcast_round_trips_through_its_hash():
    record = Broadcast.from_hash(SENDING)
    changed = dataclasses.replace(record, planned=False, send_at=12.5, status="cancelled")
    assert Broadcast.from_hash(changed.to_hash()) == changed
