"""The edge: Twilio's webhooks. Verify the signature, parse the form, call the engine, answer TwiML.

No decision about what to answer is made here. A request whose `X-Twilio-Signature` does not
verify gets 403, and without a configured auth token nothing is served at all: the check never
fails open. Twilio signs the public URL it called, so behind a proxy we verify against
`PUBLIC_BASE_URL` + path.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from hotline import outbound
from hotline.conversation import engine, parse_form
from hotline.platform import InboundError, Services

log = logging.getLogger("hotline.web.webhooks")
bp = Blueprint("twilio", __name__, url_prefix="/twilio")


def services() -> Services:
    """The process services wired by the app factory."""
    return current_app.extensions["hotline"]


def signed_url() -> str:
    """The URL Twilio signed: the public one behind a proxy, else the one we received."""
    base = services().settings.public_base_url
    if not base:
        return request.url
    query = request.query_string.decode()
    return base + request.path + (f"?{query}" if query else "")


def signature_is_valid() -> bool:
    """True only when an auth token is configured and the request's signature matches it."""
    token = services().settings.twilio_auth_token
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(signed_url(), request.form.to_dict(), signature)


def twilio_signed(view: Callable[[], Response]) -> Callable[[], Response]:
    """Refuse (403) any request that Twilio did not sign with our auth token."""

    @functools.wraps(view)
    def checked() -> Response:
        if not signature_is_valid():
            log.warning("rejected unsigned or forged request to %s", request.path)
            abort(403)
        return view()

    return checked


def twiml(text: str) -> Response:
    """A TwiML answer carrying one message, or none when `text` is empty."""
    response = MessagingResponse()
    if text:
        response.message(text)
    return Response(str(response), mimetype="text/xml")


@bp.post("/messages")
@twilio_signed
def messages() -> Response:
    """Inbound SMS or WhatsApp message: answer it at once in the webhook response."""
    try:
        message = parse_form(request.form)
    except InboundError as error:
        return Response(f"Bad Request: {error}\n", status=400, mimetype="text/plain")
    return twiml(engine.handle(message, services()).text)


@bp.post("/status")
@twilio_signed
def status() -> Response:
    """Delivery report for an outbound message: recorded, idempotent, safe out of order."""
    outbound.record_status(
        services().redis,
        sid=request.form.get("MessageSid", ""),
        provider_status=request.form.get("MessageStatus", ""),
        error_code=request.form.get("ErrorCode", ""),
        message_id=request.args.get("m", ""),
    )
    return Response(status=204)
