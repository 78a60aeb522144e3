"""The simulator page: a phone-like chat on the real engine, for training and checking content."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask.typing import ResponseReturnValue

from hotline.accounts import users
from hotline.console.auth import requires
from hotline.console.blueprint import bp, services
from hotline.conversation import exchange
from hotline.languages import LANGUAGES
from hotline.platform import CHANNELS, InboundError


@bp.get("/simulator")
@requires(users.STAFF)
def simulator() -> ResponseReturnValue:
    """The phone: number, channel and language pickers and the chat thread."""
    return render_template("console/simulator.html", languages=LANGUAGES, channels=CHANNELS)


@bp.post("/simulator/messages.json")
@requires(users.STAFF)
def simulator_message() -> ResponseReturnValue:
    """One text through the engine (JSON; CSRF token in the X-CSRFToken header)."""
    try:
        return jsonify(exchange(services(), request.get_json(silent=True) or {}))
    except InboundError as error:
        return jsonify(error=str(error)), 400
