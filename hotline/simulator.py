"""The local phone simulator: talk to the real engine from a browser, without Twilio.

This is the only way into the engine that skips Twilio's signature, so it is served only when
`HOTLINE_SIMULATOR=1` (the default outside production) and only to loopback clients.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from hotline import engine, sms
from hotline.inbound import CHANNELS, MAX_BODY, SMS, InboundError, InboundMessage, parse_number

bp = Blueprint("simulator", __name__, url_prefix="/simulator")
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
    channel = data.get("channel") if data.get("channel") in CHANNELS else SMS
    try:
        sender = parse_number(str(data.get("from") or "+32470000000"))
    except InboundError as error:
        return jsonify(error=str(error)), 400
    message = InboundMessage(channel, sender, str(data.get("text") or "")[:MAX_BODY])
    reply = engine.handle(message, current_app.extensions["hotline"])
    info = sms.segment_info(reply.text)
    return jsonify(
        reply=reply.text,
        topic=reply.topic,
        language=reply.language,
        segments=info.segments,
        encoding=info.encoding,
    )
