"""One-off upgrades of data stored by earlier versions, run by `hotline worker` at start.

Each step is idempotent and cheap when there is nothing left to do, so every worker start may
run them all; each returns how many records it touched.

- `message_sids`: MessageSids answered before replays were remembered for 30 days have only
  their 48-hour reply key; each gets its `store.message_seen` marker for the rest of the 30 days,
  so a webhook captured just before the upgrade cannot be replayed once that reply key expires.
- `unknown_texts`: the unknown-text statistics kept before they were counted per week had no
  expiry; the old set is still added to reports, and now expires `UNKNOWN_TEXT_DAYS` after the
  upgrade like the weekly sets.
- `accounts`: console accounts whose stored e-mail is not in today's normal form (NFKC,
  invisible characters stripped) move to it, or are disabled as look-alikes
  (`users.renormalize`).
"""

from __future__ import annotations

import logging

from hotline.accounts import users
from hotline.platform import DecodedRedis, store
from hotline.reporting import reports

log = logging.getLogger("hotline.migrations")

SCAN_COUNT = 1000


def message_sids(r: DecodedRedis) -> int:
    """Give each remembered MessageSid reply its long-lived seen marker; returns how many."""
    keys = list(r.scan_iter(match=store.message_sid("*"), count=SCAN_COUNT))
    pipe = r.pipeline(transaction=False)
    for key in keys:
        pipe.ttl(key)
    ttls = pipe.execute()
    for key, ttl in zip(keys, ttls, strict=True):
        answered_ago = store.MESSAGE_SID_TTL - max(ttl, 0)
        left = store.MESSAGE_SEEN_TTL - answered_ago
        pipe.set(store.message_seen(key.rsplit(":", 1)[-1]), "1", nx=True, ex=left)
    return sum(1 for done in pipe.execute() if done)


def unknown_texts(r: DecodedRedis) -> int:
    """Give the old, undated unknown-text set an expiry; returns 1 when it got one."""
    legacy = store.unknown_texts()
    if r.ttl(legacy) != -1:  # gone (-2) or already expiring
        return 0
    return int(r.expire(legacy, reports.UNKNOWN_TEXT_DAYS * store.DAY))


def accounts(r: DecodedRedis) -> int:
    """Accounts moved to their normal e-mail or disabled as look-alikes; returns how many."""
    return len(users.renormalize(r))


def run(r: DecodedRedis) -> dict[str, int]:
    """Every step, in order; returns what each touched (logged when anything was)."""
    done = {
        "message_sids": message_sids(r),
        "unknown_texts": unknown_texts(r),
        "accounts": accounts(r),
    }
    if any(done.values()):
        log.info("migrated %s", done)
    return done
