"""The staff and coordinator console: a Flask blueprint under /console.

Views are split by page in `views/` and only parse forms, call domain modules (callbacks,
workshops, broadcasts, outbound, content, reports, users, contacts) and render. `init_app` wires
the console into one app: login sessions, CSRF, rq-dashboard; the blueprint's own hooks (role
guard, UI language, security headers, error pages) are attached once, below.
"""

from __future__ import annotations

from flask import Flask, g
from flask_wtf.csrf import CSRFError

from hotline.accounts import sessions
from hotline.console import auth, errors, i18n, layout, rq_admin, security, views
from hotline.console.blueprint import bp

__all__ = ["bp", "init_app", "views"]


def _remember_language() -> None:
    g.ui_language = i18n.current_language()


bp.before_request(_remember_language)
bp.before_request(auth.guard)
bp.after_request(security.secure_headers)
bp.context_processor(layout.template_globals)
bp.app_template_filter("datetime")(i18n.datetime_filter)
bp.app_template_filter("date")(i18n.date_filter)
bp.register_error_handler(CSRFError, errors.csrf_failed)
bp.register_error_handler(403, errors.forbidden)


def init_app(app: Flask) -> None:
    """Register the console, its login manager, CSRF protection and rq-dashboard on `app`."""
    services = app.extensions["hotline"]
    # Flask already defines PERMANENT_SESSION_LIFETIME (31 days): setdefault would keep that.
    app.config["PERMANENT_SESSION_LIFETIME"] = sessions.LIFETIME
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SECURE", services.settings.is_production)
    auth.login_manager().init_app(app)
    security.allow_uploads(app)  # first: the CSRF check reads the form
    security.install_csrf(app)
    app.register_blueprint(bp)
    rq_admin.mount(app, services.settings.redis_url)
