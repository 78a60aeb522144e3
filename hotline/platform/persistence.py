"""Erasure must reach the disk: housekeeping has Redis rewrite its files at least daily.

Deleting a key removes it from Redis' memory, not from its disk. The append-only file (AOF)
keeps every command ever written — an erased note in clear, the encrypted number — until Redis
rewrites it, which it does on its own only once the file has doubled past 64 MB
(`auto-aof-rewrite-min-size`): for a small line, months. An RDB snapshot keeps what was there
when it was taken until the next one. So the housekeeping job
(hotline/platform/housekeeping.py) calls
`compact_if_due` every run; at most once every `REWRITE_EVERY` it asks Redis to rewrite its AOF
(BGREWRITEAOF, when AOF is on) and to take a fresh snapshot (BGSAVE, when an RDB save policy is
set). Both write new files from the data as it is now and replace the old ones, so whatever was
erased before is no longer in them.

The bound (`bound`): erased data leaves Redis' files within REWRITE_EVERY + one housekeeping
interval + REWRITE_GRACE (time for the rewrite itself and one retried run) — under 24 hours
with the defaults, as long as a worker runs. Copies taken before (backups, replicas' own files,
a provider's snapshots) are not touched: rotate backups (see README, Backup and restore).

States of one compaction::

    claim held (compacted less than REWRITE_EVERY ago) ───► nothing
    due ──claim──► BGREWRITEAOF (if AOF on) ──► BGSAVE SCHEDULE (if RDB on) ──► done
    Redis refuses the command (a managed Redis) ──────────► logged once per claim, not retried
    the previous rewrite or snapshot failed (INFO: err) ──► claim dropped, error raised: the
                                                            next run (RQ retry, next slot) tries
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import redis

from hotline.platform import housekeeping, store
from hotline.platform.config import Settings
from hotline.platform.decoded import DecodedRedis

log = logging.getLogger("hotline.persistence")

REWRITE_EVERY = 22 * 3600  # seconds between two compactions, at most
REWRITE_GRACE = 3600  # seconds: the rewrite itself, and a failed run retried
ALREADY_RUNNING = "already in progress"
REWRITTEN, SNAPSHOT, NOT_DUE, REFUSED = "rewritten", "snapshot", "not due", "refused"


class PersistenceError(RuntimeError):
    """Redis could not rewrite its files; erased data may still be on its disk."""


def bound(settings: Settings) -> float:
    """Seconds within which erased data leaves Redis' own files (with a worker running)."""
    return REWRITE_EVERY + housekeeping.interval(settings) + REWRITE_GRACE


def compact_if_due(client: DecodedRedis) -> dict[str, str]:
    """Rewrite the AOF and the RDB snapshot if the last compaction is REWRITE_EVERY old."""
    info = client.info("persistence")
    _check_last_run(client, info)
    if not client.set(store.disk_compaction(), "1", nx=True, ex=REWRITE_EVERY):
        return {"disk": NOT_DUE}
    done = {}
    if info.get("aof_enabled"):
        done["aof"] = _run(client, client.bgrewriteaof, REWRITTEN)
    if _rdb_enabled(client):
        done["rdb"] = _run(client, lambda: client.bgsave(schedule=True), SNAPSHOT)
    return done


def _check_last_run(client: DecodedRedis, info: dict) -> None:
    """A failed rewrite or snapshot leaves the old files in place: try again, loudly."""
    fields = {"AOF rewrite": "aof_last_bgrewrite_status", "RDB snapshot": "rdb_last_bgsave_status"}
    failed = [name for name, field in fields.items() if info.get(field) == "err"]
    if failed and client.delete(store.disk_compaction()):
        raise PersistenceError(f"Redis reported a failed {' and '.join(failed)}; retrying")


def _rdb_enabled(client: DecodedRedis) -> bool:
    try:
        return bool(client.config_get("save").get("save", "").strip())
    except redis.ResponseError:  # CONFIG is often disabled on managed Redis
        log.warning("persistence: CONFIG GET save refused; no RDB snapshot asked for")
        return False


def _run(client: DecodedRedis, command: Callable[[], object], done: str) -> str:
    try:
        command()
    except redis.ResponseError as error:
        if ALREADY_RUNNING in str(error):
            return done
        log.warning("persistence: Redis refused a file rewrite (%s)", type(error).__name__)
        return REFUSED
    return done
