"""Console sessions: 8 hours for real, and a logout ends the session on the server, so a cookie
copied before it opens nothing afterwards."""

from __future__ import annotations

import datetime as dt

from hotline.accounts import sessions, users
from hotline.platform import store
from tests.console_helpers import csrf_token, logged_in, login


def _copy_session(source, target) -> None:
    cookie = source.get_cookie("session")
    target.set_cookie("session", cookie.value, domain=cookie.domain)


def test_the_session_cookie_lasts_eight_hours(app, services):
    staff = logged_in(app, services, users.STAFF)
    cookie = staff.get_cookie("session")
    left = cookie.expires.replace(tzinfo=dt.UTC) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=7, minutes=55) < left <= dt.timedelta(hours=8)
    assert app.permanent_session_lifetime == dt.timedelta(hours=8)


def _opened_ago(services, elapsed: dt.timedelta) -> None:
    """Pretend the one open session was opened `elapsed` ago (wall-clock time)."""
    [key] = services.redis.keys(store.console_session("*"))
    opened = dt.datetime.now(dt.UTC) - elapsed
    services.redis.hset(key, "opened", int(opened.timestamp()))


def test_a_session_ends_eight_hours_after_the_login_even_when_used(app, services):
    staff = logged_in(app, services, users.STAFF)
    _opened_ago(services, dt.timedelta(hours=7, minutes=59))
    assert staff.get("/console/").status_code == 200
    _opened_ago(services, dt.timedelta(hours=8, minutes=1))
    assert staff.get("/console/").status_code == 302


def test_a_cookie_copied_before_logout_is_dead_after_it(app, services):
    staff = logged_in(app, services, users.STAFF)
    thief = app.test_client()
    _copy_session(staff, thief)
    assert thief.get("/console/").status_code == 200  # the copy works while the session lives
    staff.post("/console/logout", data={"csrf_token": csrf_token(staff, "/console/")})
    assert thief.get("/console/").status_code == 302
    assert thief.get("/console/callbacks.json").status_code == 401


def test_logout_ends_only_that_session(app, services):
    office = logged_in(app, services, users.STAFF)
    phone = app.test_client()
    assert login(phone, "staff@example.org").status_code == 302
    office.post("/console/logout", data={"csrf_token": csrf_token(office, "/console/")})
    assert phone.get("/console/").status_code == 200


def test_session_records_hold_no_session_id_and_expire(app, services):
    staff = logged_in(app, services, users.STAFF)
    keys = services.redis.keys(store.console_session("*"))
    assert len(keys) == 1
    assert 0 < services.redis.ttl(keys[0]) <= sessions.SESSION_HOURS * 3600
    user_id = _session_user_id(app, staff)
    assert user_id.rsplit("|", 1)[-1] not in keys[0]


def _session_user_id(app, client) -> str:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(client.get_cookie("session").value)["_user_id"]


def test_a_cookie_from_before_server_side_sessions_is_refused(app, services):
    """Upgrade: sessions opened by the previous version (no session id) need one new login."""
    staff = logged_in(app, services, users.STAFF)
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(staff.get_cookie("session").value)
    data["_user_id"] = data["_user_id"].rsplit("|", 1)[0]  # "email|epoch", the old form
    old = app.test_client()
    old.set_cookie("session", serializer.dumps(data), domain="localhost")
    assert old.get("/console/").status_code == 302
