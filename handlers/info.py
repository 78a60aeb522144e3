"""Info topics (SANTE, CPAS, RETOUR…): answer straight from the content store."""

from __future__ import annotations

from hotline.conversation import Context, InboundMessage, Reply


def handle(message: InboundMessage, context: Context) -> Reply:
    """The topic's answer in the texter's language."""
    return context.reply(context.match.topic)
