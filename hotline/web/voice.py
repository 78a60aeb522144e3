"""POST /twilio/voice: a missed call ("beep") becomes a callback request, free for the caller.

People without credit ring the hotline's number and hang up. Twilio calls this webhook; we answer
`<Reject reason="busy"/>`, so the call is never answered and costs the caller nothing, and the
callback domain opens a request and confirms it by SMS. A withheld caller ID (ANONYMOUS,
RESTRICTED, UNAVAILABLE, UNKNOWN, in words or as the keypad digits Twilio turns them into) or a
number that is not valid is rejected the same way and opens nothing. Signed exactly like
/twilio/messages; the view only verifies, parses and calls the domain.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request
from twilio.twiml.voice_response import VoiceResponse

from hotline import callbacks
from hotline.conversation import caller_number
from hotline.web.webhooks import services, twilio_signed

log = logging.getLogger("hotline.web.voice")
bp = Blueprint("twilio_voice", __name__, url_prefix="/twilio")


def reject_busy() -> Response:
    """TwiML that rejects the call with a busy tone (the caller is not charged)."""
    response = VoiceResponse()
    response.reject(reason="busy")
    return Response(str(response), mimetype="text/xml")


@bp.post("/voice")
@twilio_signed
def voice() -> Response:
    """A call to the hotline's number: reject it and open a callback request for the caller.

    A withheld caller ID gets the same `<Reject>` and nothing else: no request, no SMS.
    """
    number = caller_number(request.form.get("From", ""))
    if number is None:
        log.info("missed call from a withheld or invalid number: rejected, nothing opened")
        return reject_busy()
    callbacks.missed_call(services(), number)
    return reject_busy()
