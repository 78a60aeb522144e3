"""The main menu: greetings, empty or media-only messages, unknown texts and "did you mean…?".

Nobody gets silence or an error: whatever cannot be answered gets the menu in the texter's
language, and the menu's numbers work in the next message.
"""

from __future__ import annotations

from hotline.conversation import Context, InboundMessage, Reply

MENU = "menu"


def handle(message: InboundMessage, context: Context) -> Reply:
    """Show the main menu and remember it, so that "3" picks its third topic."""
    return context.reply(MENU, menu=MENU)


def did_you_mean(message: InboundMessage, context: Context) -> Reply:
    """Offer the close keywords, each in the texter's language, instead of guessing."""
    options = " / ".join(_keyword(context, topic) for topic in context.match.candidates)
    return context.reply(MENU, "did_you_mean", options=options)


def _keyword(context: Context, topic_id: str) -> str:
    topic = context.services.content.topic(topic_id)
    words = topic.keywords.get(context.language) or topic.keywords.get("fr") or (topic_id,)
    return words[0].upper()
