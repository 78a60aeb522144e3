"""Abuse protection: the per-number rate limit, the reply loop guard, the daily outbound cap."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hotline.callbacks import staff
from hotline.conversation import abuse, engine
from hotline.conversation.inbound import InboundMessage
from hotline.outbound import messages as outbound
from hotline.platform import audit, store
from hotline.retention import erasure
from hotline.texters import state as texters

FLOODER = "+32470000666"
STAFF_PHONE = "+32470999001"


@pytest.fixture
def on_duty(services):
    """One staff member on duty around the clock, to receive alerts."""
    return staff.add(
        services, "Amina", phone=STAFF_PHONE, languages=["fr"], hours="mon-sun 00:00-24:00"
    )


def send(services, text: str, sender: str = FLOODER, now: dt.datetime | None = None):
    return engine.handle(InboundMessage("sms", sender, text), services, now=now)


def staff_alerts(outbox) -> list[dict]:
    return [m for m in outbox() if m["purpose"] == abuse.STAFF_ALERT]


def test_over_the_rate_limit_the_number_gets_silence_and_staff_one_alert(
    services, clock, monkeypatch, on_duty, run_jobs, outbox
):
    monkeypatch.setattr(abuse, "LOOP_REPEATS", 1000)  # measure the rate limit alone
    replies = [send(services, "SANTE") for _ in range(abuse.RATE_LIMIT)]
    assert all(reply.text for reply in replies)
    later = [send(services, "SANTE") for _ in range(10)]
    assert [reply.text for reply in later] == [""] * 10
    texter_id = services.privacy.texter_id(FLOODER)
    assert 0 < services.redis.ttl(store.muted(texter_id)) <= abuse.MUTE_SECONDS
    run_jobs()
    alerts = staff_alerts(outbox)
    assert len(alerts) == 1
    assert alerts[0]["to"] != STAFF_PHONE and "Ligne SOLEA, alerte" in alerts[0]["text"]
    abuse_entries = [
        e["action"] for e in audit.recent(services.redis) if e["action"].startswith("abuse.")
    ]
    assert abuse_entries == ["abuse.rate_limited"]


def test_other_numbers_are_not_affected(services, clock, monkeypatch):
    monkeypatch.setattr(abuse, "LOOP_REPEATS", 1000)
    for _ in range(abuse.RATE_LIMIT + 1):
        send(services, "SANTE")
    assert send(services, "SANTE", sender="+32470000667").text


def test_messages_spread_over_time_stay_under_the_limit(services, clock, monkeypatch):
    monkeypatch.setattr(abuse, "LOOP_REPEATS", 1000)
    step = dt.timedelta(seconds=abuse.RATE_WINDOW // 10)
    for i in range(3 * abuse.RATE_LIMIT):
        assert send(services, "SANTE", now=clock + i * step).text


def test_a_muted_texter_can_still_opt_out(services, clock, monkeypatch, content):
    monkeypatch.setattr(abuse, "LOOP_REPEATS", 1000)
    for _ in range(abuse.RATE_LIMIT + 1):
        send(services, "SANTE")
    reply = send(services, "STOP")
    assert reply.text == content.render("stop", "answer", "fr", "sms")
    assert texters.is_opted_out(services.redis, services.privacy.texter_id(FLOODER))


def test_loop_guard_offers_a_way_out_once_then_drops_the_same_reply(services, clock, content):
    replies = [send(services, "SANTE").text for _ in range(abuse.LOOP_REPEATS + 3)]
    assert all(replies[: abuse.LOOP_REPEATS])
    way_out = content.render("question", "repeated", "fr", "sms")
    assert "RAPPEL" in way_out and "LANGUE" in way_out
    assert replies[abuse.LOOP_REPEATS :] == [way_out, "", ""]  # a bot's loop stays stopped
    assert send(services, "CPAS").text  # a different reply still goes out


def test_loop_guard_window_starts_again_after_a_quiet_while(services, clock):
    for _ in range(abuse.LOOP_REPEATS + 1):
        send(services, "SANTE", now=clock)  # the last one gets the way-out message
    assert not send(services, "SANTE", now=clock).text
    later = clock + dt.timedelta(seconds=abuse.LOOP_WINDOW)
    assert send(services, "SANTE", now=later).text


def test_count_reply_reads_the_counts_it_is_given():
    fresh = abuse.count_reply({}, "hello", 1000.0)
    assert (fresh.count, fresh.since, fresh.admitted) == (1, 1000.0, True)
    seen = {fresh.digest: f"{abuse.LOOP_REPEATS} 1000.0"}
    assert not abuse.count_reply(seen, "hello", 1001.0).admitted
    assert abuse.count_reply(seen, "hello", 1000.0 + abuse.LOOP_WINDOW).count == 1


def test_daily_cap_admits_up_to_the_cap_and_alerts_once(services, clock, travel, on_duty):
    services.settings = dataclasses.replace(services.settings, daily_outbound_cap=3)
    admitted = [abuse.admit_outbound(services, f"m{i}") for i in range(5)]
    assert admitted == [True, True, True, False, False]
    assert abuse.admit_outbound(services, "m0")  # a retry of a counted message still goes
    assert abuse.admit_outbound(services, "alert", purpose=abuse.STAFF_ALERT)
    abuse_entries = [
        e["action"] for e in audit.recent(services.redis) if e["action"].startswith("abuse.")
    ]
    assert abuse_entries == ["abuse.daily_cap"]
    travel(clock + dt.timedelta(days=1))
    assert abuse.admit_outbound(services, "m4")


def test_capped_messages_are_sent_the_next_day(services, clock, on_duty, run_jobs, outbox):
    services.settings = dataclasses.replace(services.settings, daily_outbound_cap=2)
    for i in range(4):
        outbound.queue(
            services,
            outbound.OutboundRequest(
                to=f"+3247000010{i}",
                channel="sms",
                purpose="test",
                idempotency_key=f"cap{i}",
                body="Bonjour",
            ),
        )
    run_jobs(until=clock)
    sent = [m for m in outbox() if m["purpose"] == "test"]
    assert len(sent) == 2
    assert len(staff_alerts(outbox)) == 1  # the alert itself is never capped
    run_jobs(until=abuse.next_day_start(services) - dt.timedelta(seconds=1))
    assert len([m for m in outbox() if m["purpose"] == "test"]) == 2  # not before the next day
    run_jobs(until=abuse.next_day_start(services))
    assert len([m for m in outbox() if m["purpose"] == "test"]) == 4


def test_next_day_start_is_local_midnight(services):  # a fixed summer night, through the clock
    services.clock = lambda: dt.datetime(2026, 6, 30, 21, 30, tzinfo=dt.UTC)  # 23:30 in Brussels
    assert abuse.next_day_start(services) == dt.datetime(2026, 6, 30, 22, 5, tzinfo=dt.UTC)


def test_erase_texter_forgets_the_counters(services, clock, monkeypatch):
    monkeypatch.setattr(abuse, "LOOP_REPEATS", 1000)
    for _ in range(abuse.RATE_LIMIT + 1):
        send(services, "SANTE")
    texter_id = services.privacy.texter_id(FLOODER)
    assert erasure.erase_abuse_counters(services, texter_id) >= 3
    assert not [k for k in services.redis.scan_iter(match="hl:abuse:*") if texter_id in k]
