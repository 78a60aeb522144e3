"""Weekly message counters written by the engine, read by the reports page."""

from __future__ import annotations

import datetime as dt

from hotline.conversation.inbound import InboundMessage
from hotline.platform import store
from hotline.reporting import reports
from tests.clock import TZ as ZONE
from tests.conftest import inbound_form

TZ = "Europe/Brussels"


def iso_week(moment: dt.datetime) -> str:
    """The ISO week label of `moment` in Brussels, computed by the standard library."""
    year, week, _ = moment.astimezone(ZONE).isocalendar()
    return f"{year}-W{week:02d}"


def test_week_labels():  # fixed dates: `week_of` is a pure function of them
    assert reports.week_of(dt.datetime(2026, 11, 23, tzinfo=dt.UTC), TZ) == "2026-W48"
    assert reports.recent_weeks(3, dt.datetime(2026, 1, 5, tzinfo=dt.UTC), TZ) == [
        "2025-W52", "2026-W01", "2026-W02",
    ]  # fmt: skip


def test_weeks_start_on_monday_midnight_in_brussels_not_in_utc():
    sunday_night_utc = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)  # Monday 00:30 local
    assert reports.week_of(sunday_night_utc, TZ) == "2026-W48"
    assert reports.week_of(sunday_night_utc, "UTC") == "2026-W47"


def test_engine_counts_answers_per_week_topic_and_language(signed_post, services, clock):
    signed_post("/twilio/messages", inbound_form("SANTE"))
    signed_post("/twilio/messages", inbound_form("صحة", sender="+32470000002"))
    rows = reports.weekly(services.redis, 1, clock, TZ)
    assert {(r.week, r.topic, r.language, r.count) for r in rows} == {
        (iso_week(clock), "sante", "fr", 1),
        (iso_week(clock), "sante", "ar", 1),
    }


def test_counters_hold_no_number_or_text(services, clock):
    from hotline.conversation import engine

    engine.handle(InboundMessage("sms", "+32470123456", "SANTE"), services)
    dump = str({k: services.redis.hgetall(k) for k in services.redis.keys("hl:stats:week:*")})
    assert "470123456" not in dump and "SANTE" not in dump


def test_unknown_texts_ranked(services):
    now = services.clock()
    for text, times in (("papiers", 4), ("bonjour", 1)):
        for _ in range(times):
            reports.count_unknown(services.redis, reports.unknown_member(True, "fr", text), now, TZ)
    reports.count_unknown(services.redis, reports.unknown_member(False, "ar", "تبيب"), now, TZ)
    services.redis.zincrby("hl:stats:unknown", 1, reports.unknown_member(True, "fr", "papiers"))
    services.redis.zincrby("hl:stats:unknown", 2, "bonjour")  # counted before languages were
    ranked = reports.unknown_texts(services.redis, now, TZ)
    assert ranked[:2] == [
        reports.UnknownText("papiers", "fr", reports.UNKNOWN, 5),  # this week and before
        reports.UnknownText("bonjour", "", reports.UNKNOWN, 2),  # counted before languages
    ]
    assert set(ranked[2:]) == {
        reports.UnknownText("bonjour", "fr", reports.UNKNOWN, 1),
        reports.UnknownText("تبيب", "ar", reports.UNSURE, 1),
    }


def test_unknown_texts_expire_and_old_weeks_leave_the_report(services):
    now = services.clock()
    long_ago = now - dt.timedelta(days=reports.UNKNOWN_TEXT_DAYS + 8)
    old, recent = (reports.unknown_member(True, "fr", t) for t in ("vieux texte", "texte récent"))
    reports.count_unknown(services.redis, old, long_ago, TZ)
    reports.count_unknown(services.redis, recent, now, TZ)
    assert [row.text for row in reports.unknown_texts(services.redis, now, TZ)] == ["texte récent"]
    for key in services.redis.keys("hl:stats:unknown:*"):
        assert 0 < services.redis.ttl(key) <= (reports.UNKNOWN_TEXT_DAYS + 7) * store.DAY


def test_unknown_texts_count_through_the_engine_and_expire(services, text):
    text("blabla xyzzy")
    week = reports.week_of(services.clock(), TZ)
    key = f"hl:stats:unknown:{week}"
    [member] = services.redis.zrange(key, 0, -1)
    assert member.endswith("|blabla xyzzy") and services.redis.zscore(key, member) == 1
    assert services.redis.ttl(key) > reports.UNKNOWN_TEXT_DAYS * store.DAY


def test_callback_waits_per_week(services, clock, travel, signed_post):
    from hotline.callbacks import requests as callbacks

    monday = clock
    signed_post("/twilio/messages", inbound_form("RAPPEL", sender="+32470000301"))
    signed_post("/twilio/messages", inbound_form("RAPPEL", sender="+32470000302"))
    first, _ = callbacks.list_requests(services)
    callbacks.claim(services, first.ref, "ana")
    travel(monday + dt.timedelta(hours=3))
    callbacks.done(services, first.ref)
    [row] = reports.callback_waits(services, 1, monday)
    assert (row.week, row.requests, row.done, row.median_hours) == (iso_week(monday), 2, 1, 3.0)
