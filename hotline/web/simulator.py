"""The phone simulator: talk to the real engine from a browser, without Twilio.

`exchange` runs one text through the engine and describes the reply (segments, encoding); the
console's simulator page (behind login, `hotline/console/views/simulator.py`) uses it. The bare
page here is the only way into the engine without Twilio's signature and without a login, so it
is served only when `HOTLINE_SIMULATOR=1` (the default outside production) and only to loopback
clients, for `make run`.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from hotline.conversation import engine
from hotline.conversation.inbound import (
    CHANNELS,
    MAX_BODY,
    SMS,
    InboundError,
    InboundMessage,
    parse_number,
)
from hotline.languages import LANGUAGES
from hotline.platform.services import Services
from hotline.text import sms
from hotline.texters import state as texters

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


def exchange(services: Services, data: dict) -> dict:
    """One simulated text: `text`, `from`, `channel` and an optional `language` to force.

    Returns the reply with its topic, language, SMS segments and encoding; raises InboundError
    for a sender that is not a phone number.
    """
    channel = data.get("channel") if data.get("channel") in CHANNELS else SMS
    sender = parse_number(str(data.get("from") or "+32470000000"))
    if data.get("language") in LANGUAGES:
        texter_id = services.privacy.texter_id(sender)
        texters.set_language(services.redis, texter_id, data["language"], texters.EXPLICIT)
    message = InboundMessage(channel, sender, str(data.get("text") or "")[:MAX_BODY])
    reply = engine.handle(message, services)
    info = sms.segment_info(reply.text)
    return {
        "reply": reply.text,
        "topic": reply.topic,
        "language": reply.language,
        "channel": channel,
        "segments": info.segments,
        "encoding": info.encoding,
    }
