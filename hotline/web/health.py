"""`GET /healthz`: is this web process able to answer texters right now?"""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with the Redis state and content size when healthy, 503 otherwise."""
    services = current_app.extensions["hotline"]
    try:
        redis_ok = bool(services.redis.ping())
    except (redis.ConnectionError, redis.TimeoutError):
        redis_ok = False
    topics = len(services.content.topics)
    body = {"redis": "ok" if redis_ok else "down", "content_topics": topics}
    return jsonify(body), 200 if redis_ok and topics else 503
