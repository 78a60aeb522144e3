"""STOP and START: the texter decides whether the hotline may write to them unasked.

STOP stops reminders and broadcasts (never the answer to a question the texter asks later);
START undoes it. Both confirm in the texter's language.
"""

from __future__ import annotations

from hotline import texters
from hotline.context import Context, Reply
from hotline.inbound import InboundMessage


def handle_stop(message: InboundMessage, context: Context) -> Reply:
    """Record the opt-out and confirm it."""
    texters.set_opted_out(context.services.redis, context.texter.id, True)
    return context.reply("stop")


def handle_start(message: InboundMessage, context: Context) -> Reply:
    """Lift the opt-out and confirm it."""
    texters.set_opted_out(context.services.redis, context.texter.id, False)
    return context.reply("start")
