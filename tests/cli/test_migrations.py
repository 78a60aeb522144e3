"""Upgrades of data stored by earlier versions (hotline/cli/migrations.py), run by `hotline
worker` at start."""

from __future__ import annotations

import json

from hotline.accounts import users
from hotline.cli import migrations
from hotline.platform import store
from hotline.reporting import reports
from tests.conftest import inbound_form

PATH = "/twilio/messages"


def _old_reply(services, sid: str, answered_ago: int) -> None:
    """A MessageSid as the previous version left it: a 48-hour reply key, nothing else."""
    reply = json.dumps({"text": "OK", "topic": "stop", "language": "fr"})
    services.redis.set(store.message_sid(sid), reply, ex=store.MESSAGE_SID_TTL - answered_ago)


def test_message_sids_answered_before_the_upgrade_are_remembered_for_30_days(services):
    _old_reply(services, "SMold", answered_ago=3600)
    assert migrations.message_sids(services.redis) == 1
    left = services.redis.ttl(store.message_seen("SMold"))
    assert store.MESSAGE_SEEN_TTL - 3600 - 5 <= left <= store.MESSAGE_SEEN_TTL - 3600
    assert migrations.message_sids(services.redis) == 0  # idempotent


def test_a_webhook_answered_before_the_upgrade_cannot_be_replayed_after(services, signed_post):
    stop = inbound_form("STOP")
    signed_post(PATH, stop)
    texter_id = services.privacy.texter_id(stop["From"])
    services.redis.delete(store.message_seen(stop["MessageSid"]))  # as the old version stored it
    services.redis.delete(store.opt_out(texter_id))  # START since
    migrations.run(services.redis)
    services.redis.delete(store.message_sid(stop["MessageSid"]))  # 48 hours later
    signed_post(PATH, stop)
    assert not services.redis.exists(store.opt_out(texter_id))


def test_the_undated_unknown_text_set_gets_an_expiry(services):
    services.redis.zincrby(store.unknown_texts(), 3, "papiers")
    assert migrations.unknown_texts(services.redis) == 1
    ttl = services.redis.ttl(store.unknown_texts())
    assert reports.UNKNOWN_TEXT_DAYS * store.DAY - 5 <= ttl <= reports.UNKNOWN_TEXT_DAYS * store.DAY
    assert migrations.unknown_texts(services.redis) == 0


def test_accounts_with_old_emails_are_normalised(services):
    users.add(services.redis, "tmp@example.org", "a long enough password", users.STAFF)
    services.redis.rename(store.user("tmp@example.org"), store.user("\uff4eour@example.org"))
    services.redis.srem(store.users(), "tmp@example.org")
    services.redis.sadd(store.users(), "\uff4eour@example.org")
    assert migrations.run(services.redis)["accounts"] == 1
    assert users.get(services.redis, "nour@example.org") is not None


def test_nothing_to_do_touches_nothing(services):
    assert migrations.run(services.redis) == {"message_sids": 0, "unknown_texts": 0, "accounts": 0}


def test_hotline_worker_migrates_before_it_works(monkeypatch, settings, services):
    from click.testing import CliRunner

    from hotline.cli import main, processes

    _old_reply(services, "SMbefore", answered_ago=60)
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(settings.var_dir))
    monkeypatch.setattr(processes, "configure_logging", lambda settings: None)
    monkeypatch.setattr(processes.hotline_worker, "run", lambda settings, burst: True)
    result = CliRunner().invoke(main, ["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert services.redis.exists(store.message_seen("SMbefore"))
