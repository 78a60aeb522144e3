"""The console's broadcasts: compose, live segment counter, preview, confirm, progress, cancel."""

from __future__ import annotations

from dataclasses import replace

from hotline.accounts import users
from hotline.broadcasts import lifecycle as broadcasts
from tests.broadcasts.test_lifecycle import morning, night
from tests.clock import later
from tests.conftest import inbound_form
from tests.console_helpers import csrf_token, logged_in, login, make_user

TEXTS = {"text_fr": "Permanence sociale mardi.", "text_ar": "استقبال اجتماعي يوم الثلاثاء"}


def _people(signed_post):
    signed_post("/twilio/messages", inbound_form("SANTE", sender="+32470000101"))
    signed_post("/twilio/messages", inbound_form("صحة", sender="+32470000102"))
    signed_post("/twilio/messages", inbound_form("GEZONDHEID", sender="+32470000103"))


def _preview(client, **extra):
    token = csrf_token(client, "/console/broadcasts")
    data = {"csrf_token": token, "audience_kind": "all", **TEXTS, **extra}
    return client.post("/console/broadcasts", data=data)


def test_preview_then_confirm_sends_in_each_language(app, services, signed_post, run_jobs, outbox):
    _people(signed_post)
    coordinator = logged_in(app, services, users.COORDINATOR)
    response = _preview(coordinator)
    assert response.status_code == 302
    broadcast_id = response.headers["Location"].rsplit("/", 1)[-1]
    page = coordinator.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert 'id="total-recipients">3<' in page
    run_jobs()
    assert [m for m in outbox() if m["purpose"] == "broadcast"] == []  # a draft sends nothing

    token = csrf_token(coordinator, f"/console/broadcasts/{broadcast_id}")
    coordinator.post(f"/console/broadcasts/{broadcast_id}/confirm", data={"csrf_token": token})
    run_jobs()
    sent = sorted(m["text"] for m in outbox() if m["purpose"] == "broadcast")
    assert sent == sorted([TEXTS["text_fr"], TEXTS["text_fr"], TEXTS["text_ar"]])
    progress = coordinator.get(f"/console/broadcasts/{broadcast_id}/progress.json").get_json()
    assert progress["status"] == broadcasts.DONE and progress["queued"] == 3
    assert (progress["sent"], progress["pending"], progress["finished"]) == (3, 0, True)
    assert not progress["cancellable"]
    page = coordinator.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    for name, count in (("total", 3), ("queued", 3), ("sent", 3), ("failed", 0), ("skipped", 0)):
        assert f'id="count-{name}">{count}<' in page
    assert 'id="cancel-broadcast"' not in page


def test_cancel_in_quiet_hours_stops_what_was_handed_over(
    app, services, clock, travel, signed_post, run_jobs, outbox
):
    _people(signed_post)
    services.settings = replace(services.settings, quiet_hours="21:00-08:00")
    travel(night(clock))
    coordinator = logged_in(app, services, users.COORDINATOR)
    broadcast_id = _preview(coordinator).headers["Location"].rsplit("/", 1)[-1]
    token = csrf_token(coordinator, f"/console/broadcasts/{broadcast_id}")
    coordinator.post(f"/console/broadcasts/{broadcast_id}/confirm", data={"csrf_token": token})
    run_jobs()  # every batch handed over; the sends wait for 08:00

    page = coordinator.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert 'id="count-queued">3<' in page and 'id="count-pending">3<' in page
    assert 'id="cancel-broadcast"' in page  # done handing over, but nothing sent yet
    token = csrf_token(coordinator, f"/console/broadcasts/{broadcast_id}")
    coordinator.post(f"/console/broadcasts/{broadcast_id}/cancel", data={"csrf_token": token})
    travel(morning(clock))
    run_jobs(until=later())
    login(coordinator, "coordinator@example.org")  # the night's session ended after 8 hours

    assert [m for m in outbox() if m["purpose"] == "broadcast"] == []
    page = coordinator.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    for name, count in (("sent", 0), ("pending", 0), ("stopped", 3)):
        assert f'id="count-{name}">{count}<' in page
    assert '<tr id="row-stopped">' in page


def test_cancel_a_draft(app, services, signed_post):
    _people(signed_post)
    coordinator = logged_in(app, services, users.COORDINATOR)
    broadcast_id = _preview(coordinator).headers["Location"].rsplit("/", 1)[-1]
    token = csrf_token(coordinator, f"/console/broadcasts/{broadcast_id}")
    coordinator.post(f"/console/broadcasts/{broadcast_id}/cancel", data={"csrf_token": token})
    assert broadcasts.status(services, broadcast_id) == broadcasts.CANCELLED


def test_french_is_required_and_audiences_are_checked(app, services):
    coordinator = logged_in(app, services, users.COORDINATOR)
    missing = _preview(coordinator, text_fr="")
    assert missing.status_code == 400
    assert "Le texte en français est obligatoire" in missing.get_data(as_text=True)
    wrong = _preview(coordinator, audience_kind="language", audience_language="xx")
    assert wrong.status_code == 400 and "Choisissez un public" in wrong.get_data(as_text=True)
    assert "unknown audience" not in wrong.get_data(as_text=True)
    assert broadcasts.all_broadcasts(services) == []


def test_the_audience_is_picked_from_lists_with_counts(app, services, signed_post):
    _people(signed_post)
    coordinator = logged_in(app, services, users.COORDINATOR)
    page = coordinator.get("/console/broadcasts").get_data(as_text=True)
    assert '<option value="ar">arabe (1 pers.)</option>' in page
    response = _preview(coordinator, audience_kind="language", audience_language="ar")
    broadcast_id = response.headers["Location"].rsplit("/", 1)[-1]
    shown = coordinator.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "langue : arabe" in shown and 'id="total-recipients">1<' in shown


def test_english_errors_for_an_english_interface(app, services):
    client = app.test_client()
    login(client, make_user(services, users.COORDINATOR, "en@example.org", language="en"))
    response = _preview(client, text_fr="")
    assert "The French text is required" in response.get_data(as_text=True)


def test_segment_counter_endpoint(app, services):
    coordinator = logged_in(app, services, users.COORDINATOR)
    token = csrf_token(coordinator, "/console/broadcasts")
    headers = {"X-CSRFToken": token}
    french = coordinator.post(
        "/console/segments.json", json={"text": "Santé à Bruxelles"}, headers=headers
    )
    assert french.get_json() == {"segments": 1, "encoding": "GSM-7", "units": 17, "ucs2": []}
    accent = coordinator.post("/console/segments.json", json={"text": "Fête"}, headers=headers)
    assert accent.get_json()["encoding"] == "UCS-2" and accent.get_json()["ucs2"] == ["ê"]
    arabic = coordinator.post("/console/segments.json", json={"text": "ص" * 71}, headers=headers)
    assert arabic.get_json()["segments"] == 2 and arabic.get_json()["encoding"] == "UCS-2"


def test_staff_cannot_broadcast(app, services):
    staff = logged_in(app, services, users.STAFF)
    assert staff.get("/console/broadcasts").status_code == 403
