"""The audit log records who changed accounts, staff phones, broadcasts, workshops and callbacks,
from the console and from the command line, and never a phone number."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from hotline import broadcasts, callbacks, workshops
from hotline.accounts import users
from hotline.cli import main
from hotline.platform import audit
from tests.conftest import inbound_form
from tests.console_helpers import PASSWORD, csrf_token, logged_in
from tests.full_conversation import create_workshop

ADMIN = "admin@example.org"
COORDINATOR = "coordinator@example.org"
STAFF_PHONE = "+32470555123"
TEXTER = "+32470123436"


def _entries(services, action: str) -> list[dict[str, str]]:
    return [e for e in audit.recent(services.redis) if e["action"] == action]


def _post(client, path: str, page: str, **data: str):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def _monday_morning() -> dt.datetime:
    """A Monday at 09:30 Brussels time, a week from today (office hours, any year)."""
    today = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7)
    monday = today - dt.timedelta(days=today.weekday())
    return dt.datetime.combine(monday, dt.time(8, 30), tzinfo=dt.UTC)


def test_account_creation_role_change_and_disabling_are_audited(app, services):
    admin = logged_in(app, services, users.ADMIN)
    page = "/console/admin/users"
    _post(admin, page, page, email="Nour@Example.org", role="staff", language="fr",
          name="Nour", password=PASSWORD, confirm=PASSWORD)  # fmt: skip
    _post(admin, f"{page}/nour@example.org/role", page, role="coordinator")
    _post(admin, f"{page}/nour@example.org/disable", page)
    _post(admin, f"{page}/nour@example.org/enable", page)
    [created] = _entries(services, audit.ACCOUNT_CREATED)[:1]
    assert (created["actor"], created["about"], created["role"]) == (
        ADMIN,
        "nour@example.org",
        "staff",
    )
    [role] = _entries(services, audit.ACCOUNT_ROLE)
    assert (role["actor"], role["role"], role["was"]) == (ADMIN, "coordinator", "staff")
    assert _entries(services, audit.ACCOUNT_DISABLED)[0]["actor"] == ADMIN
    assert _entries(services, audit.ACCOUNT_ENABLED)[0]["about"] == "nour@example.org"


def test_the_audit_page_names_the_new_actions(app, services):
    admin = logged_in(app, services, users.ADMIN)
    page = admin.get("/console/admin/audit").get_data(as_text=True)
    assert "compte créé" in page  # the admin's own account, created by the test helper


def test_staff_phone_changes_are_audited_without_the_number(app, services):
    admin = logged_in(app, services, users.ADMIN)
    page = "/console/admin/users"
    profile = {"name": "Amina B.", "languages": "fr ar", "hours": "mon-fri 09:00-17:00"}
    _post(admin, "/console/admin/staff", page, phone=STAFF_PHONE, **profile)
    _post(admin, "/console/admin/staff", page, phone=STAFF_PHONE, **profile)  # same phone
    _post(admin, "/console/admin/staff", page, phone="+32470555999", **profile)
    _post(admin, "/console/admin/staff/amina-b/remove", page)
    changes = _entries(services, audit.STAFF_PHONE)
    assert [(e["actor"], e["about"]) for e in changes] == [(ADMIN, "amina-b")] * 2
    assert _entries(services, audit.STAFF_REMOVED)[0]["about"] == "amina-b"
    stream = str(audit.recent(services.redis))
    assert "555123" not in stream and "555999" not in stream


def test_broadcast_confirm_and_cancel_are_audited(app, services, signed_post):
    signed_post("/twilio/messages", inbound_form("SANTE", sender=TEXTER))
    coordinator = logged_in(app, services, users.COORDINATOR)
    form = {"audience_kind": "all", "audience_value": "", "text_fr": "Permanence mardi."}
    created = _post(coordinator, "/console/broadcasts", "/console/broadcasts", **form)
    broadcast_id = created.headers["Location"].rsplit("/", 1)[-1]
    detail = f"/console/broadcasts/{broadcast_id}"
    _post(coordinator, f"{detail}/confirm", detail)
    _post(coordinator, f"{detail}/cancel", detail)
    for action in (audit.BROADCAST_CONFIRMED, audit.BROADCAST_CANCELLED):
        [entry] = _entries(services, action)
        assert (entry["actor"], entry["about"]) == (COORDINATOR, f"broadcast:{broadcast_id}")


def test_a_cancel_that_stops_nothing_is_not_audited(services):
    broadcast_id, _ = broadcasts.create(services, "all", broadcasts.Message({"fr": "x"}))
    broadcasts.cancel(services, broadcast_id, actor="a@example.org")
    assert not broadcasts.cancel(services, broadcast_id, actor="a@example.org")
    assert len(_entries(services, audit.BROADCAST_CANCELLED)) == 1


def test_workshop_reschedule_and_cancel_are_audited(app, services):
    now = _monday_morning()
    services.clock = lambda: now
    workshop = create_workshop(services, now)
    coordinator = logged_in(app, services, users.COORDINATOR)
    detail = f"/console/workshops/{workshop.id}"
    later = (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT14:00")
    _post(coordinator, f"{detail}/reschedule", detail, starts_at=later)
    _post(coordinator, f"{detail}/cancel", detail)
    [moved] = _entries(services, audit.WORKSHOP_RESCHEDULED)
    assert (moved["actor"], moved["about"]) == (COORDINATOR, f"workshop:{workshop.id}")
    assert moved["from"] == workshop.starts_at.isoformat()
    assert moved["to"] == workshops.get(services, workshop.id).starts_at.isoformat()
    [cancelled] = _entries(services, audit.WORKSHOP_CANCELLED)
    assert cancelled["actor"] == COORDINATOR


def test_callback_cancel_by_staff_is_audited_not_the_texters_own(app, services, text):
    services.clock = _monday_morning
    text("RAPPEL logement", TEXTER)
    [request] = callbacks.list_requests(services)
    staff = logged_in(app, services, users.STAFF)
    case = f"/console/callbacks/{request.ref}"
    _post(staff, f"{case}/cancel", case, confirmed="yes")  # the case's second, explicit click
    [entry] = _entries(services, callbacks.cases.CANCELLED_BY_STAFF)
    assert (entry["actor"], entry["about"]) == ("staff@example.org", f"callback:{request.ref}")

    text("RAPPEL santé", "+32470999888")
    text("ANNULER", "+32470999888")  # the texter's own cancel
    assert len(_entries(services, callbacks.cases.CANCELLED_BY_STAFF)) == 1
    assert TEXTER[4:] not in str(audit.recent(services.redis))


@pytest.fixture
def cli(services, monkeypatch):
    """Run `hotline ...` on the test Redis."""
    monkeypatch.setenv("REDIS_URL", services.settings.redis_url)
    monkeypatch.setenv("HOTLINE_ENCRYPTION_KEY", services.settings.encryption_key)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(services.settings.var_dir))
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(main, list(args), catch_exceptions=False, **kw)


def test_command_line_changes_are_audited_as_the_cli(services, cli):
    cli(
        "users", "add", "ana@solea.be", "--role", "admin", "--password-stdin", input=PASSWORD + "\n"
    )
    cli("users", "disable", "ana@solea.be")
    cli("staff", "add", "Amina", "--phone", STAFF_PHONE, "--languages", "fr")
    for action in (audit.ACCOUNT_CREATED, audit.ACCOUNT_DISABLED, audit.STAFF_PHONE):
        [entry] = _entries(services, action)
        assert entry["actor"].startswith("cli"), entry
