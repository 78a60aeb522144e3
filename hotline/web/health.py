"""`GET /healthz`: can this web process answer texters, and is a worker there to send?

The status code is about this web process (Redis answers, content loaded), for a load
balancer: a web process must stay in rotation while the worker restarts, since replies to
texters go out in the webhook's own answer. The body also says how many RQ workers are alive
(their heartbeats): without one no alert, reminder or broadcast leaves. A monitor that wants
that in the status code asks `GET /healthz?workers=1`, which answers 503 when none is alive.
"""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from hotline.platform import worker

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with the Redis state, content size and live workers when healthy, 503 otherwise."""
    services = current_app.extensions["hotline"]
    try:
        redis_ok = bool(services.redis.ping())
        workers = len(worker.alive(services.rq_redis))
    except (redis.ConnectionError, redis.TimeoutError):
        redis_ok, workers = False, 0
    topics = len(services.content.topics)
    body = {"redis": "ok" if redis_ok else "down", "content_topics": topics, "workers": workers}
    healthy = redis_ok and topics and (workers or request.args.get("workers") != "1")
    return jsonify(body), 200 if healthy else 503
