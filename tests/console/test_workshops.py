"""The console's workshop pages: create, edit, reschedule, cancel; masked registrants."""

from __future__ import annotations

import datetime as dt

from hotline.accounts import users
from hotline.workshops import events as workshops
from tests.clock import TZ, on_day
from tests.console_helpers import csrf_token, logged_in


def form_time(moment: dt.datetime) -> str:
    """A Brussels time as the console's datetime-local field sends it (YYYY-MM-DDTHH:MM)."""
    return moment.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")


def next_monday(clock: dt.datetime, at: str) -> dt.datetime:
    """`at` (Brussels) on the Monday a week after the frozen Monday of `clock`."""
    return on_day(clock, 7, at)


def _create(client, clock: dt.datetime) -> str:
    token = csrf_token(client, "/console/workshops")
    starts, ends = next_monday(clock, "14:00"), next_monday(clock, "16:00")
    response = client.post(
        "/console/workshops",
        data={"csrf_token": token, "title_fr": "Vos droits au CPAS", "title_ar": "حقوقك",
              "starts_at": form_time(starts), "ends_at": form_time(ends),
              "place": "SOLEA", "capacity": "2", "languages": "fr ar"},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def test_create_edit_reschedule_cancel(app, services, clock):
    coordinator = logged_in(app, services, users.COORDINATOR)
    number = _create(coordinator, clock)
    workshop = workshops.get(services, number)
    assert workshop.titles == {"fr": "Vos droits au CPAS", "ar": "حقوقك"}
    assert workshop.starts_at == next_monday(clock, "14:00")
    page = coordinator.get(f"/console/workshops/{number}").get_data(as_text=True)
    assert "Vos droits au CPAS" in page and "ATELIER " + number in page

    token = csrf_token(coordinator, f"/console/workshops/{number}")
    coordinator.post(
        f"/console/workshops/{number}/edit",
        data={"csrf_token": token, "title_fr": "Droits CPAS", "place": "SOLEA", "capacity": "5"},
    )
    assert workshops.get(services, number).capacity == 5
    coordinator.post(
        f"/console/workshops/{number}/reschedule",
        data={"csrf_token": token, "starts_at": form_time(on_day(clock, 14, "14:00"))},
    )
    moved = workshops.get(services, number)
    assert moved.starts_at == on_day(clock, 14, "14:00")
    assert moved.ends_at - moved.starts_at == dt.timedelta(hours=2)
    coordinator.post(f"/console/workshops/{number}/cancel", data={"csrf_token": token})
    assert workshops.get(services, number).status == workshops.CANCELLED


def test_registrants_are_masked(app, services, clock, signed_post):
    from tests.conftest import inbound_form

    coordinator = logged_in(app, services, users.COORDINATOR)
    number = _create(coordinator, clock)
    signed_post("/twilio/messages", inbound_form(f"ATELIER {number}", sender="+32470123436"))
    page = coordinator.get(f"/console/workshops/{number}").get_data(as_text=True)
    assert "+32 4•• •• •• 36" in page and "470123436" not in page


def test_a_bad_date_is_explained_not_a_crash(app, services, clock):
    coordinator = logged_in(app, services, users.COORDINATOR)
    token = csrf_token(coordinator, "/console/workshops")
    response = coordinator.post(
        "/console/workshops",
        data={"csrf_token": token, "title_fr": "x",
              "starts_at": form_time(next_monday(clock, "16:00")),
              "ends_at": form_time(next_monday(clock, "14:00")), "place": "SOLEA"},
    )  # fmt: skip
    assert response.status_code == 400
    assert workshops.all_workshops(services) == []


def test_staff_cannot_open_workshops(app, services):
    staff = logged_in(app, services, users.STAFF)
    assert staff.get("/console/workshops").status_code == 403


def test_reminder_states_are_shown_in_the_console_language(app, services, clock):
    coordinator = logged_in(app, services, users.COORDINATOR)
    number = _create(coordinator, clock)
    page = coordinator.get(f"/console/workshops/{number}").get_data(as_text=True)
    assert "programmé" in page and ">scheduled<" not in page  # French, the default
    token = csrf_token(coordinator, f"/console/workshops/{number}")
    coordinator.post("/console/language", data={"language": "nl", "csrf_token": token})
    page = coordinator.get(f"/console/workshops/{number}").get_data(as_text=True)
    assert "gepland" in page and "reminders.state" not in page
