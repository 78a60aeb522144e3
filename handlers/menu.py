"""The main menu: greetings, empty or media-only messages, unknown texts and "did you mean…?".

Nobody gets silence or an error: whatever cannot be answered gets the menu in the texter's
language, and the menu's numbers work in the next message. On WhatsApp both replies can also
be tapped (`Reply.interactive`: the menu as a list, the candidates as buttons; see
hotline/conversation/interactive.py); the text is the same.
"""

from __future__ import annotations

from dataclasses import replace

from hotline.conversation import WHATSAPP, Context, InboundMessage, Reply
from hotline.outbound import whatsapp_menus

MENU = "menu"


def handle(message: InboundMessage, context: Context) -> Reply:
    """Show the main menu and remember it, so that "3" picks its third topic."""
    reply = context.reply(MENU, menu=MENU)
    if context.channel != WHATSAPP:
        return reply
    taps = whatsapp_menus.main_menu(context.services.content, context.language)
    return replace(reply, interactive=replace(taps, sms_text=_sms(context, "answer")))


def did_you_mean(message: InboundMessage, context: Context) -> Reply:
    """Offer the close keywords, each in the texter's language, instead of guessing."""
    content, candidates = context.services.content, context.match.candidates
    buttons = whatsapp_menus.did_you_mean(content, context.language, candidates)
    options = buttons.values["options"]
    reply = context.reply(MENU, "did_you_mean", options=options)
    if context.channel != WHATSAPP:
        return reply
    sms_text = _sms(context, "did_you_mean", options=options)
    return replace(reply, interactive=replace(buttons, sms_text=sms_text))


def _sms(context: Context, message: str, **fields: str) -> str:
    """The same reply worded for SMS: what goes if WhatsApp refuses the taps."""
    return context.services.content.render(MENU, message, context.language, "sms", **fields)
