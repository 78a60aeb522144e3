"""The console with Flask's test client: login, roles on every route, CSRF, safe rendering."""

from __future__ import annotations

import pytest

from hotline.accounts import login_guard, users
from hotline.accounts.contacts import REVEAL_NUMBER
from hotline.platform import audit, store
from hotline.reporting import reports
from tests.console_helpers import PASSWORD, csrf_token, logged_in, login, make_user

COORDINATOR_PAGES = (
    "/console/content",
    "/console/reports",
    "/console/reports/messages.csv",
    "/console/reports/callbacks.csv",
    "/console/broadcasts",
    "/console/workshops",
)
ADMIN_PAGES = (
    "/console/admin/users",
    "/console/admin/audit",
    "/console/admin/rq/",
    "/console/outbox",
)
STAFF_PAGES = ("/console/", "/console/simulator", "/console/callbacks")


@pytest.mark.parametrize("path", STAFF_PAGES + COORDINATOR_PAGES + ADMIN_PAGES)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/console/login?next=")


def test_anonymous_json_gets_401(client):
    token = csrf_token(client)
    response = client.post(
        "/console/simulator/messages.json", json={"text": "SANTE"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 401
    assert client.get("/console/callbacks.json").status_code == 401


@pytest.mark.parametrize("path", COORDINATOR_PAGES + ADMIN_PAGES)
def test_staff_is_refused_coordinator_and_admin_pages(app, services, path):
    staff = logged_in(app, services, users.STAFF)
    assert staff.get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_coordinator_is_refused_admin_pages(app, services, path):
    coordinator = logged_in(app, services, users.COORDINATOR)
    assert coordinator.get(path).status_code == 403


@pytest.mark.parametrize("path", STAFF_PAGES + COORDINATOR_PAGES + ADMIN_PAGES)
def test_admin_opens_every_page(app, services, path):
    admin = logged_in(app, services, users.ADMIN)
    response = admin.get(path)
    assert response.status_code == 200
    if response.mimetype == "text/html":  # every page's title block is closed: plain text only
        title = response.get_data(as_text=True).split("<title>")[1].split("</title>")[0]
        assert "<" not in title


def test_every_console_route_carries_a_role(app):
    from hotline.console.auth import ROLE_ATTRIBUTE

    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("console.") and rule.endpoint != "console.static":
            view = app.view_functions[rule.endpoint]
            assert getattr(view, ROLE_ATTRIBUTE, None), rule.endpoint


def test_post_without_csrf_token_is_refused(app, services):
    admin = logged_in(app, services, users.ADMIN)
    response = admin.post(
        "/console/admin/users",
        data={"email": "new@example.org", "role": "staff", "language": "fr",
              "password": PASSWORD, "confirm": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 400
    assert users.get(services.redis, "new@example.org") is None


def test_login_without_csrf_token_is_refused(client, services):
    email = make_user(services, users.STAFF)
    response = client.post("/console/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400


def test_json_post_without_csrf_header_is_refused(app, services):
    staff = logged_in(app, services, users.STAFF)
    assert staff.post("/console/simulator/messages.json", json={"text": "x"}).status_code == 400


def test_twilio_webhooks_need_no_csrf_token(signed_post):
    from tests.conftest import inbound_form

    assert signed_post("/twilio/messages", inbound_form("SANTE")).status_code == 200


def test_wrong_password_is_refused_and_logged_without_secrets(client, services, caplog):
    email = make_user(services, users.STAFF)
    response = login(client, email, "wrong password!")
    assert response.status_code == 401
    assert "incorrect" in response.get_data(as_text=True)
    assert "wrong password!" not in caplog.text
    assert email not in caplog.text
    assert "failed login" in caplog.text


def test_repeated_failures_lock_the_email_from_that_address(client, services):
    email = make_user(services, users.STAFF)
    statuses = [login(client, email, "nope nope nope").status_code for _ in range(5)]
    assert statuses == [401] * 5  # the fifth locks this account from this address
    # Each further failure locks longer (2 s, 4 s, ...); on a slow machine the first, short lock
    # can end before the next request, so keep trying until one is refused.
    for _ in range(8):
        if login(client, email, "nope nope nope").status_code == 429:
            break
    else:
        pytest.fail("never locked")
    who = login_guard.subject(services.privacy, email, "127.0.0.1")
    services.redis.expire(store.login_lock(login_guard.PAIR, who.pair), 60)  # still locked
    assert login(client, email).status_code == 429  # even the right password waits


def test_login_redirects_only_inside_the_console(client, services):
    email = make_user(services, users.STAFF)
    token = csrf_token(client)
    response = client.post(
        "/console/login?next=https://evil.example/",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/console/"


def test_session_cookie_flags(client, services):
    response = login(client, make_user(services, users.STAFF))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_role_change_ends_open_sessions(app, services):
    staff = logged_in(app, services, users.STAFF)
    users.set_role(services.redis, "staff@example.org", users.COORDINATOR)
    assert staff.get("/console/").status_code == 302


def test_logout_ends_the_session(app, services):
    staff = logged_in(app, services, users.STAFF)
    token = csrf_token(staff, "/console/")
    staff.post("/console/logout", data={"csrf_token": token})
    assert staff.get("/console/").status_code == 302


def test_interface_language_follows_the_account(app, services):
    client = app.test_client()
    login(client, make_user(services, users.STAFF, language="nl"))
    page = client.get("/console/").get_data(as_text=True)
    assert "Afmelden" in page
    token = csrf_token(client, "/console/")
    client.post("/console/language", data={"language": "en", "csrf_token": token})
    assert "Log out" in client.get("/console/").get_data(as_text=True)


def test_pages_forbid_framing_and_caching(app, services):
    staff = logged_in(app, services, users.STAFF)
    response = staff.get("/console/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_simulator_answers_through_the_engine(app, services, content):
    staff = logged_in(app, services, users.STAFF)
    token = csrf_token(staff, "/console/simulator")
    response = staff.post(
        "/console/simulator/messages.json",
        json={"text": "صحة", "from": "+32470000009", "channel": "sms"},
        headers={"X-CSRFToken": token},
    )
    data = response.get_json()
    assert data["reply"] == content.render("sante", "answer", "ar", "sms")
    assert data["encoding"] == "UCS-2"
    assert data["segments"] >= 1


def test_admin_creates_an_account(app, services):
    admin = logged_in(app, services, users.ADMIN)
    token = csrf_token(admin, "/console/admin/users")
    response = admin.post(
        "/console/admin/users",
        data={"email": "New@Example.org", "name": "Nour", "role": "coordinator",
              "language": "nl", "password": PASSWORD, "confirm": PASSWORD, "csrf_token": token},
    )  # fmt: skip
    assert response.status_code == 302
    assert users.get(services.redis, "new@example.org").role == users.COORDINATOR


def test_audit_page_renders_reasons_as_text(app, services):
    audit.record(services.redis, REVEAL_NUMBER, actor="a@example.org",
                 reason="<script>alert(1)</script>", about="callback:ab")  # fmt: skip
    admin = logged_in(app, services, users.ADMIN)
    page = admin.get("/console/admin/audit").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_reports_csv_neutralises_formulas(app, services):
    services.redis.zincrby("hl:stats:unknown", 3, "=cmd|calc")  # an old-style member
    services.redis.zincrby("hl:stats:unknown", 2, reports.unknown_member(True, "ar", "=x"))
    coordinator = logged_in(app, services, users.COORDINATOR)
    body = coordinator.get("/console/reports/unknown.csv").get_data(as_text=True)
    assert body.splitlines()[0] == "text,language,kind,count"
    assert "'=cmd|calc,,unknown,3" in body and "'=x,ar,unknown,2" in body


def test_unknown_texts_are_escaped_in_reports(app, services, signed_post):
    from tests.conftest import inbound_form

    signed_post("/twilio/messages", inbound_form("<img src=x onerror=alert(1)>"))
    coordinator = logged_in(app, services, users.COORDINATOR)
    page = coordinator.get("/console/reports").get_data(as_text=True)
    assert "<img src=x" not in page


def test_admin_manages_staff_profiles_with_masked_phones(app, services):
    from hotline.callbacks import staff

    admin = logged_in(app, services, users.ADMIN)
    token = csrf_token(admin, "/console/admin/users")
    response = admin.post(
        "/console/admin/staff",
        data={"csrf_token": token, "name": "Amina B.", "phone": "+32470123436",
              "languages": "fr ar", "hours": ""},
    )  # fmt: skip
    assert response.status_code == 302
    page = admin.get("/console/admin/users").get_data(as_text=True)
    assert "Amina B." in page and "+32 4•• •• •• 36" in page and "470123436" not in page
    admin.post("/console/admin/staff/Amina B./remove", data={"csrf_token": token})
    assert staff.everyone(services) == []
