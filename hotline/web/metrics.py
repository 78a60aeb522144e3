"""`GET /metrics`: the Prometheus endpoint, protected, built from Redis at each scrape.

Only loopback callers (a Prometheus agent on the same host) or callers presenting
`Authorization: Bearer <METRICS_TOKEN>` may read it. A request that came through a reverse proxy
(it carries X-Forwarded-For or Forwarded) is never treated as loopback, even if the proxy runs on
the same host, so a local nginx cannot expose the metrics to the internet by accident.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from hotline.platform import Services
from hotline.reporting import metrics

bp = Blueprint("metrics", __name__)
LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def _services() -> Services:
    return current_app.extensions["hotline"]


def is_allowed(token: str) -> bool:
    """True for a direct loopback caller, or a caller with the right bearer token."""
    presented = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(presented.encode(), f"Bearer {token}".encode()):
        return True
    proxied = any(request.headers.get(name) for name in PROXY_HEADERS)
    return request.remote_addr in LOOPBACK and not proxied


def collector(services: Services) -> metrics.HotlineCollector:
    """The scrape-time collector for this process's services."""
    return metrics.HotlineCollector(services)


@bp.get("/metrics")
def scrape() -> Response:
    """The metrics in Prometheus' text format; 401/403 for callers that may not read them."""
    services = _services()
    token = services.settings.metrics_token
    if not is_allowed(token):
        headers = {"WWW-Authenticate": "Bearer"} if token else {}
        status = 401 if token else 403
        return Response("Forbidden\n", status=status, mimetype="text/plain", headers=headers)
    body = generate_latest(metrics.registry(collector(services)))
    return Response(body, content_type=CONTENT_TYPE_LATEST)
