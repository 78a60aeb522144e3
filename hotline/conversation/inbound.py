"""Parse a Twilio inbound-message form into a plain `InboundMessage`.

The webhook edge hands the engine a small, typed value instead of a Flask form: the channel, the
sender, the text, what is attached (media and their types, a shared location), the message it
quotes (`OriginalRepliedMessageSid`) and the button or list item tapped (`ButtonPayload`,
`ListId`). Unknown fields are ignored (Twilio adds fields over time); a form without a usable
sender is rejected with `InboundError`, which the edge turns into a 400.

The sender is an E.164 number, or, for a WhatsApp user whose number WhatsApp hides (usernames),
their business-scoped user id ("BE.1234567…", in `From` as "whatsapp:BE.1234567…"): keyed and
stored exactly like a number, but nobody can call it or send it an SMS (`has_phone`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import phonenumbers

from hotline.platform import (  # noqa: F401 - part of this module's API
    CHANNELS,
    SMS,
    WHATSAPP,
    WHATSAPP_PREFIX,
    InboundError,
    has_phone,
    parse_number,
    parse_recipient,
    parse_sender,
)

MAX_BODY = 1600  # Twilio's own limit for one message body
MAX_MEDIA = 10

# What is attached, from the media's content types (and Latitude/Longitude for a location).
VOICE = "voice"
PICTURE = "picture"
DOCUMENT = "document"
CONTACT_CARD = "contact"
LOCATION = "location"
VCARD_TYPES = ("text/vcard", "text/x-vcard", "text/directory")


@dataclass(frozen=True)
class Location:
    """A location shared on WhatsApp. Address and label may be a home: never logged or stored."""

    latitude: float
    longitude: float
    address: str = field(default="", repr=False)
    label: str = field(default="", repr=False)


@dataclass(frozen=True)
class InboundMessage:
    """One message from a texter, independent of the web framework."""

    channel: str
    sender: str  # E.164 (or a WhatsApp user id), without the whatsapp: prefix
    text: str
    media: tuple[str, ...] = ()
    message_sid: str = ""
    to: str = ""
    media_types: tuple[str, ...] = ()
    location: Location | None = field(default=None, repr=False)
    replied_to: str = ""  # the SID of the message this one quotes (a swipe-to-reply)
    tap: str = ""  # the id of the button or list item tapped (ButtonPayload / ListId)

    @property
    def address(self) -> str:
        """The sender as Twilio addresses them on this channel ("whatsapp:+32…" or "+32…")."""
        return WHATSAPP_PREFIX + self.sender if self.channel == WHATSAPP else self.sender

    @property
    def has_phone(self) -> bool:
        """False for a WhatsApp username: no callback by phone, no SMS can reach them."""
        return has_phone(self.sender)

    @property
    def attachment(self) -> str:
        """What the message carries besides text: VOICE, PICTURE, DOCUMENT, CONTACT_CARD,
        LOCATION, or "" (text only)."""
        if self.location is not None:
            return LOCATION
        return _attachment_kind(self.media_types[0]) if self.media_types else ""


def _attachment_kind(content_type: str) -> str:
    kind = content_type.split(";")[0].strip().lower()
    if kind.startswith("audio/"):
        return VOICE
    if kind.startswith(("image/", "video/")):
        return PICTURE
    return CONTACT_CARD if kind in VCARD_TYPES else DOCUMENT


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
    tap = (form.get("ButtonPayload") or form.get("ListId") or "")[:200]
    shown = form.get("Body", "") or form.get("ButtonText", "") or ""
    # A tap carries the id of the button or item: ours are keywords, read first, like the
    # keyword typed; another sender's opaque payload ("p") leaves the visible title to match.
    text = shown if tap in ("", shown) else f"{tap} {shown}".strip()
    media = _media(form)
    return InboundMessage(
        channel=channel,
        sender=parse_sender(sender, channel),
        text=text[:MAX_BODY],
        media=tuple(url for url, _ in media),
        message_sid=(form.get("MessageSid") or form.get("SmsMessageSid") or "")[:64],
        to=form.get("To", "")[:64],
        media_types=tuple(kind for _, kind in media),
        location=_location(form),
        replied_to=form.get("OriginalRepliedMessageSid", "")[:64],
        tap=tap,
    )


def _media(form: Mapping[str, str]) -> list[tuple[str, str]]:
    """(url, content type) of each attachment; an empty MediaUrl is skipped."""
    try:
        count = min(int(form.get("NumMedia", "0") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    found = (
        (form.get(f"MediaUrl{i}", ""), form.get(f"MediaContentType{i}", "")) for i in range(count)
    )
    return [(url, kind) for url, kind in found if url]


def _location(form: Mapping[str, str]) -> Location | None:
    """The shared location, when Latitude and Longitude are numbers on the globe."""
    try:
        latitude, longitude = float(form["Latitude"]), float(form["Longitude"])
    except (KeyError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    address, label = form.get("Address", "")[:200], form.get("Label", "")[:200]
    return Location(latitude, longitude, address, label)
