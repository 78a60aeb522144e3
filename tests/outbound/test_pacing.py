"""The shared token bucket: reservations across workers never exceed the rate.

Rates here are tiny (one unit per 100 s) so that every reservation lands in the future and the
bucket's clock moves by exactly cost / rate, whatever the speed of the machine.
"""

from __future__ import annotations

import itertools
import threading

import pytest

from hotline.outbound import pacing
from hotline.platform import store

SLOW = 0.01  # units per second: one every 100 s


def booked_until(services, channel="sms") -> float:
    return float(services.redis.get(store.rate_bucket(channel)))


def test_reservations_are_spaced_by_cost_over_rate(services):
    bucket = pacing.Bucket(services.redis, "sms", rate=SLOW)
    waits = [bucket.reserve() for _ in range(4)]
    assert waits[0] == 0
    assert all(b - a == pytest.approx(100, abs=1) for a, b in itertools.pairwise(waits))


def test_multi_segment_sms_costs_more(services):
    bucket = pacing.Bucket(services.redis, "sms", rate=SLOW)
    bucket.reserve(cost=3)
    start = booked_until(services)
    bucket.reserve(cost=2)
    assert booked_until(services) - start == pytest.approx(200)


def test_channels_have_separate_buckets(services):
    pacing.Bucket(services.redis, "sms", rate=SLOW).reserve()
    assert pacing.Bucket(services.redis, "whatsapp", rate=SLOW).reserve() == 0


def test_zero_rate_disables_pacing(services):
    bucket = pacing.Bucket(services.redis, "sms", rate=0)
    assert [bucket.reserve() for _ in range(3)] == [0, 0, 0]


def test_take_sleeps_for_the_reserved_wait(services):
    bucket = pacing.Bucket(services.redis, "sms", rate=SLOW)
    slept: list[float] = []
    assert bucket.take(sleep=slept.append) == 0 and slept == []
    bucket.take(sleep=slept.append)
    assert slept == [pytest.approx(100, abs=1)]


def test_concurrent_workers_get_distinct_slots(services):
    """Threads standing in for workers reserve at once: 100 reservations, 100 distinct slots."""
    first = pacing.Bucket(services.redis, "sms", rate=SLOW)
    first.reserve()
    start = booked_until(services)
    waits: list[float] = []
    lock = threading.Lock()

    def reserve_many() -> None:
        bucket = pacing.Bucket(services.redis, "sms", rate=SLOW)
        for _ in range(25):
            wait = bucket.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=reserve_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert booked_until(services) - start == pytest.approx(100 * 100)
    slots = sorted(round(wait / 100) for wait in waits)
    assert slots == list(range(1, 101))


def test_rate_for_channel(settings):
    assert pacing.rate_for(settings, "sms") == settings.sms_rate_per_second
    assert pacing.rate_for(settings, "whatsapp") == settings.whatsapp_rate_per_second
