"""LANGUE and language names: choose the language the hotline answers in.

"LANGUE" lists the languages; a language's own name ("English", "العربية", "دری") sets an
explicit, sticky choice and answers with the menu in that language.
"""

from __future__ import annotations

from dataclasses import replace

from hotline import texters
from hotline.conversation import Context, InboundMessage, Reply

MENU = "menu"
TOPIC = "langue"


def handle(message: InboundMessage, context: Context) -> Reply:
    """List the languages, or switch to the one named."""
    chosen = context.match.selects
    if not chosen:
        return context.reply(TOPIC)
    services = context.services
    texters.set_language(services.redis, context.texter.id, chosen, texters.EXPLICIT)
    return replace(context, language=chosen).reply(MENU, menu=MENU)
