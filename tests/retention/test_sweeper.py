"""Retention: closed callback notes go after 30 days, old registration lists after the period."""

from __future__ import annotations

import datetime as dt

from rq.registry import ScheduledJobRegistry

from hotline.callbacks import requests as callbacks
from hotline.platform import queues, store
from hotline.retention import sweeper as retention
from hotline.texters import state as texters
from hotline.workshops import events as workshops
from tests.clock import local_day, on_day
from tests.conftest import inbound_form
from tests.full_conversation import create_workshop

NUMBER = "+32470000321"


def test_closed_callback_notes_are_purged_after_30_days(services, clock, travel):
    services.extras["translator"] = lambda text, target: "traduction"
    request, _ = callbacks.create(
        services, phone=NUMBER, channel="sms", language="fr", note="ma situation"
    )
    callbacks.done(services, request.ref)
    travel(clock + dt.timedelta(days=retention.CALLBACK_NOTE_DAYS - 1))
    assert retention.sweep(services)["callback_notes"] == 0
    travel(clock + dt.timedelta(days=retention.CALLBACK_NOTE_DAYS, hours=1))
    assert retention.sweep(services)["callback_notes"] == 1
    kept = callbacks.get(services, request.ref)
    assert kept.status == callbacks.DONE and kept.note == "" and kept.note_fr == ""


def test_open_requests_keep_their_note(services, clock, travel):
    request, _ = callbacks.create(
        services, phone=NUMBER, channel="sms", language="fr", note="ma situation"
    )
    travel(clock + dt.timedelta(days=60))
    retention.purge_closed_callback_notes(services)
    assert callbacks.get(services, request.ref).note == "ma situation"


def test_closed_requests_expire_after_the_history_period(services, clock):
    request, _ = callbacks.create(services, phone=NUMBER, channel="sms", language="fr")
    callbacks.cancel(services, request.ref, by_texter=True)
    ttl = services.redis.ttl(store.callback(request.ref))
    assert 0 < ttl <= services.settings.history_retention_days * store.DAY


def test_texter_state_expires_after_the_history_period(services, clock, signed_post):
    signed_post("/twilio/messages", inbound_form("SANTE", sender=NUMBER))
    key = store.texter(services.privacy.texter_id(NUMBER))
    assert 0 < services.redis.ttl(key) <= services.settings.history_retention_days * store.DAY


def test_opt_outs_never_expire(services):
    texter_id = services.privacy.texter_id(NUMBER)
    texters.set_opted_out(services.redis, texter_id, True)
    assert services.redis.ttl(store.opt_out(texter_id)) == -1


def test_registration_lists_of_long_past_workshops_are_purged(services, clock, travel):
    workshop = create_workshop(services, clock)
    texter_id = services.privacy.texter_id(NUMBER)
    workshops.register(services, workshop.id, texter_id)
    days = services.settings.history_retention_days
    travel(workshop.ends_at + dt.timedelta(days=days - 1))
    assert retention.purge_old_registrations(services) == 0
    travel(workshop.ends_at + dt.timedelta(days=days + 1))
    assert retention.purge_old_registrations(services) == 1
    assert workshops.registered_ids(services, workshop.id) == []
    assert workshops.of_texter(services, texter_id) == []
    assert workshops.get(services, workshop.id)  # the workshop itself stays


def test_the_sweep_runs_at_three_in_the_morning_and_reschedules_itself(services, clock, run_jobs):
    job_id = retention.schedule_sweep(services.rq_redis, services.settings, clock)
    at = retention.next_sweep_at(services.settings, clock)
    assert at == on_day(clock, 1, "03:00")  # 03:00 in Brussels, the night after
    assert retention.schedule_sweep(services.rq_redis, services.settings, clock) == job_id
    registry = ScheduledJobRegistry(queue=queues.queue(services.rq_redis, queues.MAINTENANCE))
    assert registry.get_job_ids() == [job_id]
    run_jobs(until=at)
    assert registry.get_job_ids() == [f"hl-retention-sweep-{local_day(at) + dt.timedelta(days=1)}"]
