"""The Flask app factory: wires settings, services and blueprints; nothing at import time."""

from __future__ import annotations

import logging

import redis
from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

from hotline import console, understanding, wiring
from hotline.platform import Settings
from hotline.platform import services as services_module
from hotline.web import health, simulator, voice, webhooks
from hotline.web import metrics as metrics_web

log = logging.getLogger("hotline.app")


def create_app(
    settings: Settings | None = None, services: services_module.Services | None = None
) -> Flask:
    """A configured app. Production refuses to start without its secrets."""
    settings = settings or (services.settings if services else Settings.from_env())
    settings.check_production()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.resolved_secret_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    if services is None:  # a real process (not a test): follow content reloads
        services = wiring.build(settings)
        wiring.watch_content(services)
    app.extensions["hotline"] = services
    understanding.warm_up()  # the language model, loaded before a texter's message waits for it
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(voice.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics_web.bp)
    if settings.simulator_enabled:
        app.register_blueprint(simulator.bp)
    console.init_app(app)
    app.register_error_handler(redis.RedisError, _redis_unavailable)
    if settings.trusted_proxies:  # behind nginx: the client's address and scheme, not the proxy's
        hops = settings.trusted_proxies
        # wrapping wsgi_app is how Flask's documentation installs middleware
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    return app


def _redis_unavailable(error: Exception) -> Response:
    """Redis is down: answer 503 quickly (Twilio retries) instead of hanging or a 500."""
    log.error("redis unavailable: %s", type(error).__name__)
    return Response("Service Unavailable\n", status=503, mimetype="text/plain")
