"""Info topics (SANTE, CPAS, RETOUR…): answer straight from the content store.

An answer too long for three SMS segments in a language ends "Plus : envoyez SANTE 2" (in that
language); "SANTE 2" then gets the topic's continuation (its `more` message). Only the text after
the keyword is read here, so this works whatever recognised the keyword, and the number 2 works
after a keyword in any language (and after the menu number: "1 2"). WhatsApp answers are never
cut and hold the continuation's facts (`content check` makes sure), so on WhatsApp "SANTE 2"
gets the whole WhatsApp answer, with its diacritics, unless `more` has a WhatsApp text of its own.
"""

from __future__ import annotations

from hotline.content import CONTINUATION, CONTINUATION_NUMBER
from hotline.conversation import Context, InboundMessage, Reply
from hotline.platform import WHATSAPP


def handle(message: InboundMessage, context: Context) -> Reply:
    """The topic's answer in the texter's language, or its continuation for "<keyword> 2"."""
    topic = context.match.topic
    if wants_continuation(context.match.rest) and _continuation_applies(context, topic):
        return context.reply(topic, CONTINUATION)
    return context.reply(topic)


def wants_continuation(rest: str) -> bool:
    """True when the text after the keyword starts with the continuation number ("2", "2 svp")."""
    words = rest.split()  # normalised by the understanding: Persian and Arabic digits too ("صحت ۲")
    return bool(words) and words[0] == CONTINUATION_NUMBER


def _continuation_applies(context: Context, topic_id: str) -> bool:
    """The topic has a continuation, and this channel's answer does not already hold it."""
    more = context.services.content.topic(topic_id).messages.get(CONTINUATION)
    if not more:
        return False
    if context.channel != WHATSAPP:
        return True
    return bool(context.services.content.raw(topic_id, CONTINUATION, context.language).whatsapp)
