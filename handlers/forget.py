"""OUBLIER / DELETE / VERGETEN …: a texter erases everything the hotline keeps about their number.

Erasure cannot be undone, so it takes two words: the keyword alone ("OUBLIER") explains what
will be erased and asks for the keyword followed by the yes word ("OUBLIER OUI"); the yes words
per language are the topic's `confirm:` list in content/oublier.yaml (any language's yes word is
accepted). The reply to a confirmed erasure tells the engine not to remember this message, so
nothing about the number is written again (see `hotline.erasure`).
"""

from __future__ import annotations

from dataclasses import replace

from hotline import retention
from hotline.conversation import Context, InboundMessage, Reply

TOPIC = "oublier"
ERASED = "erased"
NOTHING = "nothing"


def handle(message: InboundMessage, context: Context) -> Reply:
    """Ask for confirmation, or erase when the keyword is followed by a yes word."""
    if not is_confirmed(context):
        return context.reply(TOPIC)
    result = retention.erase_texter(context.services, context.texter.id)
    held_data = not context.texter.is_new or context.texter.opted_out or result.held_data
    reply = context.reply(TOPIC, ERASED if held_data else NOTHING)
    return replace(reply, remember=False)


def is_confirmed(context: Context) -> bool:
    """True when the first word after the keyword is a yes word of any language."""
    return context.services.understanding.confirms(context.match.rest)
