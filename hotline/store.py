"""The Redis connection and key naming: one place for key prefixes and TTLs.

Every Redis key the hotline writes is built here, so that retention, erasure and backups can
reason about the whole keyspace. Texters are named by their keyed hash (see `privacy`), never by
their phone number.
"""

from __future__ import annotations

import redis

PREFIX = "hl"
DAY = 24 * 3600

# TTLs, in seconds.
MESSAGE_SID_TTL = 2 * DAY  # Twilio may redeliver a webhook; we answer the same within 48 hours.


def connect(url: str, *, decode: bool = True) -> redis.Redis:
    """Open a Redis client. Domain code uses decoded strings; RQ needs raw bytes (decode=False).

    Timeouts are short so that a Redis outage turns into a quick 503, not a hung webhook.
    """
    return redis.Redis.from_url(
        url,
        decode_responses=decode,
        socket_timeout=3,
        socket_connect_timeout=2,
        health_check_interval=30,
    )


def key(*parts: object) -> str:
    """Join parts into a namespaced key: key("texter", tid) -> "hl:texter:<tid>"."""
    return ":".join((PREFIX, *(str(p) for p in parts)))


def texter(texter_id: str) -> str:
    """Hash of one texter's state (language, opt-out, last inbound, encrypted number)."""
    return key("texter", texter_id)


def message_sid(sid: str) -> str:
    """The reply already given to one inbound Twilio MessageSid (idempotent webhooks)."""
    return key("msgsid", sid)


def unknown_texts() -> str:
    """Sorted set of normalised texts the content could not answer (counted, no numbers)."""
    return key("stats", "unknown")


def opt_out(texter_id: str) -> str:
    """Marker that a texter sent STOP; no TTL (the opt-out must outlive other data)."""
    return key("optout", texter_id)
