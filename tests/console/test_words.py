"""Codes shown as words in the staff's language: statuses, purposes, offsets, audiences, topics."""

from __future__ import annotations

import datetime as dt

from hotline.accounts import users
from hotline.callbacks import requests as callbacks
from hotline.workshops import events as workshops
from tests.console_helpers import logged_in, login, make_user, monday_morning


def test_the_outbox_says_what_and_why_in_words(app, services, text, run_jobs):
    services.clock = monday_morning
    text("RAPPEL", "+32470000123")
    [request] = callbacks.list_requests(services)
    callbacks.cancel(services, request.ref)
    run_jobs()
    page = logged_in(app, services, users.ADMIN).get("/console/outbox").get_data(as_text=True)
    assert "rappel : annulé par l&#39;équipe" in page and "envoyé" in page and "français" in page
    assert "callback_cancelled" not in page and ">sent<" not in page


def test_reminder_offsets_and_languages_in_words(app, services):
    starts = monday_morning() + dt.timedelta(days=10)
    created = workshops.create(
        services, titles={"fr": "Logement"}, starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), place="SOLEA",
    )  # fmt: skip
    client = logged_in(app, services, users.COORDINATOR)
    page = client.get(f"/console/workshops/{created.id}").get_data(as_text=True)
    assert "la veille à 18:00" in page and "2 h avant" in page and "1d@18:00" not in page


def test_dutch_words(app, services, text):
    services.clock = monday_morning
    text("TERUGBELLEN huisvesting", "+32470000124")
    client = app.test_client()
    login(client, make_user(services, users.STAFF, "nl@example.org", language="nl"))
    page = client.get("/console/callbacks").get_data(as_text=True)
    assert "Nederlands · huisvesting" in page and "Kantoor open" in page
