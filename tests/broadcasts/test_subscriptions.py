"""Topic subscriptions: the domain, what it stores, erasure (OUBLIER) and retention."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.broadcasts import subscriptions
from hotline.platform import store
from hotline.retention import sweeper as retention
from tests import full_conversation as conversation
from tests.conftest import inbound_form
from tests.workshops.test_workshops import make_texter

ANA, BOB = "+32470000001", "+32470000002"


@pytest.fixture
def post(signed_post):
    return lambda body, sender=ANA: signed_post(
        "/twilio/messages", inbound_form(body, sender=sender)
    )


def test_followable_topics_are_the_info_topics_then_workshops(services):
    topics = subscriptions.followable(services.content)
    assert topics[:3] == ("sante", "cpas", "juridique") and topics[-1] == "atelier"
    assert all(services.content.topic(t).kind == "info" for t in topics[:-1])
    assert not {"stop", "suivre", "oublier", "rappel", "menu"} & set(topics)


def test_subscribe_unsubscribe_and_counts(services, clock):
    ana, bob = services.privacy.texter_id(ANA), services.privacy.texter_id(BOB)
    assert subscriptions.subscribe(services, ana, "sante", clock)
    assert not subscriptions.subscribe(services, ana, "sante", clock + dt.timedelta(days=1))
    subscriptions.subscribe(services, ana, "atelier", clock)
    subscriptions.subscribe(services, bob, "sante", clock)

    assert subscriptions.of_texter(services, ana) == ["sante", "atelier"]
    assert subscriptions.count(services, "sante") == 2
    counts = subscriptions.counts(services)
    assert (counts["sante"], counts["atelier"], counts["cpas"]) == (2, 1, 0)
    score = services.redis.zscore(store.topic_subscribers("sante"), ana)
    assert score == clock.timestamp()  # the first date is kept

    assert subscriptions.unsubscribe(services, ana, "sante")
    assert not subscriptions.unsubscribe(services, ana, "sante")
    assert not subscriptions.is_following(services, ana, "sante")
    assert subscriptions.remove_all(services, ana) == 1
    assert subscriptions.of_texter(services, ana) == []
    assert subscriptions.count(services, "atelier") == 0


def test_only_keyed_hashes_are_stored(services, post):
    post("SUIVRE SANTE")
    texter_id = services.privacy.texter_id(ANA)
    assert services.redis.zrange(store.topic_subscribers("sante"), 0, -1) == [texter_id]
    assert services.redis.smembers(store.texter_subscriptions(texter_id)) == {"sante"}
    assert conversation.containing(services.rq_redis, ("470000001",)) == []


def test_oublier_erases_the_subscriptions(services, post):
    post("SUIVRE SANTE")
    post("SUIVRE CPAS")
    texter_id = services.privacy.texter_id(ANA)
    post("OUBLIER OUI")
    assert subscriptions.of_texter(services, texter_id) == []
    assert subscriptions.counts(services)["sante"] == 0
    assert conversation.containing(services.rq_redis, (texter_id,)) == []


def test_subscriptions_of_forgotten_texters_are_purged(services, clock):
    kept = make_texter(services, ANA)
    gone = make_texter(services, BOB)
    for texter_id in (kept, gone):
        subscriptions.subscribe(services, texter_id, "sante", clock)
        subscriptions.subscribe(services, texter_id, "atelier", clock)
    services.redis.delete(store.texter(gone))  # its retention TTL ran out

    assert subscriptions.purge_forgotten(services) == 1

    assert subscriptions.of_texter(services, gone) == []
    assert not services.redis.exists(store.texter_subscriptions(gone))
    assert subscriptions.of_texter(services, kept) == ["sante", "atelier"]
    assert subscriptions.counts(services)["sante"] == 1
    assert subscriptions.purge_forgotten(services) == 0


def test_a_member_missing_from_the_texter_index_is_purged_too(services, clock):
    services.redis.zadd(store.topic_subscribers("cpas"), {"f" * 64: clock.timestamp()})
    assert subscriptions.purge_forgotten(services) == 1
    assert subscriptions.count(services, "cpas") == 0


def test_the_daily_sweep_purges_subscriptions_with_the_texter_data(services, clock, post):
    post("SUIVRE SANTE")
    texter_id = services.privacy.texter_id(ANA)
    ttl = services.redis.ttl(store.texter(texter_id))
    assert 0 < ttl <= services.settings.history_retention_days * store.DAY
    assert retention.sweep(services)["subscriptions"] == 0

    services.redis.delete(store.texter(texter_id))  # what the TTL does after the period

    assert retention.sweep(services)["subscriptions"] == 1
    assert subscriptions.of_texter(services, texter_id) == []


def test_purging_pages_through_large_topics(services, clock, monkeypatch):
    monkeypatch.setattr(subscriptions, "PURGE_BATCH", 7)
    ids = [f"{n:064x}" for n in range(40)]
    services.redis.zadd(store.topic_subscribers("sante"), dict.fromkeys(ids, clock.timestamp()))
    for texter_id in ids[:10]:
        services.redis.hset(store.texter(texter_id), "lang", "fr")
    assert subscriptions.purge_forgotten(services) == 30
    assert subscriptions.count(services, "sante") == 10
