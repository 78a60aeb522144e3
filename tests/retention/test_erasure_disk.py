"""Erasure reaches the disk: after OUBLIER OUI and the next housekeeping run, nothing about the
texter is left in Redis' files (AOF and RDB snapshot), not only in its memory.

This module runs its own Redis with AOF and RDB on (the suite's Redis has no AOF) and with RDB
compression off, so that a byte scan of the files finds a note wherever Redis wrote it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotline.platform import EmbeddedRedis, Settings, free_port, housekeeping, persistence, store
from tests import full_conversation as conversation
from tests.conftest import inbound_form
from workers import housekeeping as housekeeping_job

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """A Redis persisting like production: AOF (everysec) and RDB snapshots."""
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis-aof"), port=free_port())
    server.start()
    yield server
    server.stop()


def on_disk(directory: Path, needles: list[str]) -> list[str]:
    """The needles found in any file under `directory`, as bytes."""
    found = set()
    for path in directory.rglob("*"):
        if path.is_file() and not path.name.endswith((".sock", ".log")):
            data = path.read_bytes()
            found |= {needle for needle in needles if needle.encode() in data}
    return sorted(found)


def files_rewritten(client, before: dict) -> bool:
    """True once an AOF rewrite and a snapshot started after `before` have both finished."""
    info = client.info("persistence")
    busy = info["aof_rewrite_in_progress"] or info["aof_rewrite_scheduled"]
    busy = busy or info["rdb_bgsave_in_progress"]
    return not busy and info["rdb_last_save_time"] > before["rdb_last_save_time"]


def wait_for(condition, limit: float = 60.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def test_the_erasure_bound_is_under_a_day():
    assert persistence.bound(Settings()) <= 24 * 3600


def test_after_an_erasure_and_the_next_housekeeping_nothing_is_on_disk(
    services, clock, signed_post, run_jobs, redis_server
):
    services.redis.config_set("rdbcompression", "no")  # so that a byte scan sees the strings
    conversation.run(services, lambda form: signed_post("/twilio/messages", form), run_jobs, clock)
    texter_id = services.privacy.texter_id(conversation.NUMBER)
    token = services.redis.hget(store.texter(texter_id), "phone")
    needles = [conversation.NOTE, texter_id, token]
    services.redis.bgsave()
    assert wait_for(lambda: not services.redis.info("persistence")["rdb_bgsave_in_progress"])
    time.sleep(1.2)  # appendfsync everysec
    assert on_disk(redis_server.directory, needles) == sorted(needles)  # in clear, on disk

    signed_post("/twilio/messages", inbound_form("OUBLIER OUI", sender=conversation.NUMBER))
    time.sleep(1.2)
    assert on_disk(redis_server.directory, needles)  # memory is clean, the files are not
    before = services.redis.info("persistence")
    time.sleep(1.1)  # rdb_last_save_time counts seconds
    housekeeping.schedule(services.rq_redis, services.settings, clock)
    done = housekeeping_job.run()
    assert done["disk"] == {"aof": persistence.REWRITTEN, "rdb": persistence.SNAPSHOT}
    assert wait_for(lambda: files_rewritten(services.redis, before))
    time.sleep(1.2)
    assert on_disk(redis_server.directory, needles) == []


def test_the_files_are_rewritten_once_a_day_only(services):
    first = persistence.compact_if_due(services.redis)
    assert first["aof"] == persistence.REWRITTEN
    assert persistence.compact_if_due(services.redis) == {"disk": persistence.NOT_DUE}
    ttl = services.redis.ttl(store.disk_compaction())
    assert persistence.REWRITE_EVERY - 5 <= ttl <= persistence.REWRITE_EVERY


def test_a_failed_rewrite_is_retried_and_raised(services, monkeypatch):
    """Redis says its last rewrite failed (a full disk): the old files still hold erased data."""
    persistence.compact_if_due(services.redis)  # claimed for the day
    failed = {"aof_enabled": 1, "aof_last_bgrewrite_status": "err"}
    monkeypatch.setattr(services.redis, "info", lambda *section: failed)
    with pytest.raises(persistence.PersistenceError, match="AOF rewrite"):
        persistence.compact_if_due(services.redis)
    assert persistence.compact_if_due(services.redis)["aof"] == persistence.REWRITTEN  # retried


def test_without_persistence_nothing_is_written(services, monkeypatch):
    monkeypatch.setattr(services.redis, "info", lambda *section: {"aof_enabled": 0})
    monkeypatch.setattr(services.redis, "config_get", lambda name: {"save": ""})
    calls = []
    monkeypatch.setattr(services.redis, "bgrewriteaof", lambda: calls.append("aof"))
    monkeypatch.setattr(services.redis, "bgsave", lambda **kw: calls.append("rdb"))
    assert persistence.compact_if_due(services.redis) == {}
    assert calls == []
