"""Channels and addresses: SMS or WhatsApp, and phone numbers in E.164.

Every layer needs these words — the engine to answer, outbound to address a message, staff
profiles to store a phone — so they sit at the bottom, apart from the inbound form parser.
"""

from __future__ import annotations

import phonenumbers

SMS = "sms"
WHATSAPP = "whatsapp"
CHANNELS = (SMS, WHATSAPP)
WHATSAPP_PREFIX = "whatsapp:"


class InboundError(ValueError):
    """The form is not an inbound message we can answer (e.g. no valid sender)."""


def parse_number(raw: str, default_region: str = "BE") -> str:
    """Normalise a phone number to E.164; raises InboundError when it is not a number."""
    raw = raw.strip().removeprefix(WHATSAPP_PREFIX).strip()
    if not raw:
        raise InboundError("missing sender number")
    if raw[0].isdigit() and not raw.startswith("0"):
        raw = "+" + raw  # WaId and some gateways omit the plus sign
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as error:
        raise InboundError("sender is not a phone number") from error
    if not phonenumbers.is_possible_number(number):
        raise InboundError("sender is not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
