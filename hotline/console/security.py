"""CSRF on every form, security headers on every console page, rq-dashboard behind admin login.

CSRF: flask-wtf checks every state-changing request of the app, except Twilio's webhooks under
`/twilio/` (signed by Twilio, not by a browser session) and the loopback-only `/simulator`
(unauthenticated JSON for `make run`). JSON calls from console pages send the token in the
`X-CSRFToken` header. rq-dashboard's own jQuery calls cannot carry a token, so its unsafe
requests must instead come from our own origin (checked on Origin/Referer) and an admin session.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect

from hotline.accounts import ADMIN
from hotline.console import auth

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WEBHOOK_PREFIX = "/twilio/"
CSRF_EXEMPT_BLUEPRINTS = ("simulator", "rq_dashboard")
RQ_PREFIX = "/console/admin/rq"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'"
)


def install_csrf(app: Flask) -> CSRFProtect:
    """Protect every unsafe request of the app except signed webhooks and the loopback tools."""
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    csrf = CSRFProtect(app)

    @app.before_request
    def check_csrf() -> None:
        if request.method in SAFE_METHODS or request.path.startswith(WEBHOOK_PREFIX):
            return
        if request.blueprint in CSRF_EXEMPT_BLUEPRINTS:
            return
        csrf.protect()

    return csrf


def same_origin() -> bool:
    """True when a browser request says it comes from this very site."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


def mount_rq_dashboard(app: Flask, redis_url: str) -> None:
    """rq-dashboard under /console/admin/rq, for admins only (unsafe calls: same origin only)."""
    import rq_dashboard  # imported here: it reads its settings from the app on import of web
    from rq_dashboard.web import setup_rq_connection

    app.config["RQ_DASHBOARD_REDIS_URL"] = redis_url
    app.register_blueprint(rq_dashboard.blueprint, url_prefix=RQ_PREFIX)
    setup_rq_connection(app)

    @app.before_request
    def admins_only() -> ResponseReturnValue | None:
        if request.blueprint != "rq_dashboard":
            return None
        refused = auth.refusal(ADMIN)
        if refused is None and request.method not in SAFE_METHODS and not same_origin():
            abort(403)
        return refused


def secure_headers(response):  # type: ignore[no-untyped-def]
    """No caching on shared laptops, no framing, scripts and styles from this site only."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response
