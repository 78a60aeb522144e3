"""One inbound message, answered: parse Twilio's form (inbound), the engine that finds the
texter and calls the registered handler (engine), what handlers are given and return (Context,
Reply), rate limits and the loop guard (abuse), and the simulator's exchange (simulation).
"""

from __future__ import annotations

from hotline.conversation.context import Context, Reply
from hotline.conversation.inbound import (
    CHANNELS,
    MAX_BODY,
    InboundError,
    InboundMessage,
    parse_form,
    parse_number,
)
from hotline.conversation.simulation import exchange

# isort: split
# facets last: they may import modules that import the names above
from hotline.conversation import abuse, engine

__all__ = [
    "CHANNELS",
    "MAX_BODY",
    "Context",
    "InboundError",
    "InboundMessage",
    "Reply",
    "abuse",
    "engine",
    "exchange",
    "parse_form",
    "parse_number",
]
