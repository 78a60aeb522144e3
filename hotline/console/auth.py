"""Who may see what: flask-login sessions, the role decorator and the fail-closed route guard.

Every console view carries `@requires(ROLE)`; a `before_request` guard refuses any console route
that lacks the marker (a forgotten decorator means 403, never an open page). Anonymous visitors
are sent to the login page (JSON endpoints answer 401); a role too low gets 403.
Roles nest: admin ⊇ coordinator ⊇ staff.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user

from hotline.accounts import users
from hotline.console.blueprint import services

PUBLIC = "public"
ROLE_ATTRIBUTE = "console_role"
PUBLIC_ENDPOINTS = ("console.static",)


class ConsoleUser(UserMixin):
    """A logged-in account; its id embeds the session epoch so old sessions end on changes."""

    def __init__(self, account: users.User):
        self.account = account

    def get_id(self) -> str:
        """The session's user id: email and the account's session epoch."""
        return f"{self.account.email}|{self.account.session_epoch}"

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot keep or open sessions."""
        return self.account.active

    def has_role(self, role: str) -> bool:
        """True when the account's role includes `role`."""
        return self.account.has_role(role)


def load_user(user_id: str) -> ConsoleUser | None:
    """Reload the account of a session; None (logged out) if it changed since the login."""
    email, _, epoch = user_id.rpartition("|")
    account = users.get(services().redis, email)
    if account is None or not account.active or str(account.session_epoch) != epoch:
        return None
    return ConsoleUser(account)


def login_manager() -> LoginManager:
    """A LoginManager for one app, loading accounts from Redis."""
    manager = LoginManager()
    manager.user_loader(load_user)
    manager.session_protection = "basic"
    return manager


def wants_json() -> bool:
    """True for fetch() calls and JSON endpoints (they get 401, not a login page)."""
    return request.path.endswith(".json") or request.is_json


def refusal(role: str) -> ResponseReturnValue | None:
    """The response refusing the current request for `role`, or None when it may proceed."""
    if role == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if wants_json():
            return jsonify(error="login required"), 401
        return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
    if not current_user.has_role(role):
        abort(403)
    return None


def requires(role: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark and guard a console view: only accounts whose role includes `role` get in."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            refused = refusal(role)
            return refused if refused is not None else view(*args, **kwargs)

        setattr(guarded, ROLE_ATTRIBUTE, role)
        return guarded

    return mark


def guard() -> ResponseReturnValue | None:
    """Before every console request: refuse views without a role marker (fail closed)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    role = getattr(view, ROLE_ATTRIBUTE, None)
    if role is None:
        abort(404 if view is None else 403)
    return refusal(role)


def actor() -> str:
    """The email of the logged-in account, for the audit log and domain calls."""
    return current_user.account.email
