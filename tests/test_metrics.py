"""GET /metrics: Prometheus format, closed label sets (never a number), protection, counting."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest
from prometheus_client.parser import text_string_to_metric_families

from hotline import create_app
from hotline.callbacks import requests as callbacks
from hotline.languages import LANGUAGES
from hotline.outbound import messages as outbound
from hotline.platform import counters, queues
from hotline.reporting import metrics
from tests.conftest import inbound_form

REMOTE = {"REMOTE_ADDR": "203.0.113.7"}
LONG_DIGITS = re.compile(r"\d{6,}")


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, keyed by (name, sorted labels)."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(client, **kwargs) -> dict:
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    return samples(response.get_data(as_text=True))


def test_signed_webhooks_increment_the_counters(signed_post, client):
    for body in ("SANTE", "OCMW", "صحة", "xqzv blorp", "sante"):
        assert signed_post("/twilio/messages", inbound_form(body)).status_code == 200
    found = scrape(client)
    inbound = {
        labels: value
        for (name, labels), value in found.items()
        if name == "hotline_inbound_messages_total"
    }
    assert sum(inbound.values()) == 5
    assert all(dict(labels)["channel"] == "sms" for labels in inbound)
    assert found[("hotline_replies_total", (("topic", "sante"),))] >= 2
    assert found[("hotline_replies_total", (("topic", "cpas"),))] == 1
    assert found[("hotline_unknown_keywords_total", ())] == 1
    assert found[("hotline_matches_total", (("kind", "unknown"),))] == 1


def test_whatsapp_and_language_labels(signed_post, client):
    form = inbound_form("Salud", sender="whatsapp:+34612345678")
    assert signed_post("/twilio/messages", form).status_code == 200
    found = scrape(client)
    key = ("hotline_inbound_messages_total", (("channel", "whatsapp"), ("language", "es")))
    assert found[key] == 1


def test_labels_never_carry_numbers_or_free_text(signed_post, client, services):
    texts = ("+32470123456 appelez moi", "0470 12 34 56", "help me please", "3")
    for index, body in enumerate(texts):
        form = inbound_form(body, sender=f"+3247055500{index}")
        assert signed_post("/twilio/messages", form).status_code == 200
    text = client.get("/metrics").get_data(as_text=True)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            for value in sample.labels.values():
                assert not LONG_DIGITS.search(value)
                assert " " not in value
    assert "3247055500" not in text
    assert "appelez" not in text and "help" not in text


def test_values_outside_the_closed_sets_become_other(services, client):
    counters.record_answer(
        services.redis,
        channel="fax",
        language="klingon",
        topic="+32470000001",
        match_kind="guess",
        topics=services.content.topics,
        match_kinds=metrics.MATCH_KINDS,
    )
    counters.record_outbound(services.redis, "delivered")
    counters.record_outbound(services.redis, "failed", 30003)
    counters.record_outbound(services.redis, "+32470000001", "+32470000001")
    found = scrape(client)
    inbound = ("hotline_inbound_messages_total", (("channel", "other"), ("language", "other")))
    assert found[inbound] == 1
    assert found[("hotline_replies_total", (("topic", "other"),))] == 1
    assert found[("hotline_matches_total", (("kind", "other"),))] == 1
    outbound = "hotline_outbound_messages_total"
    assert found[(outbound, (("error_code", "none"), ("status", "delivered")))] == 1
    assert found[(outbound, (("error_code", "30003"), ("status", "failed")))] == 1
    assert found[(outbound, (("error_code", "other"), ("status", "other")))] == 1


def test_tampered_redis_fields_are_rechecked_at_scrape(services, client):
    services.redis.hincrby("hl:metrics:inbound", "sms|+32470000001", 1)
    services.redis.hincrby("hl:metrics:replies", "free text", 1)
    found = scrape(client)
    inbound = ("hotline_inbound_messages_total", (("channel", "sms"), ("language", "other")))
    assert found[inbound] == 1
    assert found[("hotline_replies_total", (("topic", "other"),))] == 1


def test_queue_lengths_are_read_at_scrape_time(services, client):
    queues.queue(services.rq_redis, queues.BROADCASTS).enqueue("workers.not_a_job")
    found = scrape(client)
    queued = ("hotline_queue_jobs", (("queue", "broadcasts"), ("state", "queued")))
    assert found[queued] == 1
    assert found[("hotline_queue_jobs", (("queue", "urgent"), ("state", "queued")))] == 0
    assert ("hotline_rq_workers", ()) in found


def test_language_set_is_the_content_languages():
    assert counters.closed("fa", LANGUAGES) == "fa"
    assert counters.error_code("") == "none"
    assert counters.error_code("123456") == "other"


def test_remote_callers_are_refused_without_a_token(client):
    assert client.get("/metrics", environ_base=REMOTE).status_code == 403
    proxied = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
    assert proxied.status_code == 403


@pytest.fixture
def token_client(services):
    services.settings = replace(services.settings, metrics_token="scrape-secret")
    app = create_app(services=services)
    app.config.update(TESTING=True)
    return app.test_client()


def test_bearer_token_opens_metrics_to_remote_callers(token_client):
    wrong = token_client.get(
        "/metrics", environ_base=REMOTE, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"] == "Bearer"
    assert token_client.get("/metrics", environ_base=REMOTE).status_code == 401
    right = token_client.get(
        "/metrics", environ_base=REMOTE, headers={"Authorization": "Bearer scrape-secret"}
    )
    assert right.status_code == 200
    assert token_client.get("/metrics").status_code == 200  # loopback still allowed


def test_outbound_status_changes_are_counted(services, client, run_jobs):
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to="+32470000009",
            channel="sms",
            purpose="test",
            idempotency_key="metrics-1",
            body="Bonjour",
        ),
    )
    run_jobs()
    outbound.advance(services.redis, message_id, outbound.UNDELIVERED, error_code="30003")
    found = scrape(client)
    name = "hotline_outbound_messages_total"
    for status in ("queued", "sending", "sent"):
        assert found[(name, (("error_code", "none"), ("status", status)))] == 1
    assert found[(name, (("error_code", "30003"), ("status", "undelivered")))] == 1
    assert "32470000009" not in client.get("/metrics").get_data(as_text=True)


def test_callback_waiting_time_and_status(services, client, clock, travel):
    travel(clock - dt.timedelta(minutes=30))
    callbacks.create(services, phone="+32470000011", channel="sms", language="fr", topic="sante")
    travel(clock)
    callbacks.create(services, phone="+32470000012", channel="sms", language="ar", topic="cpas")
    found = scrape(client)
    assert found[("hotline_callbacks", (("status", "waiting"),))] == 2
    assert found[("hotline_callbacks", (("status", "done"),))] == 0
    oldest = "hotline_callback_oldest_waiting_seconds"
    assert found[(oldest, (("priority", "high"),))] == 30 * 60
    assert found[(oldest, (("priority", "normal"),))] == 0
