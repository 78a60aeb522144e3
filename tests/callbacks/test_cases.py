"""A callback request as a case: outcomes, the private note, the lease, calling, the past."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.accounts import contacts
from hotline.callbacks import cases, records
from hotline.callbacks import requests as callbacks
from hotline.platform import audit, store
from hotline.retention import sweeper as retention
from tests.console_helpers import monday_morning

NUMBER = "+32470000321"
STAFF = "Amina"
ACTOR = "amina@solea.be"


@pytest.fixture
def now(services):
    moment = monday_morning()
    services.clock = lambda: moment
    return moment


@pytest.fixture
def request_(services, now):
    created, _ = callbacks.create(
        services, phone=NUMBER, channel="sms", language="ar", note="عندي رسالة"
    )
    return created


def test_reached_closes_the_case_with_who_and_when(services, request_, now):
    callbacks.claim(services, request_.ref, STAFF)
    closed = cases.close(services, request_.ref, cases.REACHED, staff=STAFF, actor=ACTOR)
    assert closed.status == callbacks.DONE and closed.outcome == cases.REACHED
    assert closed.handled_by == STAFF and closed.called_at == now.timestamp()
    assert [o.outcome for o in cases.outcomes_of(closed)] == [cases.REACHED]
    [entry] = [e for e in audit.recent(services.redis) if e["action"] == cases.CLOSED_WITH]
    assert entry["outcome"] == cases.REACHED and entry["about"] == f"callback:{request_.ref}"


def test_referred_needs_to_whom(services, request_):
    with pytest.raises(callbacks.CallbackError):
        cases.close(services, request_.ref, cases.REFERRED, staff=STAFF, actor=ACTOR)
    closed = cases.close(
        services, request_.ref, cases.REFERRED, staff=STAFF, actor=ACTOR, referred_to="CPAS"
    )
    assert closed.status == callbacks.DONE and closed.referred_to == "CPAS"


def test_unknown_outcome_is_refused(services, request_):
    with pytest.raises(callbacks.CallbackError):
        cases.close(services, request_.ref, "vanished", staff=STAFF, actor=ACTOR)
    assert callbacks.get(services, request_.ref).status == callbacks.WAITING


def test_no_answer_keeps_the_retry_rule(services, request_, run_jobs, outbox):
    for attempt in range(1, records.MAX_ATTEMPTS + 1):
        callbacks.claim(services, request_.ref, STAFF)
        after = cases.close(services, request_.ref, cases.NO_ANSWER, staff=STAFF, actor=ACTOR)
        assert after.attempts == attempt
    assert after.status == callbacks.CLOSED and after.outcome == cases.NO_ANSWER
    assert len(cases.outcomes_of(after)) == records.MAX_ATTEMPTS
    run_jobs()
    purposes = [m["purpose"] for m in outbox()]
    assert purposes.count("callback_no_answer") == 2 and purposes.count("callback_closed") == 1


def test_private_note_is_encrypted_at_rest_and_blanked_30_days_after_closing(
    services, request_, now
):
    cases.close(
        services, request_.ref, cases.REACHED, staff=STAFF, actor=ACTOR,
        private_note="Elle a peur du propriétaire",
    )  # fmt: skip
    raw = services.redis.hgetall(store.callback(request_.ref))
    assert "propriétaire" not in str(raw) and raw["staff_note"]
    closed = callbacks.get(services, request_.ref)
    assert cases.private_note(services, closed) == "Elle a peur du propriétaire"
    services.clock = lambda: now + dt.timedelta(days=retention.CALLBACK_NOTE_DAYS, hours=1)
    assert retention.sweep(services)["callback_notes"] == 1
    assert cases.private_note(services, callbacks.get(services, request_.ref)) == ""


def test_a_later_note_is_appended(services, request_):
    callbacks.claim(services, request_.ref, STAFF)
    cases.close(
        services, request_.ref, cases.NO_ANSWER, staff=STAFF, actor=ACTOR, private_note="messagerie"
    )
    cases.close(services, request_.ref, cases.OTHER, staff=STAFF, actor=ACTOR, private_note="ok")
    shown = cases.private_note(services, callbacks.get(services, request_.ref))
    assert shown == "messagerie\nok"


def test_extend_gives_the_claimer_a_new_lease(services, request_, now, run_jobs):
    claimed = callbacks.claim(services, request_.ref, STAFF)
    services.clock = lambda: now + dt.timedelta(minutes=10)
    extended = cases.extend(services, request_.ref, STAFF, ACTOR)
    assert extended.lease == claimed.lease + 1
    assert extended.lease_until > claimed.lease_until
    run_jobs(until=dt.datetime.fromtimestamp(claimed.lease_until + 1, dt.UTC))
    assert callbacks.get(services, request_.ref).status == callbacks.CLAIMED  # old lease: nothing
    run_jobs(until=dt.datetime.fromtimestamp(extended.lease_until + 1, dt.UTC))
    assert callbacks.get(services, request_.ref).status == callbacks.WAITING


def test_only_the_claimer_extends(services, request_):
    callbacks.claim(services, request_.ref, STAFF)
    with pytest.raises(callbacks.CallbackError):
        cases.extend(services, request_.ref, "Bram", "bram@solea.be")


def test_calling_claims_reveals_and_audits(services, request_, run_jobs, outbox):
    called, number = cases.call(services, request_.ref, STAFF, ACTOR, "rappel demandé")
    assert number == NUMBER
    assert called.status == callbacks.CLAIMED and called.staff == STAFF and called.called_at
    [reveal] = [e for e in audit.recent(services.redis) if e["action"] == contacts.REVEAL_NUMBER]
    assert reveal["reason"] == "rappel demandé" and "470000321" not in str(reveal)
    run_jobs()
    assert [m["purpose"] for m in outbox()] == ["callback_claimed"]


def test_calling_without_a_reason_claims_nothing(services, request_):
    with pytest.raises(contacts.RevealError):
        cases.call(services, request_.ref, STAFF, ACTOR, " ")
    assert callbacks.get(services, request_.ref).status == callbacks.WAITING
    assert audit.recent(services.redis) == []


def test_calling_someone_elses_case_is_refused(services, request_):
    callbacks.claim(services, request_.ref, "Bram")
    with pytest.raises(callbacks.CallbackError):
        cases.call(services, request_.ref, STAFF, ACTOR, "rappel demandé")


def test_history_lists_the_texters_earlier_requests(services, request_, now):
    cases.close(services, request_.ref, cases.REACHED, staff=STAFF, actor=ACTOR)
    services.clock = lambda: now + dt.timedelta(days=1)
    second, created = callbacks.create(services, phone=NUMBER, channel="sms", language="ar")
    assert created
    callbacks.create(services, phone="+32470999999", channel="sms", language="fr")
    assert [r.ref for r in cases.history(services, second)] == [request_.ref]


def test_sources(services, now):
    sms, _ = callbacks.create(services, phone="+32470000001", channel="sms", language="fr")
    whatsapp, _ = callbacks.create(
        services, phone="+32470000002", channel="whatsapp", language="fr"
    )
    beep = callbacks.missed_call(services, "+32470000003")
    assert [cases.source_of(r) for r in (sms, whatsapp, beep)] == [
        cases.SOURCE_SMS,
        cases.SOURCE_WHATSAPP,
        cases.SOURCE_MISSED_CALL,
    ]


def test_cancellation_text_is_what_the_texter_receives(
    services, request_, run_jobs, outbox, content
):
    shown = cases.cancellation_text(services, request_)
    assert shown == content.render("rappel", "cancelled", "ar", "sms", ref=request_.ref)
    cases.cancel(services, request_.ref, ACTOR)
    run_jobs()
    [sent] = [m for m in outbox() if m["purpose"] == "callback_cancelled"]
    assert sent["text"] == shown
    assert audit.recent(services.redis)[0]["action"] == cases.CANCELLED_BY_STAFF


def test_a_translation_that_failed_for_good_is_marked(services, request_):
    callbacks.set_translation_failed(services, request_.ref, "another note")
    assert callbacks.get(services, request_.ref).translation == ""  # the note changed: not marked
    callbacks.set_translation_failed(services, request_.ref, request_.note)
    assert callbacks.get(services, request_.ref).translation == callbacks.TRANSLATION_FAILED
