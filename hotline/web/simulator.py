"""The phone simulator: talk to the real engine from a browser, without Twilio.

`hotline.conversation.simulation.exchange` runs one text through the engine; the
console's simulator page (behind login, `hotline/console/views/simulator.py`) uses it. The bare
page here is the only way into the engine without Twilio's signature and without a login, so it
is served only when `HOTLINE_SIMULATOR=1` (the default outside production) and only to loopback
clients, for `make run`.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from hotline.conversation import exchange
from hotline.platform import InboundError

bp = Blueprint("simulator", __name__, url_prefix="/simulator", template_folder="templates")
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@bp.before_request
def loopback_only() -> None:
    """The simulator bypasses signing, so it is never reachable from another machine."""
    if request.remote_addr not in LOOPBACK:
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
