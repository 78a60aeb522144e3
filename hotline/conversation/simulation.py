"""A simulated text: run one message through the real engine and describe the reply.

The bare loopback simulator (`hotline.web.simulator`) and the console's simulator page both
answer through this one function, so they show exactly what a texter would receive.
"""

from __future__ import annotations

from hotline import texters
from hotline.conversation import engine
from hotline.conversation.inbound import MAX_BODY, InboundMessage
from hotline.languages import LANGUAGES
from hotline.platform import CHANNELS, SMS, Services, parse_number
from hotline.text import sms


def exchange(services: Services, data: dict) -> dict:
    """One simulated text: `text`, `from`, `channel` and an optional `language` to force.

    Returns the reply with its topic, language, SMS segments and encoding; raises InboundError
    for a sender that is not a phone number.
    """
    channel = str(data["channel"]) if data.get("channel") in CHANNELS else SMS
    sender = parse_number(str(data.get("from") or "+32470000000"))
    if data.get("language") in LANGUAGES:
        texter_id = services.privacy.texter_id(sender)
        texters.set_language(services.redis, texter_id, data["language"], texters.EXPLICIT)
    message = InboundMessage(channel, sender, str(data.get("text") or "")[:MAX_BODY])
    reply = engine.handle(message, services)
    info = sms.segment_info(reply.text)
    return {
        "reply": reply.text,
        "topic": reply.topic,
        "language": reply.language,
        "channel": channel,
        "segments": info.segments,
        "encoding": info.encoding,
    }
