"""CSRF on every form and security headers on every console page.

CSRF: flask-wtf checks every state-changing request of the app, except Twilio's webhooks under
`/twilio/` (signed by Twilio, not by a browser session) and the loopback-only `/simulator`
(unauthenticated JSON for `make run`). JSON calls from console pages send the token in the
`X-CSRFToken` header. rq-dashboard's own jQuery calls cannot carry a token, so its unsafe
requests must instead come from our own origin (`same_origin`) and an admin session
(hotline/console/rq_admin.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFProtect

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WEBHOOK_PREFIX = "/twilio/"
CSRF_EXEMPT_BLUEPRINTS = ("simulator", "rq_dashboard")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'"
)


# The translators' CSV, uploaded on Contenus, outgrows the app's request limit (256 KB, sized
# for webhooks): only that endpoint may send more, and only once logged in (its view checks).
UPLOAD_ENDPOINTS = frozenset({"console.content_dry_run"})
UPLOAD_LIMIT = 4 * 1024 * 1024


def allow_uploads(app: Flask) -> None:
    """Raise the request limit for the upload endpoints, before anything reads the form."""

    @app.before_request
    def larger_uploads() -> None:
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = UPLOAD_LIMIT


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


def secure_headers(response: Response) -> Response:
    """No caching on shared laptops, no framing, scripts and styles from this site only."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response
