"""Erasure end to end: after a full conversation, OUBLIER OUI leaves nothing about the number."""

from __future__ import annotations

import pytest
from rq.registry import ScheduledJobRegistry

from hotline.broadcasts import subscriptions
from hotline.callbacks import requests as callbacks
from hotline.outbound import messages as outbound
from hotline.platform import audit, queues, store
from hotline.retention import erasure
from hotline.texters import state as texters
from hotline.workshops import events as workshops
from tests import conversation
from tests.conftest import inbound_form


@pytest.fixture
def post(signed_post):
    return lambda form: signed_post("/twilio/messages", form)


def test_a_full_conversation_stores_no_number_in_clear(services, clock, post, run_jobs):
    conversation.run(services, post, run_jobs, clock)
    texter_id = services.privacy.texter_id(conversation.NUMBER)
    assert callbacks.open_for(services, texter_id)  # every domain holds something
    assert services.redis.llen(store.callback_thread(callbacks.open_for(services, texter_id).ref))
    assert workshops.of_texter(services, texter_id)
    assert subscriptions.of_texter(services, texter_id) == ["sante"]
    purposes = {m["purpose"] for m in outbound.outbox(services)}
    assert {"test", "callback_staff_alert", "workshop_reminder_day"} <= purposes
    leaks = conversation.containing(services.rq_redis, conversation.DIGITS)
    assert leaks == []
    staff_digits = (conversation.STAFF_NUMBER[1:], conversation.STAFF_NUMBER[3:])
    assert conversation.containing(services.rq_redis, staff_digits) == []


def test_erasure_after_a_full_conversation_leaves_only_nothing(services, clock, post, run_jobs):
    conversation.run(services, post, run_jobs, clock)
    texter_id = services.privacy.texter_id(conversation.NUMBER)
    assert conversation.containing(services.rq_redis, (texter_id,))
    post(inbound_form("OUBLIER OUI", sender=conversation.NUMBER))
    assert conversation.containing(services.rq_redis, (texter_id,)) == []
    assert conversation.containing(services.rq_redis, (conversation.NOTE,)) == []
    assert list(services.redis.scan_iter(match=store.callback("*"))) == []  # threads included
    assert texters.load(services.redis, texter_id).is_new
    assert [e["action"] for e in audit.recent(services.redis)].count(audit.ERASURE) == 1


def test_erasure_cancels_the_callback_jobs(services, clock, post):
    post(inbound_form("RAPPEL", sender=conversation.NUMBER))
    maintenance = queues.queue(services.rq_redis, queues.MAINTENANCE)
    registry = ScheduledJobRegistry(queue=maintenance)
    assert any(job_id.startswith("callback-expire-") for job_id in registry.get_job_ids())
    post(inbound_form("OUBLIER OUI", sender=conversation.NUMBER))
    assert not any(job_id.startswith("callback-expire-") for job_id in registry.get_job_ids())


def test_erasure_frees_the_seat_for_the_waiting_list(services, clock, post, run_jobs):
    workshop = conversation.create_workshop(services, clock)
    workshops.edit(services, workshop.id, capacity=1)
    post(inbound_form(f"ATELIER {workshop.id}", sender=conversation.NUMBER))
    post(inbound_form(f"ATELIER {workshop.id}", sender="+32470555001"))
    assert workshops.counts(services, workshop.id) == (1, 1)
    post(inbound_form("OUBLIER OUI", sender=conversation.NUMBER))
    second = services.privacy.texter_id("+32470555001")
    assert workshops.registered_ids(services, workshop.id) == [second]


def test_queued_outbound_messages_are_erased_and_their_jobs_do_nothing(
    services, clock, post, run_jobs, outbox
):
    post(inbound_form("SANTE", sender=conversation.NUMBER))
    texter_id = services.privacy.texter_id(conversation.NUMBER)
    message_id = outbound.queue_to_texter(
        services, texter_id, purpose="test", idempotency_key="later", topic="sante"
    )
    post(inbound_form("OUBLIER OUI", sender=conversation.NUMBER))
    assert outbound.load(services.redis, message_id) is None
    run_jobs()
    assert outbox() == []


def test_every_domain_has_an_eraser():
    names = [name for name, _ in erasure.erasers()]
    assert names == [
        "failed_jobs",
        "state",
        "abuse",
        "callbacks",
        "registrations",
        "subscriptions",
        "outbound",
        "broadcasts",
    ]


def test_erasure_removes_the_texter_from_planned_broadcast_batches(services, post):
    post(inbound_form("SANTE", sender=conversation.NUMBER))
    texter_id = services.privacy.texter_id(conversation.NUMBER)
    key = store.broadcast_batch("7", "0")
    services.redis.rpush(key, f"{texter_id} fr sms", f"{'0' * 64} nl sms")
    post(inbound_form("OUBLIER OUI", sender=conversation.NUMBER))
    assert services.redis.lrange(key, 0, -1) == [f"{'0' * 64} nl sms"]
