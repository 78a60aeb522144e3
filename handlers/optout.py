"""STOP and START: the texter decides whether the hotline may write to them unasked.

STOP stops reminders and broadcasts (never the answer to a question the texter asks later)
and drops every topic the texter follows (SUIVRE: data minimisation); START undoes the opt-out,
not the subscriptions. Both confirm in the texter's language. With a topic the texter follows,
"STOP SANTE" stops that topic only and "START SANTE" / "SUBSCRIBE HEALTH" lifts the opt-out and
follows it (handlers/follow.py); any other word after STOP is still a full STOP.
"""

from __future__ import annotations

from handlers import follow
from hotline import texters
from hotline.broadcasts import subscriptions
from hotline.conversation import Context, InboundMessage, Reply


def handle_stop(message: InboundMessage, context: Context) -> Reply:
    """Record the opt-out, drop every subscription, and confirm; STOP SANTE stops SANTE only."""
    partial = follow.stop_topic(context)
    if partial is not None:
        return partial
    texters.set_opted_out(context.services.redis, context.texter.id, True)
    subscriptions.remove_all(context.services, context.texter.id)
    return context.reply("stop")


def handle_start(message: InboundMessage, context: Context) -> Reply:
    """Lift the opt-out and confirm it; START SANTE also follows SANTE."""
    texters.set_opted_out(context.services.redis, context.texter.id, False)
    if follow.named_topic(context.services, context.match.rest):
        return follow.follow(context, context.match.rest)
    return context.reply("start")
