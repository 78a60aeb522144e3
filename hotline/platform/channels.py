"""Channels and addresses: SMS or WhatsApp, and phone numbers in E.164.

Every layer needs these words — the engine to answer, outbound to address a message, staff
profiles to store a phone — so they sit at the bottom, apart from the inbound form parser.
"""

from __future__ import annotations

import re

import phonenumbers

SMS = "sms"
WHATSAPP = "whatsapp"
CHANNELS = (SMS, WHATSAPP)
WHATSAPP_PREFIX = "whatsapp:"
# Meta's business-scoped user id: ISO country code, a dot, up to 128 letters or digits; a parent
# id shared by several businesses has "ENT." after the country ("US.ENT.1181…").
USER_ID = re.compile(r"^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$")
# A WhatsApp sender's number is E.164 as WhatsApp has it, e.g. Mexico's legacy +521…
WHATSAPP_NUMBER = re.compile(r"^\+[1-9][0-9]{7,14}$")


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


def has_phone(sender: str) -> bool:
    """True when a sender or recipient is a phone number (not a WhatsApp user id)."""
    return not USER_ID.match(sender.removeprefix(WHATSAPP_PREFIX))


def parse_sender(raw: str, channel: str) -> str:
    """The sender: E.164, or on WhatsApp the user id of someone whose number is hidden."""
    bare = raw.strip().removeprefix(WHATSAPP_PREFIX).strip()
    if channel == WHATSAPP and USER_ID.match(bare):
        return bare
    if channel == WHATSAPP and WHATSAPP_NUMBER.match(bare):
        return bare  # WhatsApp's own E.164 ids, even in formats phonenumbers calls impossible
    return parse_number(raw)


def parse_recipient(to: str, channel: str) -> str:
    """An outbound recipient, checked like a sender: a number, or a WhatsApp user id."""
    return parse_sender(to, channel)
