"""Callback jobs: staff alerts by language with fallback, and the note's machine translation."""

from __future__ import annotations

import datetime as dt

import pytest
from rq.registry import FailedJobRegistry

from hotline.callbacks import requests as callbacks
from hotline.callbacks import staff
from hotline.platform import queues
from tests.clock import on_day
from tests.conftest import inbound_form
from workers.callbacks import TRANSLATOR


@pytest.fixture(autouse=True)
def now(clock):
    """Every test runs on the frozen Monday morning of `clock` (10:30 in Brussels)."""
    return clock


@pytest.fixture
def team(services):
    """Amina (fr, ar) and Bram (nl) on duty now; Chadi (ar, fa) only on Saturdays."""
    staff.add(services, "Amina", phone="+32470100001", languages=["fr", "ar"])
    staff.add(services, "Bram", phone="+32470100002", languages=["nl"], hours="mon-fri 08:00-18:00")
    staff.add(
        services, "Chadi", phone="+32470100003", languages=["ar", "fa"], hours="sat 10:00-16:00"
    )


def alerts(outbox) -> list[dict]:
    return [m for m in outbox() if m["purpose"] == "callback_staff_alert"]


def test_alerts_go_to_on_duty_staff_who_speak_the_language(
    services, signed_post, team, run_jobs, outbox
):
    signed_post("/twilio/messages", inbound_form("اتصال", sender="+32470000051"))
    run_jobs()
    [alert] = alerts(outbox)
    [request] = callbacks.list_requests(services)
    assert alert["to"].endswith("01")  # Amina; Chadi speaks Arabic but is off duty
    assert alert["language"] == "fr"
    assert alert["text"] == services.content.render(
        "rappel", "staff_alert", "fr", "sms", ref=request.ref, lang="AR", topic="-"
    )


def test_alerts_fall_back_to_anyone_on_duty(services, signed_post, team, run_jobs, outbox):
    signed_post("/twilio/messages", inbound_form("BENI ARA", sender="+32470000052"))
    run_jobs()
    assert sorted(m["to"][-2:] for m in alerts(outbox)) == ["01", "02"]
    languages = sorted(m["language"] for m in alerts(outbox))
    assert languages == ["fr", "nl"]  # each in their own first language


def test_urgent_requests_are_flagged(services, signed_post, team, run_jobs, outbox):
    signed_post("/twilio/messages", inbound_form("TERUGBELLEN spoed", sender="+32470000053"))
    run_jobs()
    [alert] = alerts(outbox)
    assert alert["to"].endswith("02")
    [request] = callbacks.list_requests(services)
    assert request.priority == callbacks.HIGH
    assert alert["text"] == services.content.render(
        "rappel", "staff_alert_urgent", "nl", "sms", ref=request.ref, lang="NL",
        topic="urgence",
    )  # fmt: skip


def test_alerts_are_not_deferred_by_quiet_hours(services, signed_post, run_jobs, outbox):
    services.settings = type(services.settings)(
        **{**services.settings.__dict__, "quiet_hours": "00:00-23:59"}
    )
    staff.add(services, "Amina", phone="+32470100001", languages=["fr"], hours="")
    signed_post("/twilio/messages", inbound_form("RAPPEL", sender="+32470000054"))
    run_jobs()
    assert [m["status"] for m in alerts(outbox)] == ["sent"]


def test_nobody_on_duty_means_no_alert(services, now, travel, signed_post, team, run_jobs, outbox):
    travel(on_day(now, 1, "23:00"))  # Tuesday night
    signed_post("/twilio/messages", inbound_form("RAPPEL", sender="+32470000055"))
    run_jobs()
    assert alerts(outbox) == []
    assert len(callbacks.list_requests(services, status=callbacks.WAITING)) == 1


def test_the_note_is_machine_translated_in_a_job(services, signed_post, run_jobs):
    calls = []

    def fake(text: str, target: str) -> str:
        calls.append((text, target))
        return "j'ai une lettre du CPAS"

    services.extras[TRANSLATOR] = fake
    signed_post("/twilio/messages", inbound_form("CALLBACK please, I have a letter from the CPAS"))
    [request] = callbacks.list_requests(services)
    assert request.note == "I have a letter from the CPAS" and not request.note_fr
    assert calls == []  # not in the webhook
    run_jobs()
    assert calls == [("I have a letter from the CPAS", "fr")]
    shown = callbacks.describe(services, callbacks.get(services, request.ref))
    assert shown["note"] == "I have a letter from the CPAS"
    assert shown["note_translation"] == {
        "text": "j'ai une lettre du CPAS",
        "label": callbacks.MACHINE_TRANSLATION,
    }


def test_a_failed_translation_leaves_the_original_alone(services, now, signed_post, run_jobs):
    def broken(text: str, target: str) -> str:
        raise ConnectionError("translation service unreachable")

    services.extras[TRANSLATOR] = broken
    signed_post("/twilio/messages", inbound_form("LLAMADA por favor, tengo una carta del CPAS"))
    run_jobs(until=now + dt.timedelta(hours=2))  # past every retry
    [request] = callbacks.list_requests(services)
    shown = callbacks.describe(services, request)
    assert shown["note"] == "tengo una carta del CPAS"
    assert shown["note_translation"] is None
    assert request.translation == callbacks.TRANSLATION_FAILED  # "translation unavailable"
    failed = FailedJobRegistry(queue=queues.queue(services.rq_redis, queues.URGENT))
    assert f"callback-translate-{request.ref}" in failed.get_job_ids()


def test_french_notes_are_not_translated(services, signed_post, run_jobs):
    services.extras[TRANSLATOR] = lambda text, target: pytest.fail("no translation needed")
    signed_post("/twilio/messages", inbound_form("RAPPEL logement"))
    run_jobs()


def test_a_second_callback_adds_its_note_and_is_translated_again(services, signed_post, run_jobs):
    calls = []

    def fake(text: str, target: str) -> str:
        calls.append(text)
        return f"fr({text})"

    services.extras[TRANSLATOR] = fake
    signed_post("/twilio/messages", inbound_form("CALLBACK please, I have a letter from the CPAS"))
    run_jobs()
    signed_post("/twilio/messages", inbound_form("CALLBACK housing, the letter is urgent"))
    [request] = callbacks.list_requests(services)
    assert request.note == "I have a letter from the CPAS / housing, the letter is urgent"
    assert request.topic == "cpas" and not request.note_fr  # the old translation says less
    run_jobs()
    assert calls[-1] == request.note
    assert callbacks.get(services, request.ref).note_fr == f"fr({request.note})"


def test_a_translation_of_an_older_note_is_not_stored(services, signed_post):
    signed_post("/twilio/messages", inbound_form("CALLBACK please, I have a letter"))
    [request] = callbacks.list_requests(services)
    callbacks.add_details(services, request.ref, note="and a second one")
    callbacks.set_translation(services, request.ref, "j'ai une lettre", source=request.note)
    assert callbacks.get(services, request.ref).note_fr == ""
