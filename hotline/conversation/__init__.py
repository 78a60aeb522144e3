"""One inbound message, answered: parse Twilio's form (inbound), the engine that finds the
texter and calls the registered handler (engine), what handlers are given and return (Context,
Reply), rate limits and the loop guard (abuse), and the simulator's exchange (simulation).
"""

from __future__ import annotations

from hotline.conversation.context import Context, Reply
from hotline.conversation.inbound import (
    CHANNELS,
    DOCUMENT,
    LOCATION,
    MAX_BODY,
    PICTURE,
    SMS,
    VOICE,
    WHATSAPP,
    WHATSAPP_PREFIX,
    InboundError,
    InboundMessage,
    caller_number,
    parse_form,
    parse_number,
    parse_recipient,
)
from hotline.conversation.simulation import exchange

# isort: split
# facets last: they may import modules that import the names above
from hotline.conversation import abuse, engine, replies

__all__ = [
    "CHANNELS",
    "DOCUMENT",
    "LOCATION",
    "MAX_BODY",
    "PICTURE",
    "SMS",
    "VOICE",
    "WHATSAPP",
    "WHATSAPP_PREFIX",
    "Context",
    "InboundError",
    "InboundMessage",
    "Reply",
    "abuse",
    "caller_number",
    "engine",
    "exchange",
    "parse_form",
    "parse_number",
    "parse_recipient",
    "replies",
]
