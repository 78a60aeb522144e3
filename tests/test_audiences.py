"""The broadcast audience "topic:ID": a topic's subscribers, previewed and sent to them only."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from hotline.broadcasts import audiences, subscriptions
from hotline.broadcasts import lifecycle as broadcasts
from hotline.cli import main
from hotline.platform import store
from hotline.texters import state as texters
from tests.clock import later
from tests.test_cli_workshops import cli  # noqa: F401  (the fixture)
from tests.test_workshops import make_texter

TEXTS = {"fr": "Nouvelle permanence santé mardi.", "ar": "استقبال صحي جديد يوم الثلاثاء"}


@pytest.fixture
def people(services, clock):
    """Subscribers of SANTE: fr, ar, tr (opted out); of CPAS: nl; nobody's: es."""
    ids = {
        lang: make_texter(services, f"+3247000010{n}", lang)
        for n, lang in enumerate(("fr", "ar", "tr", "nl", "es"))
    }
    for lang in ("fr", "ar", "tr"):
        subscriptions.subscribe(services, ids[lang], "sante", clock)
    subscriptions.subscribe(services, ids["nl"], "cpas", clock)
    texters.set_opted_out(services.redis, ids["tr"], True)
    return ids


def test_parse_topic_audiences():
    assert audiences.parse("topic:sante") == audiences.Audience("topic", "sante")
    assert str(audiences.parse(" Topic: SANTE ")) == "topic:sante"
    assert "topic" in audiences.KINDS
    for bad in ("topic:", "topic:3", "topic:san te", "topic:صحة"):
        with pytest.raises(audiences.AudienceError):
            audiences.parse(bad)


@pytest.mark.parametrize("topic", ["nope", "stop", "suivre"])
def test_an_unknown_topic_is_refused_before_anything_is_saved(services, topic):
    message = broadcasts.message_from(TEXTS, services)
    with pytest.raises(audiences.AudienceError, match="texters can follow sante, cpas"):
        broadcasts.create(services, f"topic:{topic}", message)
    assert broadcasts.all_broadcasts(services) == []


def test_preview_counts_the_topic_subscribers_only(services, people):
    message = broadcasts.message_from(TEXTS, services)

    figures = broadcasts.preview(services, audiences.parse("topic:sante"), message)

    assert figures.recipients == {"fr": 1, "ar": 1}
    assert (figures.opted_out, figures.unreachable, figures.total_segments) == (1, 0, 2)
    cpas = broadcasts.preview(services, audiences.parse("topic:cpas"), message)
    assert cpas.recipients == {"fr": 1}  # nl has no Dutch text: French
    workshops = broadcasts.preview(services, audiences.parse("topic:atelier"), message)
    assert workshops.total_recipients == 0


def test_a_subscriber_whose_data_expired_is_counted_as_unreachable(services, people):
    services.redis.delete(store.texter(people["ar"]))
    message = broadcasts.message_from(TEXTS, services)
    figures = broadcasts.preview(services, audiences.parse("topic:sante"), message)
    assert figures.recipients == {"fr": 1} and figures.unreachable == 1


def test_a_topic_broadcast_is_sent_to_its_subscribers_only(services, people, run_jobs, outbox):
    message = broadcasts.message_from(TEXTS, services)
    broadcast_id, figures = broadcasts.create(services, "topic:sante", message)
    assert figures.total_recipients == 2
    assert broadcasts.get(services, broadcast_id).audience == "topic:sante"

    broadcasts.confirm(services, broadcast_id)
    run_jobs(until=later())

    sent = {r["texter_id"]: r["text"] for r in outbox() if r["purpose"] == "broadcast"}
    assert sent == {people["fr"]: TEXTS["fr"], people["ar"]: TEXTS["ar"]}
    assert broadcasts.progress(services, broadcast_id)["status"] == broadcasts.DONE


def test_a_content_topic_sent_to_its_own_subscribers(services, people, run_jobs, outbox):
    message = broadcasts.message_from({"topic": "sante"}, services)
    broadcast_id, _ = broadcasts.create(services, "topic:sante", message)
    broadcasts.confirm(services, broadcast_id)
    run_jobs(until=later())
    sent = {r["texter_id"]: r["text"] for r in outbox() if r["purpose"] == "broadcast"}
    assert sent[people["ar"]] == services.content.render("sante", "answer", "ar", "sms")
    assert set(sent) == {people["fr"], people["ar"]}


def test_topic_audiences_page_through_the_sorted_set(services, clock):
    ids = [f"{n:064x}" for n in range(25)]
    services.redis.zadd(store.topic_subscribers("cpas"), dict.fromkeys(ids, clock.timestamp()))
    batches = list(audiences.batches(services, audiences.parse("topic:cpas"), size=10))
    assert [len(batch) for batch in batches] == [10, 10, 5]
    assert {r.texter_id for batch in batches for r in batch} == set(ids)


def test_cli_lists_topics_with_counts_and_broadcasts_to_one(cli, services, people, tmp_path):  # noqa: F811
    counts = json.loads(cli("broadcasts", "topics", "--json"))
    assert (counts["sante"], counts["cpas"], counts["atelier"]) == (3, 1, 0)
    assert "topic:sante" in cli("broadcasts", "topics")
    message = tmp_path / "message.yaml"
    message.write_text("topic: sante\n", encoding="utf-8")

    out = cli("broadcast", "--audience", "topic:sante", "--message-file", str(message), "--yes")

    assert "total: 2 recipients" in out and "opted out: 1" in out
    assert broadcasts.all_broadcasts(services)[0].audience == "topic:sante"
    refused = CliRunner().invoke(
        main, ["broadcast", "--audience", "topic:sant", "--message-file", str(message)]
    )
    assert refused.exit_code == 2 and "unknown topic 'sant'" in refused.output
