"""The case view: see a request whole, call with the reason inline, write, close, cancel."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hotline.accounts import contacts, users
from hotline.callbacks import cases, thread
from hotline.callbacks import requests as callbacks
from hotline.platform import audit, store
from tests.console_helpers import csrf_token, logged_in, login, make_user, monday_morning

SENDER = "+32470123436"
NOTE = "عندي رسالة من <b>CPAS</b>"


@pytest.fixture
def now(services):
    moment = monday_morning()
    services.clock = lambda: moment
    return moment


@pytest.fixture
def ref(services, now, text):
    text(f"اتصال cpas {NOTE}", SENDER)
    [request] = callbacks.list_requests(services)
    return request.ref


@pytest.fixture
def staff(app, services):
    return logged_in(app, services, users.STAFF)


def page_of(client, ref: str) -> str:
    response = client.get(f"/console/callbacks/{ref}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post(client, ref: str, action: str, **form):
    token = csrf_token(client, f"/console/callbacks/{ref}")
    return client.post(f"/console/callbacks/{ref}/{action}", data={"csrf_token": token, **form})


def test_the_case_shows_the_request_in_words(staff, ref):
    page = page_of(staff, ref)
    assert f"Demande {ref}" in page
    assert "arabe" in page and "SMS RAPPEL" in page and "CPAS" in page
    assert '<span class="badge normal">normale</span>' in page
    assert "+32 4•• •• •• 36" in page and "470123436" not in page
    assert "&lt;b&gt;CPAS&lt;/b&gt;" in page and "<b>CPAS</b>" not in page
    assert 'dir="auto" id="case-note"' in page
    assert "Traduction en cours" in page


def test_translation_unavailable_is_said(services, staff, ref):
    callbacks.set_translation_failed(services, ref, callbacks.get(services, ref).note)
    assert "Traduction indisponible" in page_of(staff, ref)


def test_the_case_speaks_the_staffs_language(app, services, ref):
    client = app.test_client()
    login(client, make_user(services, users.STAFF, "en@example.org", language="en"))
    page = page_of(client, ref)
    assert f"Request {ref}" in page and "Arabic" in page and "Translation in progress" in page


def test_calling_needs_the_reason_inline(services, staff, ref):
    refused = post(staff, ref, "call", reason="")
    assert refused.status_code == 400 and "au moins" in refused.get_data(as_text=True)
    assert callbacks.get(services, ref).status == callbacks.WAITING
    assert [e for e in audit.recent(services.redis) if e["action"] != "account.created"] == []
    called = post(staff, ref, "call", reason="rappel demandé")
    page = called.get_data(as_text=True)
    assert f'href="tel:{SENDER}"' in page and 'id="tel-link"' in page
    request = callbacks.get(services, ref)
    assert request.status == callbacks.CLAIMED and request.staff == "staff@example.org"
    actions = [e["action"] for e in audit.recent(services.redis)]
    assert contacts.REVEAL_NUMBER in actions and cases.CLAIMED_BY in actions
    assert SENDER not in page_of(staff, ref)  # shown once, on the call's response only


def test_calling_a_colleagues_case_is_refused(app, services, staff, ref):
    callbacks.claim(services, ref, "Bram")
    response = post(staff, ref, "call", reason="rappel demandé")
    assert response.status_code == 302
    assert not any(e["action"] == contacts.REVEAL_NUMBER for e in audit.recent(services.redis))


def test_closing_needs_an_outcome_and_whom_for_referred(services, staff, ref):
    assert post(staff, ref, "close").status_code == 400
    refused = post(staff, ref, "close", outcome="referred", referred_to=" ")
    assert refused.status_code == 400 and "vers qui" in refused.get_data(as_text=True)
    assert callbacks.get(services, ref).status == callbacks.WAITING
    saved = post(staff, ref, "close", outcome="referred", referred_to="CPAS d'Ixelles")
    assert saved.status_code == 302
    closed = callbacks.get(services, ref)
    assert closed.status == callbacks.DONE and closed.referred_to == "CPAS d'Ixelles"


def test_no_answer_goes_back_to_the_queue(services, staff, ref):
    post(staff, ref, "close", outcome="no_answer")
    request = callbacks.get(services, ref)
    assert request.status == callbacks.WAITING and request.attempts == 1


def test_the_private_note_is_shown_to_staff_and_encrypted_at_rest(services, staff, ref):
    post(staff, ref, "close", outcome="reached", private_note="A peur du bailleur")
    assert "propriétaire" not in str(services.redis.hgetall(store.callback(ref)))
    assert "bailleur" not in str(services.redis.hgetall(store.callback(ref)))
    page = page_of(staff, ref)
    assert "A peur du bailleur" in page and "Clôturée : joint" in page


def test_cancelling_shows_the_sms_and_needs_the_second_click(services, staff, ref, content):
    page = page_of(staff, ref)
    expected = content.render("rappel", "cancelled", "ar", "sms", ref=ref)
    assert expected in page
    post(staff, ref, "cancel", confirmed="")
    assert callbacks.get(services, ref).status == callbacks.WAITING
    post(staff, ref, "cancel", confirmed="yes")
    assert callbacks.get(services, ref).status == callbacks.CANCELLED


def test_extend_the_lease(services, staff, ref, now):
    post(staff, ref, "claim")
    before = callbacks.get(services, ref)
    services.clock = lambda: now + dt.timedelta(minutes=5)
    post(staff, ref, "extend")
    after = callbacks.get(services, ref)
    assert after.lease == before.lease + 1 and after.lease_until > before.lease_until


def test_write_to_the_texter_once_per_form(services, staff, ref, run_jobs, outbox):
    page = page_of(staff, ref)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    form = {"channel": "sms", "text": "نتصل بك غدا", "token": token}
    for _ in range(2):
        assert post(staff, ref, "write", **form).status_code == 302
    run_jobs()
    [sent] = [m for m in outbox() if m["purpose"] == thread.REPLY_PURPOSE]
    assert sent["text"] == "نتصل بك غدا" and sent["to"] == "+32 4•• •• •• 36"
    page = page_of(staff, ref)
    assert "نتصل بك غدا" in page and SENDER not in page


def test_an_empty_message_is_refused(services, staff, ref):
    response = post(staff, ref, "write", channel="sms", text="", token="t")
    assert response.status_code == 400 and "1 à 1600" in response.get_data(as_text=True)


def test_ready_made_replies_are_the_answers_in_the_texters_language(staff, ref, content):
    page = page_of(staff, ref)
    data = page.split('<script type="application/json" id="ready-texts">')[1].split("</script>")[0]
    ready = {row["topic"]: row for row in json.loads(data)}
    assert ready["sante"]["sms"] == content.render("sante", "answer", "ar", "sms")
    assert ready["sante"]["whatsapp"] == content.render("sante", "answer", "ar", "whatsapp")
    assert ready["sante"]["name"] == "santé" and "stop" not in ready


def test_the_texters_message_reaches_the_thread_and_its_polling(services, staff, ref, text):
    text("سأكون في البيت مساء", SENDER)
    data = staff.get(f"/console/callbacks/{ref}/thread.json").get_json()
    assert [m["text"] for m in data["messages"]] == ["سأكون في البيت مساء"]
    assert data["messages"][0]["direction"] == thread.INBOUND
    assert callbacks.get(services, ref).unread == 0  # a waiting case: whoever opens it reads it


def test_the_history_lists_earlier_requests(services, staff, ref, text):
    post(staff, ref, "close", outcome="wrong_number")
    text("RAPPEL", SENDER)
    [second] = [r for r in callbacks.list_requests(services) if r.ref != ref]
    page = page_of(staff, second.ref)
    assert ref in page and "mauvais numéro" in page


@pytest.mark.parametrize(
    "path", ["/console/callbacks/R-AAAA", "/console/callbacks/R-AAAA/thread.json"]
)
def test_anonymous_visitors_are_sent_away(client, path):
    response = client.get(path)
    assert response.status_code in (302, 401)


def test_an_unknown_reference_is_not_found(staff):
    assert staff.get("/console/callbacks/R-AAAA").status_code == 404
