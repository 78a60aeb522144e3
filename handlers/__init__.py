"""The explicit, ordered registry of handlers: which function answers which topic.

Each topic id in `content/` is answered by the handler registered for it here; any other topic
of kind `info` is answered by `info.handle`. A message whose text matches nothing but carries a
voice note, a picture, a document, a location or a contact card goes to `attachments`
(`for_unmatched`); unknown text gets the menu, or, while the texter has an open callback
request, is attached to it (`callback.unknown_text`). `exact_only` handlers change something the
texter may not have meant (opting out, erasing data, opening a callback request), so only the
exact keyword at the start of a text runs them (`Understood.may_act`); the same intent
recognised in a sentence or a typo gets a question back instead (`question.ask`: "Voulez-vous
qu'on vous rappelle ? Répondez RAPPEL"). Their topics are the ones marked `action: true` in
`content/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers import (
    attachments,
    callback,
    cancel,
    follow,
    forget,
    info,
    language,
    menu,
    optout,
    places,
    question,
    workshop,
)
from hotline.conversation import Context, InboundMessage, Reply

HandleFunction = Callable[[InboundMessage, Context], Reply]


@dataclass(frozen=True)
class Handler:
    """One registry row: the topics a function answers, and whether typos may reach it."""

    topics: tuple[str, ...]
    handle: HandleFunction
    exact_only: bool = False


REGISTRY: tuple[Handler, ...] = (
    Handler(("menu",), menu.handle),
    Handler(("langue",), language.handle),
    Handler(("stop",), optout.handle_stop, exact_only=True),
    Handler(("start",), optout.handle_start, exact_only=True),
    Handler(("oublier",), forget.handle, exact_only=True),
    Handler(("rappel",), callback.handle, exact_only=True),
    Handler(("annuler",), cancel.handle, exact_only=True),
    Handler(("atelier",), workshop.handle),
    Handler(("suivre",), follow.handle, exact_only=True),
    Handler(("lieux",), places.handle),
)

INFO = Handler((), info.handle)
UNKNOWN = Handler((), callback.unknown_text)  # the menu, or a message to the open case
DID_YOU_MEAN = Handler((), menu.did_you_mean)
ASK = Handler((), question.ask)
ATTACHMENT = Handler((), attachments.handle)

_BY_TOPIC = {topic: handler for handler in REGISTRY for topic in handler.topics}


def case_first(handler: Handler) -> Handler:
    """`handler`, unless the texter has an open case: then the text is written to it."""
    return Handler(handler.topics, callback.case_first(handler.handle), handler.exact_only)


def for_unmatched(message: InboundMessage) -> Handler:
    """A message whose text asks for nothing: its attachment decides, else the menu."""
    return ATTACHMENT if message.attachment else UNKNOWN


def handler_for(topic: str) -> Handler:
    """The handler registered for a topic; info topics fall back to the info handler."""
    return _BY_TOPIC.get(topic, INFO)
