"""Parse a Twilio inbound-message form into a plain `InboundMessage`.

The webhook edge hands the engine a small, typed value instead of a Flask form: the channel, the
sender in E.164, the text and any media. Unknown fields are ignored (Twilio adds fields over
time); a form without a usable sender is rejected with `InboundError`, which the edge turns into
a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import phonenumbers

SMS = "sms"
WHATSAPP = "whatsapp"
CHANNELS = (SMS, WHATSAPP)
MAX_BODY = 1600  # Twilio's own limit for one message body
MAX_MEDIA = 10
WHATSAPP_PREFIX = "whatsapp:"


class InboundError(ValueError):
    """The form is not an inbound message we can answer (e.g. no valid sender)."""


@dataclass(frozen=True)
class InboundMessage:
    """One message from a texter, independent of the web framework."""

    channel: str
    sender: str  # E.164, without the whatsapp: prefix
    text: str
    media: tuple[str, ...] = ()
    message_sid: str = ""
    to: str = ""
    profile_name: str = field(default="", repr=False)

    @property
    def address(self) -> str:
        """The sender as Twilio addresses them on this channel ("whatsapp:+32…" or "+32…")."""
        return WHATSAPP_PREFIX + self.sender if self.channel == WHATSAPP else self.sender


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


# How Twilio presents a withheld caller ID: the word, or the word typed on a phone keypad
# (ANONYMOUS -> +266696687, RESTRICTED -> +7378742833, UNAVAILABLE -> +86282452253,
# UNKNOWN -> +8656696). Two of those pass `is_possible_number`; none is a number anyone answers.
WITHHELD_CALLERS = frozenset(
    {"+266696687", "+7378742833", "+86282452253", "+8656696"}
    | {"anonymous", "restricted", "unavailable", "unknown", "private", "withheld", "blocked"}
)


def caller_number(raw: str, default_region: str = "BE") -> str | None:
    """The E.164 number of a caller, or None when the caller ID is withheld or not a real number.

    A missed call opens a callback request and queues an SMS: both need a number that exists,
    so a withheld ID (in any of Twilio's forms) or a number that is not valid is refused here.
    """
    raw = raw.strip()
    if raw.lower() in WITHHELD_CALLERS:
        return None
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None if e164 in WITHHELD_CALLERS else e164


def parse_form(form: Mapping[str, str]) -> InboundMessage:
    """Build an InboundMessage from Twilio's form fields (SMS or WhatsApp)."""
    sender = form.get("From", "")
    channel = WHATSAPP if sender.strip().startswith(WHATSAPP_PREFIX) else SMS
    text = form.get("Body", "") or form.get("ButtonText", "") or ""
    return InboundMessage(
        channel=channel,
        sender=parse_number(sender),
        text=text[:MAX_BODY],
        media=_media_urls(form),
        message_sid=(form.get("MessageSid") or form.get("SmsMessageSid") or "")[:64],
        to=form.get("To", "")[:64],
        profile_name=form.get("ProfileName", "")[:100],
    )


def _media_urls(form: Mapping[str, str]) -> tuple[str, ...]:
    try:
        count = min(int(form.get("NumMedia", "0") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    urls = (form.get(f"MediaUrl{i}", "") for i in range(count))
    return tuple(url for url in urls if url)
