"""The phone simulator: talk to the real engine from a browser, without Twilio.

`hotline.conversation.simulation.exchange` runs one text through the engine; the
console's simulator page (behind login, `hotline/console/views/simulator.py`) uses it. The bare
page here is the only way into the engine without Twilio's signature and without a login, so it
is served only when `HOTLINE_SIMULATOR=1` (the default outside production) and only to loopback
clients, for `make run`: a request that carries forwarding headers came through a proxy (which
may run on this machine and serve the world) and is refused, as is one addressed to a host name
other than this machine's own (a DNS-rebinding page in a staff browser).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from hotline.conversation import exchange
from hotline.platform import InboundError
from hotline.web import proxies

bp = Blueprint("simulator", __name__, url_prefix="/simulator", template_folder="templates")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@bp.before_request
def loopback_only() -> None:
    """The simulator bypasses signing, so it is never reachable from another machine."""
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    if not proxies.is_direct_loopback(request) or host not in LOOPBACK_HOSTS:
        abort(403)


@bp.get("/")
def page() -> ResponseReturnValue:
    """The phone-like chat page."""
    return render_template("simulator.html")


@bp.post("/messages")
def send() -> ResponseReturnValue:
    """Run one text through the engine as if it came from `from` on `channel`."""
    data = request.get_json(silent=True) or {}
    try:
        answer = exchange(current_app.extensions["hotline"], data)
    except InboundError as error:
        return jsonify(error=str(error)), 400
    return jsonify(answer)
