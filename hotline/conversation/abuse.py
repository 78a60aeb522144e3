"""Abuse protection: a per-number inbound rate limit, a reply loop guard, a daily outbound cap.

A stuck auto-responder, a prank or a leaked test script can make the hotline answer the same
phone hundreds of times, or send thousands of paid messages. Three checks bound the damage:

- inbound rate limit: more than `RATE_LIMIT` messages from one number within `RATE_WINDOW`
  mutes the number for `MUTE_SECONDS` (the webhook answers with an empty TwiML; STOP and OUBLIER
  are still honoured) and staff are alerted once per mute;
- loop guard: the same reply to the same number more than `LOOP_REPEATS` times within
  `LOOP_WINDOW` is dropped (an empty TwiML), which ends reply ping-pong with a bot;
- daily outbound cap: at most `settings.daily_outbound_cap` distinct outbound messages per local
  day; the send job defers the rest to the next day and staff are alerted once that day. Staff
  alerts about callback requests count like everything else; only these abuse alerts, each sent
  at most once per period, are never capped (so the one about the cap goes out), nor a
  webhook's reply sent as a WhatsApp template (`REPLY`: it replaces the TwiML reply, which is
  bounded by the inbound rate limit, not by the cap);
- callback rate (`hotline.callbacks`): at most `settings.callback_rate_per_hour` new callback
  requests per clock hour before missed calls stop opening any (SMS pumping).

Number lifecycle::

    normal --(> RATE_LIMIT in RATE_WINDOW)--> muted --(MUTE_SECONDS pass)--> normal

All counters are keyed by the texter's keyed hash and expire on their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hotline.callbacks import abuse_alerts
from hotline.platform import DecodedPipeline, Services, store

log = logging.getLogger("hotline.conversation.abuse")

RATE_LIMIT = 20  # inbound messages per number...
RATE_WINDOW = 10 * 60  # ...within this many seconds
MUTE_SECONDS = 60 * 60  # how long a number over the limit gets no reply
LOOP_REPEATS = 3  # the same reply is sent at most this many times...
LOOP_WINDOW = 5 * 60  # ...to one number within this many seconds
HONOURED_WHEN_MUTED = frozenset({"stop", "oublier"})  # a muted texter can still leave

RATE_LIMITED = store.RATE_LIMITED_ALERT
DAILY_CAP = "daily_cap"
STAFF_ALERT = abuse_alerts.STAFF_ALERT  # outbound purpose of the alerts below
REPLY = "reply"  # outbound purpose of a webhook reply sent with taps (conversation.interactive)
UNCAPPED = frozenset({STAFF_ALERT, REPLY})
ALERT_MESSAGES = {RATE_LIMITED: "answer", DAILY_CAP: "daily_cap"}

# Count one outbound message id towards a day's cap, unless the cap is reached; 1 = admitted.
_ADMIT_OUTBOUND = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
"""


def count_inbound(pipe: DecodedPipeline, texter_id: str, timestamp: float) -> None:
    """Queue the mute check and the count of one inbound message on a pipeline.

    The engine batches these with the texter's state in one round trip. Messages sent while
    muted count too, so a number still flooding when its mute ends is muted again.
    """
    key = store.inbound_rate(texter_id)
    pipe.exists(store.muted(texter_id))
    pipe.zadd(key, {f"{timestamp}:{secrets.token_hex(4)}": timestamp})
    pipe.zremrangebyscore(key, "-inf", timestamp - RATE_WINDOW)
    pipe.zcard(key)
    pipe.expire(key, RATE_WINDOW)


def admit_counted(
    services: Services, texter_id: str, now: dt.datetime, topic: str, replies: list
) -> bool:
    """Admit one inbound message, from the replies of `count_inbound`: False while the number
    is muted for going over the limit. A message asking for `HONOURED_WHEN_MUTED` topics (STOP,
    OUBLIER) is always admitted."""
    muted, count = bool(replies[0]), int(replies[3])
    admitted = not muted and _under_limit(services, texter_id, now, count)
    return admitted or topic in HONOURED_WHEN_MUTED


def _under_limit(services: Services, texter_id: str, now: dt.datetime, count: int) -> bool:
    """True under the limit; over it, mute the number (and alert staff once per mute)."""
    if count <= RATE_LIMIT:
        return True
    if services.redis.set(store.muted(texter_id), int(now.timestamp()), nx=True, ex=MUTE_SECONDS):
        log.warning("rate limit: a number sent %d messages in %d s, muted", count, RATE_WINDOW)
        # once per MUTE_SECONDS for all numbers: many flooding numbers are one alert, not many
        _alert(services, RATE_LIMITED, RATE_LIMITED, MUTE_SECONDS)
    return False


@dataclass(frozen=True)
class ReplyCount:
    """How often one reply went to one texter in the current loop window, this one included."""

    digest: str
    count: int
    since: float  # when the window of this reply started

    @property
    def admitted(self) -> bool:
        """False when the same reply went to this number too often lately."""
        return self.count <= LOOP_REPEATS


def read_reply_counts(pipe: DecodedPipeline, texter_id: str) -> None:
    """Queue the read of the texter's recent reply counts (the engine batches it; one reply)."""
    pipe.hgetall(store.reply_repeats(texter_id))


def count_reply(seen: dict[str, str], text: str, timestamp: float) -> ReplyCount:
    """This reply's count from the texter's recent counts (`read_reply_counts`)."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    count, since = (seen.get(digest) or "0 0").split()
    if timestamp - float(since) >= LOOP_WINDOW:  # the window starts with the first reply
        count, since = "0", str(timestamp)
    counted = ReplyCount(digest, int(count) + 1, float(since))
    if not counted.admitted:
        log.warning("loop guard: dropped a reply sent %d times in %d s", counted.count, LOOP_WINDOW)
    return counted


def write_reply_count(pipe: DecodedPipeline, texter_id: str, counted: ReplyCount) -> None:
    """Queue the write of one reply's count (the engine batches it with its other writes)."""
    key = store.reply_repeats(texter_id)
    pipe.hset(key, counted.digest, f"{counted.count} {counted.since}")
    pipe.expire(key, LOOP_WINDOW)


def admit_outbound(services: Services, message_id: str, purpose: str = "") -> bool:
    """Count one outbound message towards today's cap; False (and one alert) once it is full.

    Called by the send job before the provider; the same message id counts once however often
    its job is retried. Only the abuse alerts (`STAFF_ALERT`, each at most once per period) are
    never capped, so the alert about the cap itself goes out, and webhook replies sent as
    WhatsApp templates (`REPLY`); alerts about callback requests count like any message (a flood
    of requests must not send past the cap).
    """
    if purpose in UNCAPPED:
        return True
    day = local_day(services)
    cap = services.settings.daily_outbound_cap
    admitted = services.redis.eval(
        _ADMIT_OUTBOUND, 1, store.outbound_daily(day), message_id, cap, 2 * store.DAY
    )
    if admitted:
        return True
    log.warning("daily cap: %d outbound messages already today, deferring", cap)
    _alert(services, DAILY_CAP, f"{DAILY_CAP}:{day}", 2 * store.DAY, cap=cap)
    return False


def next_day_start(services: Services) -> dt.datetime:
    """When the daily cap resets: the next local midnight (a few minutes after, to be safe)."""
    zone = ZoneInfo(services.settings.timezone)
    local = services.clock().astimezone(zone)
    tomorrow = (local + dt.timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return tomorrow.astimezone(dt.UTC)


def local_day(services: Services) -> str:
    """Today's date in the hotline's time zone (YYYY-MM-DD)."""
    return services.clock().astimezone(ZoneInfo(services.settings.timezone)).date().isoformat()


def _alert(services: Services, kind: str, once_key: str, period: int, **fields: object) -> bool:
    message, sms_fields = ALERT_MESSAGES[kind], _alert_fields(kind, fields)
    return abuse_alerts.alert_staff(
        services, kind, once_key, period, message=message, sms_fields=sms_fields, **fields
    )


def _alert_fields(kind: str, fields: dict[str, object]) -> dict[str, object]:
    if kind == RATE_LIMITED:
        return {"limit": RATE_LIMIT, "minutes": RATE_WINDOW // 60, "mute": MUTE_SECONDS // 60}
    return dict(fields)
