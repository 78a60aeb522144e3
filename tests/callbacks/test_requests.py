"""The callback queue through the signed SMS webhook: RAPPEL, ANNULER, staff actions, leases."""

from __future__ import annotations

import datetime as dt
import re
import threading
import xml.etree.ElementTree as ET

import pytest

from hotline.callbacks import requests as callbacks
from hotline.platform import store
from tests.clock import next_weekday
from tests.conftest import inbound_form

PATH = "/twilio/messages"
REF = re.compile(r"R-[ACDEFHJKMNPRTUVWXY34679]{4}")
SENDER = "+32470000001"


@pytest.fixture
def now(clock):
    """The frozen Monday morning of `clock` (office open); jobs run when a test says so."""
    return clock


def text(signed_post, body: str, sender: str = SENDER) -> str:
    """Send one SMS through the signed webhook; the reply's text."""
    response = signed_post(PATH, inbound_form(body, sender=sender))
    assert response.status_code == 200
    message = ET.fromstring(response.get_data(as_text=True)).find("Message")
    return (message.text or "") if message is not None else ""


def only_request(services) -> callbacks.Callback:
    found = callbacks.list_requests(services)
    assert len(found) == 1
    return found[0]


def sent(outbox, purpose: str) -> list[dict]:
    return [m for m in outbox() if m["purpose"] == purpose]


CREATION = [
    ("RAPPEL", "fr"),
    ("TERUGBELLEN", "nl"),
    ("CALLBACK", "en"),
    ("اتصال", "ar"),
    ("LLAMADA", "es"),
    ("APEL", "ro"),
    ("BENI ARA", "tr"),
    ("ME TELEFONONI", "sq"),
    ("تماس", "fa"),
]


@pytest.mark.parametrize(("keyword", "language"), CREATION)
def test_rappel_creates_a_request_in_each_language(services, signed_post, now, keyword, language):
    reply = text(signed_post, keyword)
    request = only_request(services)
    assert request.language == language
    assert request.status == callbacks.WAITING
    assert request.phone != SENDER and services.privacy.decrypt(request.phone) == SENDER
    when = services.content.render("rappel", "when_open", language, "sms")
    expected = services.content.render(
        "rappel", "answer", language, "sms", ref=request.ref, position=1, when=when
    )
    assert reply == expected
    assert REF.fullmatch(request.ref)


def test_topic_note_and_priority(services, signed_post, now, travel):
    messages = [
        ("RAPPEL logement, j'ai une lettre du CPAS", "+32470000011"),
        ("RAPPEL URGENCE mon fils a de la fièvre", "+32470000012"),
        ("CALLBACK 1", "+32470000013"),
    ]
    for minute, (body, sender) in enumerate(messages):  # one a minute: ages differ
        travel(now + dt.timedelta(minutes=minute))
        text(signed_post, body, sender=sender)
    housing, emergency, health = (
        callbacks.open_for(services, services.privacy.texter_id(n))
        for n in ("+32470000011", "+32470000012", "+32470000013")
    )
    assert (housing.topic, housing.priority) == ("logement", callbacks.NORMAL)
    assert housing.note == "logement, j'ai une lettre du CPAS"
    assert (emergency.topic, emergency.priority) == ("urgence", callbacks.HIGH)
    assert (health.topic, health.priority) == ("sante", callbacks.HIGH)
    order = [r.ref for r in callbacks.list_requests(services, status=callbacks.WAITING)]
    assert order == [emergency.ref, health.ref, housing.ref]
    assert callbacks.position(services, housing.ref) == 3


def test_one_open_request_per_person(services, signed_post, now):
    first = text(signed_post, "RAPPEL")
    again = text(signed_post, "CALLBACK please")
    request = only_request(services)
    when = services.content.render("rappel", "when_open", "en", "sms")
    assert request.ref in first
    assert again == services.content.render(
        "rappel", "existing", "en", "sms", ref=request.ref, position=1, when=when
    )
    callbacks.claim(services, request.ref, "Amina")
    assert request.ref in text(signed_post, "RAPPEL")
    assert len(callbacks.list_requests(services)) == 1


def test_outside_office_hours_says_when_staff_resume(services, signed_post, now, travel):
    travel(next_weekday(now, 5, "13:00"))  # a Saturday
    reply = text(signed_post, "RAPPEL")
    assert "lundi 09:00" in reply
    assert services.content.render("rappel", "when_open", "fr", "sms") not in reply


def test_cancel_by_texter(services, signed_post, now):
    text(signed_post, "RAPPEL")
    request = only_request(services)
    assert text(signed_post, "ANNULER R-XXXX") == text(signed_post, "ANNULER R-XXXX")
    assert "R-XXXX" not in text(signed_post, "ANNULER svp")  # not a reference: cancels
    assert callbacks.get(services, request.ref).status == callbacks.CANCELLED
    nothing = services.content.render("annuler", "nothing", "fr", "sms")
    assert text(signed_post, "ANNULER") == nothing
    assert not services.redis.exists(store.callback_open(request.texter_id))


def test_cancel_with_the_reference_and_a_wrong_one(services, signed_post, now):
    text(signed_post, "CALLBACK")
    request = only_request(services)
    wrong = "R-AAAA" if request.ref != "R-AAAA" else "R-CCCC"
    assert text(signed_post, f"CANCEL {wrong}") == services.content.render(
        "annuler", "not_found", "en", "sms", ref=wrong
    )
    assert callbacks.get(services, request.ref).is_open
    code = request.ref.removeprefix("R-").lower()
    assert text(signed_post, f"cancel {code}") == services.content.render(
        "annuler", "answer", "en", "sms", ref=request.ref
    )
    assert callbacks.get(services, request.ref).status == callbacks.CANCELLED


def test_a_typo_of_annuler_never_cancels(services, signed_post, now):
    text(signed_post, "RAPPEL")
    text(signed_post, "ANULLER")
    assert only_request(services).status == callbacks.WAITING


def test_cancel_then_a_new_request(services, signed_post, now):
    text(signed_post, "RAPPEL")
    old = only_request(services)
    text(signed_post, "ANNULER")
    text(signed_post, "RAPPEL")
    new = callbacks.open_for(services, old.texter_id)
    assert new.ref != old.ref and new.status == callbacks.WAITING


def test_claim_notifies_the_texter_through_the_outbox(services, signed_post, now, run_jobs, outbox):
    text(signed_post, "CALLBACK")
    request = callbacks.claim(services, only_request(services).ref, "Amina")
    assert request.status == callbacks.CLAIMED and request.staff == "Amina"
    run_jobs()
    [notice] = sent(outbox, "callback_claimed")
    assert notice["status"] == "sent"
    assert notice["text"] == services.content.render(
        "rappel", "claimed", "en", "sms", ref=request.ref, phone="0456 64 40 36"
    )
    assert notice["to"].endswith("01")
    with pytest.raises(callbacks.CallbackError):
        callbacks.claim(services, request.ref, "Bram")


def test_lease_expiry_returns_the_request_to_the_queue(services, signed_post, now, run_jobs):
    text(signed_post, "RAPPEL")
    ref = only_request(services).ref
    callbacks.claim(services, ref, "Amina")
    run_jobs()
    assert callbacks.get(services, ref).status == callbacks.CLAIMED
    run_jobs(until=now + dt.timedelta(minutes=16))
    back = callbacks.get(services, ref)
    assert (back.status, back.staff) == (callbacks.WAITING, "")
    assert callbacks.position(services, ref) == 1


def test_an_old_lease_job_does_not_end_a_newer_claim(services, signed_post, now, run_jobs):
    text(signed_post, "RAPPEL")
    ref = only_request(services).ref
    first = callbacks.claim(services, ref, "Amina")
    assert callbacks.release_lease(services, ref, first.lease)
    second = callbacks.claim(services, ref, "Bram", lease_minutes=60)
    run_jobs(until=now + dt.timedelta(minutes=16))  # the first lease's job runs again: no effect
    assert not callbacks.release_lease(services, ref, first.lease)
    assert callbacks.get(services, ref).staff == "Bram"
    assert callbacks.done(services, ref).status == callbacks.DONE
    run_jobs(until=now + dt.timedelta(minutes=61))
    assert callbacks.get(services, ref).status == callbacks.DONE
    assert second.lease == first.lease + 1


def test_concurrent_claims_exactly_one_wins(services, signed_post, now):
    text(signed_post, "RAPPEL")
    ref = only_request(services).ref
    racers = 12
    barrier = threading.Barrier(racers)
    winners, losers = [], []

    def race(name: str) -> None:
        barrier.wait()
        try:
            winners.append(callbacks.claim(services, ref, name).staff)
        except callbacks.CallbackError:
            losers.append(name)

    threads = [threading.Thread(target=race, args=(f"staff{i}",)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1 and len(losers) == racers - 1
    assert callbacks.get(services, ref).staff == winners[0]
    assert callbacks.get(services, ref).lease == 1


def test_three_failed_attempts_close_the_request(services, signed_post, now, run_jobs, outbox):
    text(signed_post, "TERUGBELLEN")
    ref = only_request(services).ref
    for attempt in (1, 2, 3):
        callbacks.claim(services, ref, "Bram")
        request = callbacks.no_answer(services, ref)
        assert request.attempts == attempt
    assert request.status == callbacks.CLOSED
    run_jobs()
    assert len(sent(outbox, "callback_claimed")) == 3
    assert len(sent(outbox, "callback_no_answer")) == 2
    [closed] = sent(outbox, "callback_closed")
    assert closed["text"] == services.content.render("rappel", "closed", "nl", "sms", ref=ref)
    with pytest.raises(callbacks.CallbackError):
        callbacks.claim(services, ref, "Bram")
    assert REF.search(text(signed_post, "TERUGBELLEN"))  # asking again opens a new request
    assert len(callbacks.list_requests(services, status=callbacks.WAITING)) == 1


def test_staff_cancel_and_expiry_tell_the_texter(services, signed_post, now, run_jobs, outbox):
    text(signed_post, "RAPPEL", sender="+32470000021")
    text(signed_post, "RAPPEL", sender="+32470000022")
    first, second = (r.ref for r in callbacks.list_requests(services))
    callbacks.cancel(services, first)
    run_jobs(until=now + dt.timedelta(days=15))
    assert callbacks.get(services, second).status == callbacks.EXPIRED
    assert [m["purpose"] for m in outbox() if m["purpose"] != "callback_staff_alert"] == [
        "callback_expired",
        "callback_cancelled",
    ]
    assert callbacks.list_requests(services, status=callbacks.WAITING) == []


def test_sweep_expires_and_releases_leftovers(services, signed_post, now, travel):
    text(signed_post, "RAPPEL", sender="+32470000031")
    text(signed_post, "RAPPEL", sender="+32470000032")
    old, claimed = (r.ref for r in callbacks.list_requests(services))
    callbacks.claim(services, claimed, "Amina")
    assert callbacks.sweep(services) == {"expired": [], "released": []}
    travel(now + dt.timedelta(days=14, minutes=1))
    assert callbacks.sweep(services) == {"expired": [old], "released": [claimed]}


def test_describe_masks_the_phone_and_labels_the_translation(services, signed_post, now):
    text(signed_post, "RAPPEL logement")
    request = only_request(services)
    callbacks.set_translation(services, request.ref, "logement (traduit)")
    shown = callbacks.describe(services, callbacks.get(services, request.ref))
    assert shown["phone"] == "+32 4•• •• •• 01"
    assert shown["note"] == "logement"
    assert shown["note_translation"]["label"] == callbacks.MACHINE_TRANSLATION
    assert SENDER not in str(shown)


def test_references_are_normalised():
    assert callbacks.normalize_reference("r-7k3f") == "R-7K3F"
    assert callbacks.normalize_reference("R7K3F") == "R-7K3F"
    assert callbacks.normalize_reference("7k3f") == "R-7K3F"
    for _ in range(50):
        ref = callbacks.records.new_reference()
        assert REF.fullmatch(ref)


def test_a_second_callback_fills_in_the_topic_and_raises_priority(services, signed_post, now):
    text(signed_post, "RAPPEL")
    again = text(signed_post, "RAPPEL sante, mon fils a de la fièvre")
    request = only_request(services)
    assert request.ref in again
    assert (request.topic, request.priority) == ("sante", callbacks.HIGH)
    assert request.note == "sante, mon fils a de la fièvre"
    text(signed_post, "RAPPEL logement")  # a topic already set stays; the words are kept
    request = only_request(services)
    assert request.topic == "sante" and request.note.endswith(" / logement")


def test_repeating_the_same_note_does_not_duplicate_it(services, signed_post, now):
    text(signed_post, "RAPPEL svp, j'ai une lettre")
    text(signed_post, "RAPPEL svp, j'ai une lettre")
    assert only_request(services).note == "j'ai une lettre"
