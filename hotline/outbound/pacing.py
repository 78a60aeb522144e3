"""Pacing: one token bucket per channel, shared by every worker through Redis.

Twilio queues (and eventually drops) what a sender pushes faster than its numbers allow, so the
hotline never exceeds the configured rates (`HOTLINE_SMS_RATE` segments/s, `HOTLINE_WHATSAPP_RATE`
messages/s) however many workers run. The bucket is a reservation clock (GCRA): an atomic Lua
script reads Redis's own clock, hands the caller the next free slot and moves the clock on by
`cost / rate`. The caller sleeps until its slot, then sends. No polling, no drift between
machines (one clock: Redis's), and each worker holds at most one reservation, so the wait is
bounded by (workers x cost / rate).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hotline.platform import WHATSAPP, DecodedRedis, Settings, store

# KEYS[1] = bucket; ARGV = cost, rate. Returns the seconds to wait before sending (as a string).
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local after = start + tonumber(ARGV[1]) / tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.6f', after), 'EX', math.ceil(after - now) + 60)
return string.format('%.6f', start - now)
"""


class Bucket:
    """The shared send budget of one channel."""

    def __init__(self, client: DecodedRedis, channel: str, rate: float):
        self.client = client
        self.key = store.rate_bucket(channel)
        self.rate = rate
        self._script = client.register_script(_RESERVE)

    def reserve(self, cost: float = 1.0) -> float:
        """Book `cost` units (SMS segments or WhatsApp messages); returns seconds to wait."""
        if self.rate <= 0:
            return 0.0
        return max(0.0, float(self._script(keys=[self.key], args=[cost, self.rate])))

    def take(self, cost: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> float:
        """Reserve and wait for the slot; returns how long it waited."""
        wait = self.reserve(cost)
        if wait > 0:
            sleep(wait)
        return wait


def rate_for(settings: Settings, channel: str) -> float:
    """The configured rate of a channel (0 or less disables pacing)."""
    if channel == WHATSAPP:
        return settings.whatsapp_rate_per_second
    return settings.sms_rate_per_second


def bucket(client: DecodedRedis, settings: Settings, channel: str) -> Bucket:
    """The bucket of `channel` under the configured rate."""
    return Bucket(client, channel, rate_for(settings, channel))
