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
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from hotline.conversation import WHATSAPP, InboundError, InboundMessage, engine, parse_form, replies
from hotline.outbound import delivery_reports
from hotline.platform import Services

log = logging.getLogger("hotline.web.webhooks")
bp = Blueprint("twilio", __name__, url_prefix="/twilio")
REPLIED_PATH = "/twilio/replied"


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


def twiml(text: str, action: str = "") -> Response:
    """A TwiML answer carrying one message, or none when `text` is empty.

    `action`: where Twilio reports the reply's SID (quoted replies,
    hotline/conversation/replies.py)."""
    response = MessagingResponse()
    if text:
        response.message(text, **({"action": action, "method": "POST"} if action else {}))
    return Response(str(response), mimetype="text/xml")


def reply_action(message: InboundMessage, menu: str | None) -> str:
    """For a WhatsApp reply showing a numbered list: the URL that learns the reply's SID."""
    if message.channel != WHATSAPP or not menu:
        return ""
    return f"{services().settings.public_base_url}{REPLIED_PATH}?{urlencode({'menu': menu})}"


@bp.post("/messages")
@twilio_signed
def messages() -> Response:
    """Inbound SMS or WhatsApp message: answer it at once in the webhook response."""
    try:
        message = parse_form(request.form)
    except InboundError as error:
        return Response(f"Bad Request: {error}\n", status=400, mimetype="text/plain")
    reply = engine.handle(message, services())
    return twiml(reply.text, reply_action(message, reply.menu))


@bp.post("/replied")
@twilio_signed
def replied() -> Response:
    """Twilio reports the SID of a reply that showed a list: remember which list it was."""
    replies.remember(
        services().redis, request.form.get("MessageSid", ""), request.args.get("menu", "")
    )
    return Response(str(MessagingResponse()), mimetype="text/xml")


@bp.post("/status")
@twilio_signed
def status() -> Response:
    """Delivery report for an outbound message: recorded, idempotent, safe out of order; a late
    error acted on once (hotline/outbound/delivery_reports.py)."""
    report = delivery_reports.Report.from_form(request.form.to_dict(), request.args.to_dict())
    delivery_reports.receive(services(), report)
    return Response(status=204)
