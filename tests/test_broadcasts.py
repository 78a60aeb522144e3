"""Broadcasts: audiences, per-language text, preview figures, confirm, pacing, cancel."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from rq import SimpleWorker
from rq.registry import ScheduledJobRegistry

from hotline.broadcasts import audiences
from hotline.broadcasts import lifecycle as broadcasts
from hotline.broadcasts import planner as broadcast_plan
from hotline.outbound import batch as outbound_batch
from hotline.outbound import messages as outbound
from hotline.outbound import status as outbound_status
from hotline.platform import jobs, queues, store
from hotline.retention import erasure
from hotline.texters import state as texters
from hotline.workshops import events as workshops
from tests.clock import later, on_day
from tests.test_workshops import make_texter, make_workshop
from workers import sending

TEXTS = {
    "fr": "SOLEA: permanence sociale mardi. Infos: 0456 64 40 36.",
    "ar": "SOLEA: استقبال اجتماعي يوم الثلاثاء. معلومات: 0456 64 40 36",
}


@pytest.fixture
def people(services, clock):
    """Five texters: fr, fr (WhatsApp), ar, nl (no Dutch text: gets French), tr (opted out)."""
    ids = {
        "fr": make_texter(services, "+32470000001", "fr"),
        "fr_wa": make_texter(services, "+32470000002", "fr"),
        "ar": make_texter(services, "+32470000003", "ar"),
        "nl": make_texter(services, "+32470000004", "nl"),
        "tr": make_texter(services, "+32470000005", "tr"),
    }
    services.redis.hset(f"hl:texter:{ids['fr_wa']}", "channel", "whatsapp")
    texters.set_opted_out(services.redis, ids["tr"], True)
    return ids


def test_audiences_parse():
    assert str(audiences.parse("registrants:3")) == "registrants:3"
    assert audiences.parse("language:AR") == audiences.Audience("language", "ar")
    assert audiences.parse("all") == audiences.Audience("all")
    for bad in ("everyone", "language:de", "recent:x", "recent:0"):
        with pytest.raises(audiences.AudienceError):
            audiences.parse(bad)


def test_message_files_need_french_or_a_known_topic(services):
    assert broadcasts.message_from({"topic": "sante"}, services).topic == "sante"
    for bad in ({"ar": "..."}, {"topic": "nope"}, {"fr": "x", "xx": "y"}, {}):
        with pytest.raises(broadcasts.BroadcastError):
            broadcasts.message_from(bad, services)


def test_preview_counts_languages_segments_and_cost(services, people):
    message = broadcasts.message_from(TEXTS, services)

    figures = broadcasts.preview(services, audiences.parse("all"), message)

    assert figures.recipients == {"fr": 3, "ar": 1}  # nl falls back to French
    assert figures.sms_recipients == {"fr": 2, "ar": 1}
    assert figures.segments == {"fr": 1, "ar": 1}
    assert (figures.opted_out, figures.total_recipients, figures.total_segments) == (1, 4, 3)


def test_audience_by_language_recent_and_registrants(services, people, clock):
    message = broadcasts.message_from(TEXTS, services)
    old = make_texter(services, "+32470000009", "ar")
    services.redis.zadd("hl:texters:recent", {old: (clock - dt.timedelta(days=40)).timestamp()})
    workshop = make_workshop(services)
    workshops.register(services, workshop.id, people["ar"])

    def count(audience: str) -> dict[str, int]:
        return broadcasts.preview(services, audiences.parse(audience), message).recipients

    assert count("language:ar") == {"ar": 2}
    assert count("recent:30") == {"fr": 3, "ar": 1}
    assert count(f"registrants:{workshop.id}") == {"ar": 1}


def test_confirmed_broadcast_sends_each_language_once(services, people, run_jobs, outbox):
    message = broadcasts.message_from(TEXTS, services)
    broadcast_id, _ = broadcasts.create(services, "all", message)
    run_jobs(until=later())
    assert outbox() == []  # a draft sends nothing

    assert broadcasts.confirm(services, broadcast_id) == broadcasts.PLANNING
    run_jobs(until=later())

    sent = {record["texter_id"]: record for record in outbox()}
    assert set(sent) == {people["fr"], people["fr_wa"], people["ar"], people["nl"]}
    assert sent[people["nl"]]["text"] == TEXTS["fr"]
    assert sent[people["ar"]]["text"] == TEXTS["ar"]
    assert all(r["unsolicited"] and r["purpose"] == "broadcast" for r in outbox())
    assert broadcasts.progress(services, broadcast_id) == {
        "total": 4,
        "status": broadcasts.DONE,
        "batches": 1,
        "batches_done": 1,
        "queued": 4,
        "skipped": 0,
        "sent": 4,
        "failed": 0,
        "skipped_at_send": 0,
        "stopped": 0,
        "delivered": 0,
        "pending": 0,
        "finished": True,
    }


def test_a_texter_opting_out_after_planning_gets_nothing(services, people, run_jobs, outbox):
    broadcast_id, _ = broadcasts.create(services, "language:ar", broadcasts.Message(topic="sante"))
    broadcasts.confirm(services, broadcast_id)
    broadcast_plan.plan(services, broadcast_id)
    texters.set_opted_out(services.redis, people["ar"], True)

    run_jobs(until=later())

    [record] = [r for r in outbox(1000) if r["purpose"] == "broadcast"] or [None]
    assert record is None or record["status"] == "skipped"


def run_one_job(services) -> None:
    """Let a worker take exactly one job, as a real worker would, in queue order."""
    worker = SimpleWorker(queues.all_queues(services.rq_redis), connection=services.rq_redis)
    worker.work(burst=True, max_jobs=1, with_scheduler=False, logging_level="WARNING")


@pytest.mark.slow
def test_batches_are_chained_behind_their_sends_and_a_cancel_stops_the_rest(
    services, clock, run_jobs, outbox
):
    services.settings = replace(services.settings, sms_rate_per_second=0)  # no sleeping here
    for index in range(1, 1201):
        make_texter(services, f"+3247100{index:04d}")
    broadcast_id, figures = broadcasts.create(
        services, "all", broadcasts.message_from({"fr": "Bonjour"}, services)
    )
    assert figures.total_recipients == 1200
    broadcasts.confirm(services, broadcast_id)

    run_one_job(services)  # planning: three batches, only the first one queued
    run_one_job(services)  # the first batch: 500 messages handed to outbound

    shown = broadcasts.progress(services, broadcast_id)
    assert (shown["status"], shown["batches"], shown["batches_done"]) == ("sending", 3, 1)
    assert shown["queued"] == broadcasts.BATCH_SIZE
    waiting = queues.queue(services.rq_redis, queues.BROADCASTS).get_job_ids()
    assert len(waiting) == broadcasts.BATCH_SIZE + 1  # the sends, then the next batch
    assert waiting[-1] == jobs.broadcast_batch_job_id(broadcast_id, 1, 1)

    assert broadcasts.cancel(services, broadcast_id)
    assert broadcasts.progress(services, broadcast_id)["pending"] == broadcasts.BATCH_SIZE
    run_jobs(until=later())

    shown = broadcasts.progress(services, broadcast_id)
    assert shown["status"] == broadcasts.CANCELLED and shown["queued"] == broadcasts.BATCH_SIZE
    assert outbox(2000) == []  # the handed-over sends were skipped too
    assert (shown["sent"], shown["pending"], shown["stopped"], shown["finished"]) == (
        0, 0, 1200, True,
    )  # fmt: skip
    assert not broadcasts.cancel(services, "999")


def test_a_batch_run_twice_sends_and_counts_once(services, people, run_jobs, outbox):
    broadcast_id, _ = broadcasts.create(services, "all", broadcasts.Message(topic="sante"))
    broadcasts.confirm(services, broadcast_id)
    run_one_job(services)  # plan
    key = store.broadcast_batch(broadcast_id, "1-0")
    rows = services.redis.lrange(key, 0, -1)

    run_one_job(services)  # the batch
    services.redis.rpush(key, *rows)  # as if its worker died before finishing
    broadcast_plan.send_batch(services, broadcast_id, 1, 0)
    run_jobs(until=later())

    assert broadcasts.progress(services, broadcast_id)["queued"] == 4
    assert len(outbox()) == 4


def test_scheduled_broadcast_waits_for_its_time(services, people, clock, run_jobs, outbox):
    at = clock + dt.timedelta(days=2)
    message = broadcasts.message_from(TEXTS, services)
    broadcast_id, _ = broadcasts.create(services, "all", message, send_at=at)

    assert broadcasts.confirm(services, broadcast_id) == broadcasts.SCHEDULED
    run_jobs(until=clock)
    assert outbox() == []

    run_jobs(until=at)
    assert len(outbox()) == 4
    assert broadcasts.get(services, broadcast_id).status == broadcasts.DONE


def night(clock: dt.datetime) -> dt.datetime:
    """22:30 in Brussels on the day of `clock`: inside the quiet hours."""
    return on_day(clock, 0, "22:30")


def morning(clock: dt.datetime) -> dt.datetime:
    """08:00 in Brussels the next day: the quiet hours are over."""
    return on_day(clock, 1, "08:00")


def _outcomes(services, broadcast_id) -> tuple:
    shown = broadcasts.progress(services, broadcast_id)
    names = ("status", "queued", "sent", "failed", "skipped_at_send", "stopped", "pending")
    return (*(shown[name] for name in names), shown["finished"])


def _confirmed_at_night(services, travel, run_jobs) -> str:
    services.settings = replace(services.settings, quiet_hours="21:00-08:00")
    travel(night(services.clock()))
    broadcast_id, _ = broadcasts.create(services, "all", broadcasts.message_from(TEXTS, services))
    broadcasts.confirm(services, broadcast_id)
    run_jobs()  # planning and the batch: the four send jobs wait for 08:00 in the scheduler
    return broadcast_id


def test_a_cancel_in_quiet_hours_stops_messages_already_handed_over(
    services, people, clock, travel, run_jobs, outbox
):
    broadcast_id = _confirmed_at_night(services, travel, run_jobs)
    scheduled = ScheduledJobRegistry(queue=queues.queue(services.rq_redis, queues.BROADCASTS))
    assert len(scheduled) == 4
    assert _outcomes(services, broadcast_id) == ("done", 4, 0, 0, 0, 0, 4, False)
    assert broadcasts.cancellable(broadcasts.progress(services, broadcast_id))

    assert broadcasts.cancel(services, broadcast_id)
    assert not broadcasts.cancel(services, broadcast_id)
    travel(morning(clock))
    run_jobs(until=later())

    assert outbox() == []
    assert _outcomes(services, broadcast_id) == ("cancelled", 4, 0, 0, 0, 4, 0, True)
    records = [outbound.load(services.redis, i) for i in _broadcast_records(services)]
    assert {(r.status, r.reason, r.broadcast_id) for r in records} == {
        ("skipped", "cancelled", broadcast_id)
    }


def _broadcast_records(services) -> list[str]:
    """The ids of the outbound records that belong to a broadcast."""
    keys = services.redis.scan_iter(match=store.outbound("*"), count=1000, _type="hash")
    return [key.rsplit(":", 1)[-1] for key in keys if services.redis.hget(key, "broadcast_id")]


def test_a_done_broadcast_whose_messages_all_went_out_cannot_be_cancelled(
    services, people, clock, travel, run_jobs, outbox
):
    broadcast_id = _confirmed_at_night(services, travel, run_jobs)
    travel(morning(clock))
    run_jobs(until=later())

    assert len(outbox()) == 4
    assert _outcomes(services, broadcast_id) == ("done", 4, 4, 0, 0, 0, 0, True)
    assert not broadcasts.cancel(services, broadcast_id)


def test_progress_counts_sent_failed_and_skipped_once(services, people, twilio_mode, run_jobs):
    twilio_mode.fail_for("+32470000003", 21211)  # the Arabic texter's number is unusable
    twilio_mode.fail_next(500)  # the first send is retried (Twilio had created nothing)
    broadcast_id, _ = broadcasts.create(services, "all", broadcasts.message_from(TEXTS, services))
    broadcasts.confirm(services, broadcast_id)
    broadcast_plan.plan(services, broadcast_id)
    texters.set_opted_out(services.redis, people["nl"], True)  # after planning

    run_jobs()
    run_jobs(until=later())

    assert _outcomes(services, broadcast_id) == ("done", 4, 2, 1, 1, 0, 0, True)
    for message_id in _broadcast_records(services):  # a job run twice, a report repeated
        sending.send_message(message_id)
        outbound.advance(services.redis, message_id, outbound.SENT)
        outbound.advance(services.redis, message_id, outbound.SKIPPED, reason="cancelled")
        outbound.record_accepted(services.redis, message_id, "SMx", "queued")
    # (a skip after an outcome moves the status but counts nothing: each message counts once)
    assert _outcomes(services, broadcast_id) == ("done", 4, 2, 1, 1, 0, 0, True)


def test_delivery_reports_count_delivered_once(services, people, run_jobs):
    broadcast_id, _ = broadcasts.create(services, "language:ar", broadcasts.Message(topic="sante"))
    broadcasts.confirm(services, broadcast_id)
    run_jobs()
    [message_id] = _broadcast_records(services)
    outbound.record_status(
        services.redis, sid="SM1", provider_status="delivered", message_id=message_id
    )
    outbound.record_status(services.redis, sid="SM1", provider_status="read", message_id=message_id)
    outbound.record_status(
        services.redis, sid="SM1", provider_status="delivered", message_id=message_id
    )

    shown = broadcasts.progress(services, broadcast_id)
    assert (shown["sent"], shown["delivered"]) == (1, 1)


def test_counter_names_match_outbound_rules():
    assert {rule[0] for rule in outbound_status.BROADCAST_COUNTS} == set(broadcasts.SEND_COUNTERS)


def test_batched_sends_skip_a_cancelled_broadcasts_messages(services, people, run_jobs, outbox):
    broadcast_id, _ = broadcasts.create(services, "all", broadcasts.Message(topic="sante"))
    messages = [
        outbound.OutboundRequest(
            to=number, channel="sms", purpose="broadcast", idempotency_key=number, body="x",
            unsolicited=True, queue_name=queues.BROADCASTS, broadcast_id=broadcast_id,
        )
        for number in ("+32470000001", "+32470000003")
    ]  # fmt: skip
    ids = outbound_batch.queue_many(services, messages)  # one workers.sending.send_batch job
    broadcasts.cancel(services, broadcast_id)

    run_jobs()

    assert outbox() == []
    reasons = {outbound.load(services.redis, i).reason for i in ids}
    assert reasons == {"cancelled"}


def test_a_texter_erased_before_their_message_left_counts_as_skipped(
    services, people, clock, travel, run_jobs, outbox
):
    broadcast_id = _confirmed_at_night(services, travel, run_jobs)
    erasure.erase_texter(services, people["ar"])
    travel(morning(clock))

    run_jobs(until=later())

    assert len(outbox()) == 3
    assert _outcomes(services, broadcast_id) == ("done", 4, 3, 0, 1, 0, 0, True)


def test_one_planner_at_a_time_so_no_message_is_orphaned(services, people, run_jobs, outbox):
    """The CLI plans in its own process while the plan job `confirm` queued may start too."""
    broadcast_id, _ = broadcasts.create(services, "all", broadcasts.Message(texts=TEXTS))
    broadcasts.confirm(services, broadcast_id)  # queues the plan job
    claim = store.broadcast_planner(broadcast_id)
    services.redis.set(claim, "the worker's plan job", ex=60)
    with pytest.raises(broadcast_plan.PlanningElsewhere):
        broadcast_plan.plan(services, broadcast_id)
    assert services.redis.hget(store.broadcast(broadcast_id), "attempt") == "0"  # untouched
    services.redis.delete(claim)

    broadcast_plan.plan(services, broadcast_id)  # the CLI, now alone
    assert not services.redis.exists(claim)  # released
    run_jobs(until=later())  # the queued plan job finds it planned and does nothing

    sent = [r for r in outbox(1000) if r["purpose"] == "broadcast"]
    assert len(sent) == 4  # everyone but the opted-out texter, once
    shown = broadcasts.progress(services, broadcast_id)
    assert (shown["batches"], shown["sent"], shown["finished"]) == (1, 4, True)
