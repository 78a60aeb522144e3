"""The console and topic subscriptions: the topic:ID audience in the form, counts in reports."""

from __future__ import annotations

import re

from hotline.accounts import users
from hotline.broadcasts import lifecycle as broadcasts
from tests.conftest import inbound_form
from tests.console_helpers import csrf_token, logged_in

FOLLOWERS = ("+32470000201", "+32470000202")


def _followers(signed_post):
    for number in FOLLOWERS:
        signed_post("/twilio/messages", inbound_form("SUIVRE SANTE", sender=number))
    signed_post("/twilio/messages", inbound_form("VOLGEN OCMW", sender="+32470000203"))
    signed_post("/twilio/messages", inbound_form("SANTE", sender="+32470000204"))  # no opt-in


def _preview(client, value: str):
    token = csrf_token(client, "/console/broadcasts")
    data = {
        "csrf_token": token,
        "audience_kind": "topic",
        "audience_topic": value,
        "text_fr": "Nouvelle permanence santé.",
    }
    return client.post("/console/broadcasts", data=data)


def test_the_form_offers_topic_audiences_with_their_counts(app, services, signed_post):
    _followers(signed_post)
    coordinator = logged_in(app, services, users.COORDINATOR)
    page = coordinator.get("/console/broadcasts").get_data(as_text=True)
    assert '<option value="topic">' in page
    assert '<option value="sante">santé (2 pers.)</option>' in page
    assert '<option value="cpas">CPAS (1 pers.)</option>' in page


def test_a_topic_broadcast_from_the_console_reaches_its_followers(
    app, services, signed_post, run_jobs, outbox
):
    _followers(signed_post)
    coordinator = logged_in(app, services, users.COORDINATOR)
    response = _preview(coordinator, "sante")
    assert response.status_code == 302
    broadcast_id = response.headers["Location"].rsplit("/", 1)[-1]
    page = coordinator.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert 'id="total-recipients">2<' in page
    token = csrf_token(coordinator, f"/console/broadcasts/{broadcast_id}")
    coordinator.post(f"/console/broadcasts/{broadcast_id}/confirm", data={"csrf_token": token})
    run_jobs()
    sent = {m["texter_id"] for m in outbox() if m["purpose"] == "broadcast"}
    assert sent == {services.privacy.texter_id(number) for number in FOLLOWERS}


def test_an_unknown_topic_is_refused_in_the_form(app, services):
    coordinator = logged_in(app, services, users.COORDINATOR)
    response = _preview(coordinator, "sant")
    assert response.status_code == 400
    assert "Ce sujet ne peut pas être suivi" in response.get_data(as_text=True)
    assert broadcasts.all_broadcasts(services) == []


def test_reports_show_subscriptions_as_counts_only(app, services, signed_post):
    _followers(signed_post)
    coordinator = logged_in(app, services, users.COORDINATOR)
    page = coordinator.get("/console/reports").get_data(as_text=True)
    section = page[page.index('id="subscriptions"') :].split("</section>")[0]
    assert '<td>santé</td><td class="num">2</td>' in section
    assert '<td>CPAS</td><td class="num">1</td>' in section
    assert not re.search(r"\d{6}", section)  # no number, no texter id
