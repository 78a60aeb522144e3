"""A shared location or a town's name: the services near it, or a question for the commune."""

from __future__ import annotations

from hotline.content import places
from hotline.conversation import Context, InboundMessage, Reply

TOPIC = "lieux"
ASK_COMMUNE = "answer"


def handle(message: InboundMessage, context: Context) -> Reply:
    """The nearest town's services (content/lieux.yaml), else ask which commune."""
    town = _town(message)
    if town is None:
        return context.reply(TOPIC, ASK_COMMUNE)
    return context.reply(TOPIC, town.message, town=town.name)


def _town(message: InboundMessage) -> places.Town | None:
    if message.location is not None:
        return places.nearest(message.location.latitude, message.location.longitude)
    return places.named(message.text)
