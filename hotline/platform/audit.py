"""The audit log: an append-only record of what happened, for accountability without exposure.

Staff actions (who did what, when, why) and privacy events (an erasure, an abuse alert) are
appended to one Redis stream; the stream id carries the time. An entry never carries a phone
number, a message body or a texter id, so the log itself cannot reveal who texted.
"""

from __future__ import annotations

import redis

from hotline.platform import store

ERASURE = "texter.erased"  # a texter confirmed OUBLIER OUI and their data was erased
ABUSE_RATE_LIMIT = "abuse.rate_limited"  # a number went over the inbound rate limit
ABUSE_DAILY_CAP = "abuse.daily_cap"  # the daily outbound cap was reached


def record(
    client: redis.Redis, action: str, actor: str = "", reason: str = "", **fields: object
) -> str:
    """Append one entry (what, by whom, why); returns its stream id. Never name a texter."""
    entry = {"action": action, "actor": actor, "reason": reason}
    entry.update({name: str(value) for name, value in fields.items()})
    return client.xadd(store.audit_log(), entry, maxlen=store.AUDIT_MAX, approximate=True)


def recent(client: redis.Redis, count: int = 100) -> list[dict[str, str]]:
    """The newest entries first, each with its stream id under "id"."""
    rows = client.xrevrange(store.audit_log(), count=count)
    return [{"id": entry_id, **fields} for entry_id, fields in rows]
