"""The test clock itself (tests/clock.py): one clock for services, RQ and `time.time()`.

These run in `make test`'s extra runs too (a year ahead, the nights the clocks change), where
`now()` is HOTLINE_TEST_NOW's moment: each claim must hold whatever today is.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from rq.registry import ScheduledJobRegistry

from hotline.outbound import messages as outbound
from hotline.platform import queues
from tests import clock as test_clock
from tests.clock import TZ, local, next_dst_night, next_monday_morning, on_day, resolve


def test_the_clock_is_a_working_monday_morning_in_brussels_and_in_the_future():
    today = test_clock.now()
    monday = next_monday_morning(today)
    shown = monday.astimezone(TZ)
    assert (shown.weekday(), shown.hour, shown.minute) == (0, 10, 30)
    assert today < monday <= today + dt.timedelta(days=14)  # a holiday Monday is skipped


def test_the_services_rq_and_the_standard_library_read_the_same_frozen_time(services, clock):
    assert services.clock() == clock == dt.datetime.now(dt.UTC)
    assert time.time() == clock.timestamp()
    time.sleep(0.01)
    assert services.clock() == clock  # frozen: only `travel` and `run_jobs(until=)` move it


def test_travel_moves_everything_and_can_go_back(services, clock, travel):
    travel(clock + dt.timedelta(days=3))
    assert services.clock() == clock + dt.timedelta(days=3) == test_clock.now()
    travel(clock - dt.timedelta(minutes=30))
    assert time.time() == (clock - dt.timedelta(minutes=30)).timestamp()


def test_run_jobs_until_runs_each_retry_at_its_own_time(services, clock, twilio_mode, run_jobs):
    twilio_mode.fail_next(500, 500)
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to="+32470000001", channel="sms", purpose="test", idempotency_key="k", body="Bonjour"
        ),
    )
    run_jobs(until=clock + dt.timedelta(seconds=4))  # the first retry waits 5 s
    assert len(twilio_mode.requests) == 1
    run_jobs(until=clock + dt.timedelta(hours=1))
    assert outbound.get(services, message_id)["status"] == outbound.SENT
    assert len(twilio_mode.requests) == 3
    assert test_clock.now() == clock + dt.timedelta(hours=1)  # time has passed, not gone back
    registry = ScheduledJobRegistry(queue=queues.queue(services.rq_redis, queues.URGENT))
    assert registry.get_job_ids() == []


@pytest.mark.parametrize(("forward", "offsets"), [(True, (1, 2)), (False, (2, 1))])
def test_the_next_dst_night_is_a_sunday_when_brussels_changes_offset(clock, forward, offsets):
    night = next_dst_night(clock, forward)
    before, after = (local(night, at).astimezone(TZ).utcoffset() for at in ("00:00", "12:00"))
    assert night.weekday() == 6 and night.month == (3 if forward else 10)
    assert (before, after) == tuple(dt.timedelta(hours=h) for h in offsets)


def test_hotline_test_now_values():
    today = local(dt.date(2026, 12, 1), "23:00")  # any day: a fixed one reads best
    assert resolve("+1y", today) == local(dt.date(2027, 12, 1), "23:00")
    assert resolve("+30d", today) == today + dt.timedelta(days=30)
    assert resolve("spring-forward", today) == local(dt.date(2027, 3, 28), "01:30")
    assert resolve("fall-back", today).isoformat() == "2027-10-31T00:30:00+00:00"  # 02:30 CEST
    assert resolve("2027-10-31 02:30+01:00", today).isoformat() == "2027-10-31T01:30:00+00:00"
    with pytest.raises(ValueError):
        resolve("2027-03-28 02:30", today)  # that hour does not exist in Brussels
    with pytest.raises(ValueError):
        resolve("next tuesday", today)


def test_on_day_keeps_the_brussels_wall_clock_across_a_change(clock):
    night = next_dst_night(clock, forward=True)
    saturday = local(night - dt.timedelta(days=1), "17:00")
    assert on_day(saturday, 1, "17:00") - saturday == dt.timedelta(hours=23)


def test_a_worker_started_by_a_travelling_test_gets_its_time(clock):
    env = test_clock.child_environment({"PATH": "/usr/bin"})
    assert dt.datetime.fromisoformat(env[test_clock.TEST_NOW]) == clock
    assert env["PYTHONPATH"].split(":")[0] == str(test_clock.SITE_DIR)
