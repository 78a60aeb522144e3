"""The console's callback queue: filters, JSON polling, claim and close, audited reveals."""

from __future__ import annotations

import pytest

from hotline.accounts import users
from hotline.accounts.contacts import REVEAL_NUMBER
from hotline.callbacks import requests as callbacks
from hotline.platform import audit
from tests.conftest import inbound_form
from tests.console_helpers import csrf_token, logged_in

SENDER = "+32470123436"


@pytest.fixture
def request_ref(services, clock, signed_post):
    """One callback request, made on the frozen Monday morning of `clock` (office open)."""
    body = "RAPPEL logement <b>aidez-moi</b>"
    assert signed_post("/twilio/messages", inbound_form(body, sender=SENDER)).status_code == 200
    [request] = callbacks.list_requests(services)
    return request.ref


def test_queue_lists_open_requests_masked_and_escaped(app, services, request_ref):
    staff = logged_in(app, services, users.STAFF)
    page = staff.get("/console/callbacks").get_data(as_text=True)
    assert request_ref in page
    assert "+32 4•• •• •• 36" in page and "470123436" not in page
    assert "<b>aidez-moi</b>" not in page and "&lt;b&gt;aidez-moi&lt;/b&gt;" in page


def test_json_endpoint_filters(app, services, request_ref):
    staff = logged_in(app, services, users.STAFF)
    data = staff.get("/console/callbacks.json?language=fr").get_json()
    assert [r["ref"] for r in data["requests"]] == [request_ref]
    assert data["requests"][0]["actions"] == ["claim", "call"]
    assert data["requests"][0]["language_name"] == "français"
    assert data["requests"][0]["topic_name"] == "logement"
    assert staff.get("/console/callbacks.json?language=ar").get_json()["requests"] == []
    assert staff.get("/console/callbacks.json?status=done").get_json()["requests"] == []


def test_claim_opens_the_case_then_close_it(app, services, request_ref):
    staff = logged_in(app, services, users.STAFF)
    token = csrf_token(staff, "/console/callbacks")
    claimed = staff.post(f"/console/callbacks/{request_ref}/claim", data={"csrf_token": token})
    assert claimed.headers["Location"].endswith(f"/console/callbacks/{request_ref}")
    request = callbacks.get(services, request_ref)
    assert request.status == callbacks.CLAIMED and request.staff == "staff@example.org"
    form = {"csrf_token": token, "outcome": "reached"}
    staff.post(f"/console/callbacks/{request_ref}/close", data=form)
    assert callbacks.get(services, request_ref).status == callbacks.DONE


def test_a_second_claim_is_told_it_came_too_late(app, services, request_ref):
    staff = logged_in(app, services, users.STAFF)
    token = csrf_token(staff, "/console/callbacks")
    staff.post(f"/console/callbacks/{request_ref}/claim", data={"csrf_token": token})
    page = staff.post(
        f"/console/callbacks/{request_ref}/claim", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "quelqu&#39;un d&#39;autre" in page


def test_action_without_token_changes_nothing(app, services, request_ref):
    staff = logged_in(app, services, users.STAFF)
    assert staff.post(f"/console/callbacks/{request_ref}/cancel").status_code == 400
    assert staff.post(f"/console/callbacks/{request_ref}/claim").status_code == 400
    assert callbacks.get(services, request_ref).status == callbacks.WAITING


def test_reveal_needs_a_reason_and_is_audited(app, services, request_ref):
    staff = logged_in(app, services, users.STAFF)
    path = f"/console/callbacks/{request_ref}/reveal"
    token = csrf_token(staff, path)
    refused = staff.post(path, data={"csrf_token": token, "reason": ""}).get_data(as_text=True)
    assert SENDER not in refused
    reveals = lambda: [e for e in audit.recent(services.redis) if e["action"] == REVEAL_NUMBER]  # noqa: E731
    assert reveals() == []
    shown = staff.post(path, data={"csrf_token": token, "reason": "rappel demandé"})
    assert SENDER in shown.get_data(as_text=True)
    [entry] = reveals()
    assert entry["actor"] == "staff@example.org" and entry["about"] == f"callback:{request_ref}"
    assert "470123436" not in str(entry)
