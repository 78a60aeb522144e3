"""RAPPEL / CALLBACK / TERUGBELLEN…: ask to be called back, optionally about a topic.

"RAPPEL logement, j'ai une lettre du CPAS" opens a callback request with the topic found in the
rest of the text (a keyword, a menu number, or an info keyword anywhere) and the free text as a
note. The reply gives the reference, the place in the queue and when staff call. Someone with an
open request gets that request back instead of a second one.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import menu
from hotline import callbacks
from hotline.callbacks import notices as callback_notices
from hotline.callbacks import thread
from hotline.conversation import Context, InboundMessage, Reply
from hotline.understanding import EMERGENCY, EXACT, FUZZY, NUMBER, SCORED

HandleFunction = Callable[[InboundMessage, Context], Reply]
TOPIC = "rappel"
NO_PHONE_TOPIC = "canal"
NO_PHONE = "no_phone"
INFO = "info"


def handle(message: InboundMessage, context: Context) -> Reply:
    """Open a callback request (or show the open one) and say when staff call.

    A WhatsApp user whose number WhatsApp hides cannot be called: they are told so, in their
    language, and offered the free missed call instead."""
    if not message.has_phone:
        return context.reply(NO_PHONE_TOPIC, NO_PHONE)
    services = context.services
    request, created = callbacks.create(
        services,
        phone=message.sender,
        channel=message.channel,
        language=context.language,
        topic=topic_of(context, context.match.rest),
        note=context.match.rest_raw,
    )
    if request.status == callbacks.CLAIMED:
        return context.reply(TOPIC, "existing_claimed", ref=request.ref)
    when = callback_notices.when(services, context.language, context.channel, context.now)
    place = callbacks.position(services, request.ref)
    message_name = "answer" if created else "existing"
    return context.reply(TOPIC, message_name, ref=request.ref, position=place, when=when)


def unknown_text(message: InboundMessage, context: Context) -> Reply:
    """Text that is no keyword: written to the texter's open case if they have one, else the menu.

    The one place where "unknown text while a case is open" is decided (the registry's UNKNOWN
    row); keywords still reach their handlers, so MENU, ANNULER or STOP keep working.
    """
    return case_first(menu.handle)(message, context)


def case_first(answer: HandleFunction) -> HandleFunction:
    """While the texter has an open case, a text that is no keyword goes to the case.

    "je serai chez moi ce soir" reads like a housing question, but sent while staff are about
    to call it is a message for them; the texter without an open case gets `answer`.
    """

    def handle(message: InboundMessage, context: Context) -> Reply:
        if not context.open_case or not message.text.strip():
            return answer(message, context)  # no case: no read of its own (the engine's load)
        request = callbacks.open_for(context.services, context.texter.id)
        if request is None:
            return answer(message, context)
        if not thread.attach(context.services, request, message.text, message.channel):
            return answer(message, context)  # closed in between
        return context.reply(TOPIC, "attached", ref=request.ref)

    return handle


def topic_of(context: Context, rest: str) -> str:
    """The topic named after the keyword: "RAPPEL logement", "RAPPEL 9", "… lettre du CPAS"."""
    if not rest:
        return ""
    match = context.services.understanding.understand(rest)
    if match.kind == NUMBER:
        menu_topic = context.services.content.menu_topic(match.number or 0)
        return menu_topic.id if menu_topic else ""
    if match.kind not in (EXACT, FUZZY, SCORED, EMERGENCY):
        return ""
    wanted = match.topic_kind == INFO or match.topic in callbacks.HIGH_PRIORITY_TOPICS
    return match.topic if wanted else ""
