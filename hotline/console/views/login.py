"""Log in and out. Failed attempts are counted per email and per IP and slow down guessing.

Logs name the email and address only by a one-way fingerprint, never the password.
"""

from __future__ import annotations

import logging

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user

from hotline.accounts import login_guard, users
from hotline.console import i18n
from hotline.console.auth import PUBLIC, ConsoleUser, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm, LoginForm

log = logging.getLogger("hotline.console.login")


def safe_next(target: str | None) -> str:
    """Only a path inside the console may follow a login (no open redirect)."""
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return url_for("console.index")


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
def login() -> ResponseReturnValue:
    """The login form; on success, a fresh session and the page that was asked for."""
    if request.args.get("lang") in users.UI_LANGUAGES:
        session[i18n.SESSION_KEY] = request.args["lang"]
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("console/login.html", form=form)
    return _attempt(form, request.remote_addr or "-")


def _attempt(form: LoginForm, ip: str) -> ResponseReturnValue:
    redis, email = services().redis, form.email.data or ""
    who = f"email={login_guard.fingerprint(email)} ip={login_guard.fingerprint(ip)}"
    wait = login_guard.locked_for(redis, email, ip)
    if wait:
        log.warning("login refused while locked %s wait=%ss", who, wait)
        return _failed(form, "login.locked", 429, seconds=wait)
    account = users.authenticate(redis, email, form.password.data or "")
    if account is None:
        lock = login_guard.record_failure(redis, email, ip)
        log.warning("failed login %s lock=%ss", who, lock)
        return _failed(form, "login.failed", 401)
    login_guard.record_success(redis, email)
    session.clear()  # no session fixation: a new session starts at login
    login_user(ConsoleUser(account))
    session.permanent = True
    log.info("login %s role=%s", who, account.role)
    return redirect(safe_next(request.args.get("next")))


def _failed(form: LoginForm, key: str, status: int, **fields: object) -> ResponseReturnValue:
    form.password.data = ""
    error = i18n.translate(key, **fields)
    return render_template("console/login.html", form=form, error=error), status


@bp.post("/logout")
@requires(PUBLIC)
def logout() -> ResponseReturnValue:
    """End the session (a POST with a CSRF token, so no page can log someone out)."""
    if ActionForm().validate_on_submit():
        logout_user()
        session.clear()
    return redirect(url_for("console.login"))
