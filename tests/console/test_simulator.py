"""The console simulator runs in a sandbox: no real texter is reachable, every use is audited,
and in production it is off until an admin turns it on."""

from __future__ import annotations

import dataclasses

import pytest
import redis

from hotline.accounts import users
from hotline.broadcasts import subscriptions
from hotline.callbacks import requests as callbacks
from hotline.platform import audit, sandbox, store
from hotline.platform.config import PRODUCTION
from hotline.retention import sweeper as retention
from hotline.texters import state as texters
from tests import full_conversation as conversation
from tests.conftest import inbound_form
from tests.console_helpers import csrf_token, logged_in

TEXTER = "+32470000123"
PAGE = "/console/simulator"
MESSAGES = "/console/simulator/messages.json"
UNTOUCHED = {store.audit_log(), store.sandbox_used()}  # what a simulated message may change


@pytest.fixture
def staff(app, services):
    return logged_in(app, services, users.STAFF)


@pytest.fixture
def simulate(staff):
    token = csrf_token(staff, PAGE)

    def send(text: str, sender: str = TEXTER):
        body = {"text": text, "from": sender, "channel": "sms"}
        return staff.post(MESSAGES, json=body, headers={"X-CSRFToken": token})

    return send


@pytest.fixture
def real_texter(services, signed_post):
    """A texter who follows SANTE, waits for a callback, then sent STOP."""
    for text in ("SUIVRE SANTE", "RAPPEL logement", "STOP"):
        signed_post("/twilio/messages", inbound_form(text, sender=TEXTER))
    return services.privacy.texter_id(TEXTER)


def live_data(services) -> set[tuple[str, str]]:
    """Every live key and value (RQ's queues and jobs included), but the audit log."""
    return {
        (key, value)
        for key, value in conversation.everything(services.rq_redis)
        if key not in UNTOUCHED
    }


def test_the_simulator_never_touches_a_real_texter(services, real_texter, simulate):
    before = live_data(services)
    texts = ("START", "SUIVRE CPAS", "ANNULER", "RAPPEL", "OUBLIER", "OUBLIER OUI", "SANTE")
    for text in texts:
        assert simulate(text).status_code == 200
    assert live_data(services) == before
    assert texters.is_opted_out(services.redis, real_texter)
    assert subscriptions.of_texter(services, real_texter) == []  # dropped by STOP, not re-added
    assert callbacks.open_for(services, real_texter).status == callbacks.WAITING


def test_replies_do_not_tell_whether_a_number_ever_wrote(real_texter, simulate):
    known = simulate("ANNULER").get_json()["reply"]
    unknown = simulate("ANNULER", sender="+32470000999").get_json()["reply"]
    assert known == unknown


def test_every_simulated_message_is_audited_without_the_number(services, simulate):
    for text in ("SANTE", "RAPPEL ma lettre"):
        simulate(text)
    entries = [e for e in audit.recent(services.redis) if e["action"] == sandbox.SIMULATOR_USED]
    assert [(e["actor"], e["channel"], e["topic"]) for e in entries] == [
        ("staff@example.org", "sms", "rappel"),
        ("staff@example.org", "sms", "sante"),
    ]
    logged = repr(audit.recent(services.redis))
    assert "470000123" not in logged and "lettre" not in logged


def test_in_production_it_is_off_until_an_admin_turns_it_on(app, services, staff, simulate):
    services.settings = dataclasses.replace(services.settings, env=PRODUCTION)
    assert 'id="sim-off"' in staff.get(PAGE).get_data(as_text=True)
    assert simulate("SANTE").status_code == 403
    admin = logged_in(app, services, users.ADMIN)
    token = csrf_token(admin, PAGE)
    admin.post("/console/simulator/switch", data={"state": "on", "csrf_token": token})
    assert simulate("SANTE").status_code == 200
    admin.post("/console/simulator/switch", data={"state": "off", "csrf_token": token})
    assert simulate("SANTE").status_code == 403
    entries = audit.recent(services.redis)
    actions = [e["action"] for e in entries if e["actor"] == "admin@example.org"]
    assert actions == [sandbox.SIMULATOR_OFF, sandbox.SIMULATOR_ON]


def test_staff_may_not_switch_it(services, staff):
    token = csrf_token(staff, PAGE)
    response = staff.post("/console/simulator/switch", data={"state": "off", "csrf_token": token})
    assert response.status_code == 403
    assert sandbox.is_enabled(services)


def test_a_database_holding_other_data_is_never_the_sandbox(services):
    settings = services.settings
    services.settings = dataclasses.replace(settings, simulator_redis_url=settings.redis_url)
    with pytest.raises(sandbox.SandboxError, match="live database"):
        sandbox.services_for(services)
    alias = settings.redis_url.replace("127.0.0.1", "localhost")  # the live one, spelled anew
    services.settings = dataclasses.replace(settings, simulator_redis_url=alias)
    with pytest.raises(sandbox.SandboxError, match="live database"):
        sandbox.services_for(services)
    assert services.redis.dbsize() == 0  # nothing marked, nothing left behind
    elsewhere = settings.redis_url.rsplit("/", 1)[0] + "/2"
    squatter = redis.Redis.from_url(elsewhere)
    squatter.set("someone:else", "data")
    services.settings = dataclasses.replace(settings, simulator_redis_url=elsewhere)
    try:
        with pytest.raises(sandbox.SandboxError, match="not a sandbox"):
            sandbox.services_for(services)
        assert squatter.keys("*") == [b"someone:else"]
    finally:
        squatter.flushdb()
        squatter.close()


def test_the_sandbox_is_wiped_by_reset_and_by_the_daily_sweep(services, simulate, staff):
    simulate("RAPPEL")
    sandboxed = sandbox.services_for(services)
    assert callbacks.list_requests(sandboxed)
    assert retention.sweep(services)["sandbox"] == 1
    assert callbacks.list_requests(sandboxed) == []
    assert retention.sweep(services)["sandbox"] == 0  # unused since: not reached at all
    simulate("RAPPEL")
    token = csrf_token(staff, PAGE)
    staff.post("/console/simulator/reset", data={"csrf_token": token})
    assert callbacks.list_requests(sandboxed) == []
    assert audit.recent(services.redis)[0]["action"] == sandbox.SIMULATOR_RESET
