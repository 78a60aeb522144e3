"""rq-dashboard under /console/admin/rq: admins only, audited, no state change on GET, and the
console's security headers.

The dashboard can delete, requeue and empty jobs — a workshop's reminders, a broadcast's
batches — so every one of its requests needs an admin session, every unsafe one must come from
our own origin (its jQuery calls cannot carry our CSRF token) and is written to the audit log
with the endpoint, the job or queue and the answer's status. A GET never changes anything: the
dashboard's routes that also accept POST (requeue a whole failed registry) answer 405 to GET, so
a link or an image in a page cannot fire them.

Its pages get the console's headers (no caching, no framing, no sniffing). Its templates are
rq-dashboard's own, with one inline script block and a few inline styles: instead of allowing
inline code, the Content-Security-Policy lists the SHA-256 of exactly those blocks and styles,
computed from each page as it is sent. Its rows are drawn with underscore's templates, which
compile with `new Function`: the dashboard's pages alone also allow 'unsafe-eval' (scripts still
come only from this site or are those exact blocks; nothing injected into a page runs).
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, abort, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hotline.accounts import ADMIN
from hotline.console import auth, security
from hotline.console.blueprint import services
from hotline.platform import audit

PREFIX = "/console/admin/rq"
BLUEPRINT = "rq_dashboard"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_STYLE_ATTRIBUTE = re.compile(r'\bstyle="([^"]*)"', re.I)


def mount(app: Flask, redis_url: str) -> None:
    """Register rq-dashboard with its guard, its audit and its headers."""
    import rq_dashboard  # imported here: it reads its settings from the app on import of web
    from rq_dashboard.web import setup_rq_connection

    app.config["RQ_DASHBOARD_REDIS_URL"] = redis_url
    app.register_blueprint(rq_dashboard.blueprint, url_prefix=PREFIX)
    setup_rq_connection(app)
    app.before_request(guard)
    app.after_request(after)


def guard() -> ResponseReturnValue | None:
    """Admins only; GET never reaches a state-changing route; unsafe calls from our origin."""
    if request.blueprint != BLUEPRINT:
        return None
    refused = auth.refusal(ADMIN)
    if refused is not None:
        return refused
    rule = request.url_rule
    if request.method in security.SAFE_METHODS and rule and "POST" in (rule.methods or ()):
        abort(405)  # a route that changes state (requeue all) answers only to POST
    if request.method not in security.SAFE_METHODS and not security.same_origin():
        abort(403)
    return None


def after(response: Response) -> Response:
    """Audit the dashboard's actions; give its pages the console's headers."""
    if request.blueprint != BLUEPRINT:
        return response
    if request.method not in security.SAFE_METHODS and current_user.is_authenticated:
        _audit(response.status_code)
    response.headers["Content-Security-Policy"] = content_security_policy(response)
    return security.secure_headers(response)


def _audit(status: int) -> None:
    about = {name: str(value) for name, value in (request.view_args or {}).items()}
    audit.record(
        services().redis,
        audit.RQ_DASHBOARD,
        actor=auth.actor(),
        endpoint=(request.endpoint or "").removeprefix(f"{BLUEPRINT}."),
        status=status,
        **about,
    )


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(response: Response) -> str:
    """The console's policy, plus the hashes of this page's own inline scripts and styles."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return security.CONTENT_SECURITY_POLICY
    page = response.get_data(as_text=True)
    scripts = sorted({_digest(block) for block in _INLINE_SCRIPT.findall(page)})
    styles = sorted({_digest(style) for style in _STYLE_ATTRIBUTE.findall(page)})
    policy = security.CONTENT_SECURITY_POLICY
    scripts = ["'unsafe-eval'", *scripts]  # underscore's _.template (see the module docstring)
    policy = policy.replace("script-src 'self'", " ".join(["script-src 'self'", *scripts]))
    hashed_styles = ["'unsafe-hashes'", *styles] if styles else []
    return policy.replace("style-src 'self'", " ".join(["style-src 'self'", *hashed_styles]))
