"""Parse a Twilio inbound-message form into a plain `InboundMessage`.

The webhook edge hands the engine a small, typed value instead of a Flask form: the channel, the
sender in E.164, the text and any media. Unknown fields are ignored (Twilio adds fields over
time); a form without a usable sender is rejected with `InboundError`, which the edge turns into
a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hotline.platform import (  # noqa: F401 - part of this module's API
    CHANNELS,
    SMS,
    WHATSAPP,
    WHATSAPP_PREFIX,
    InboundError,
    parse_number,
)

MAX_BODY = 1600  # Twilio's own limit for one message body
MAX_MEDIA = 10


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
