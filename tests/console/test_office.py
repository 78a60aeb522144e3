"""Office hours in the console: day names in the staff's language, holidays, closure dates."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.accounts import users
from hotline.callbacks import staff
from hotline.platform import audit, office
from tests.console_helpers import csrf_token, logged_in, login, make_user, monday_morning


@pytest.fixture
def admin(app, services):
    services.clock = monday_morning
    return logged_in(app, services, users.ADMIN)


def test_hours_holidays_and_closures_are_shown_in_words(admin):
    page = admin.get("/console/admin/office").get_data(as_text=True)
    assert "lun.-ven. 09:00-17:00" in page and "Noël" in page and "jour férié" in page
    assert "Bureau ouvert" in page


def test_an_admin_adds_and_removes_a_closure(services, admin):
    day = monday_morning().date() + dt.timedelta(days=1)
    token = csrf_token(admin, "/console/admin/office")
    form = {"csrf_token": token, "day": day.isoformat(), "label": "Journée d'équipe"}
    admin.post("/console/admin/office/closures", data=form)
    assert office.closures(services.redis) == {day: "Journée d'équipe"}
    assert audit.recent(services.redis)[0]["action"] == "office.closure_added"
    page = admin.get("/console/admin/office").get_data(as_text=True)
    assert "Journée d&#39;équipe" in page
    admin.post(f"/console/admin/office/closures/{day.isoformat()}/remove", data=form)
    assert office.closures(services.redis) == {}


def test_a_past_or_missing_date_is_refused_in_words(services, admin):
    token = csrf_token(admin, "/console/admin/office")
    past = admin.post(
        "/console/admin/office/closures", data={"csrf_token": token, "day": "2020-01-01"}
    )
    assert past.status_code == 400 and "passée" in past.get_data(as_text=True)
    empty = admin.post("/console/admin/office/closures", data={"csrf_token": token, "day": ""})
    assert empty.status_code == 400 and "Date illisible" in empty.get_data(as_text=True)


def test_staff_cannot_open_the_office_page(app, services):
    client = logged_in(app, services, users.STAFF)
    assert client.get("/console/admin/office").status_code == 403


def test_the_queue_says_when_the_office_reopens(app, services):
    monday = monday_morning().date()
    office.add_closure(services.redis, monday, "Formation", dt.date.today())
    services.clock = monday_morning
    client = logged_in(app, services, users.STAFF)
    page = client.get("/console/callbacks").get_data(as_text=True)
    assert "Bureau fermé (Formation)" in page and "réouverture mardi" in page


def test_profile_hours_in_dutch_day_names(app, services):
    client = app.test_client()
    login(client, make_user(services, users.ADMIN, "nl@example.org", language="nl"))
    token = csrf_token(client, "/console/admin/users")
    form = {"csrf_token": token, "name": "Bram", "phone": "+32470100002", "languages": "nl fr"}
    client.post("/console/admin/staff", data={**form, "hours": "ma-vr 08:00-12:00"})
    assert staff.get(services, "Bram").hours == "mon-fri 08:00-12:00"
    page = client.get("/console/admin/users").get_data(as_text=True)
    assert "ma-vr 08:00-12:00" in page and "Nederlands, Frans" in page
    refused = client.post("/console/admin/staff", data={**form, "hours": "maandag 8u"})
    assert refused.status_code == 400 and "Onleesbare uren" in refused.get_data(as_text=True)
