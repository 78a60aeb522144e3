"""ANNULER / CANCEL (+ an optional reference): cancel the texter's open callback request.

Kept small so other intents can hang their own cancellation here: when the rest of the text is
a keyword of a topic in `DELEGATES` ("ANNULER ATELIER 3"), that topic's handler answers instead.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import follow, workshop
from hotline import callbacks
from hotline.conversation import Context, InboundMessage, Reply
from hotline.understanding import EXACT

TOPIC = "annuler"

# Topic id of the words after ANNULER -> the handler that cancels that kind of thing.
DELEGATES: dict[str, Callable[[InboundMessage, Context], Reply]] = {
    workshop.TOPIC: workshop.unregister,  # ANNULER ATELIER 3
    follow.TOPIC: follow.cancel,  # ANNULER SUIVRE SANTE
}


def handle(message: InboundMessage, context: Context) -> Reply:
    """Cancel what the texter names, by default their open callback request."""
    delegate = _delegate(context)
    if delegate:
        return delegate(message, context)
    return cancel_callback(context)


def _delegate(context: Context) -> Callable[[InboundMessage, Context], Reply] | None:
    rest = context.match.rest
    if not rest:
        return None
    match = context.services.understanding.lead(rest)
    return DELEGATES.get(match.topic) if match.kind == EXACT else None


def cancel_callback(context: Context) -> Reply:
    """Cancel the open callback request; a reference that is not it is answered as not found."""
    services = context.services
    request = callbacks.open_for(services, context.texter.id)
    named = reference_in(context.match.rest)
    if named and (not request or named != request.ref):
        return context.reply(TOPIC, "not_found", ref=named)
    if not request:
        return context.reply(TOPIC, "nothing")
    try:
        callbacks.cancel(services, request.ref, by_texter=True)
    except callbacks.CallbackError:
        return context.reply(TOPIC, "nothing")  # closed meanwhile by staff
    return context.reply(TOPIC, ref=request.ref)


def reference_in(rest: str) -> str:
    """A callback reference in the text after ANNULER ("r-7k3f", "7K3F"), or ""."""
    cleaned = "".join(rest.split()).upper()
    ref = callbacks.normalize_reference(cleaned) if cleaned else ""
    code = ref.removeprefix(callbacks.REF_PREFIX)
    valid = len(code) == callbacks.REF_LENGTH
    return ref if valid and all(ch in callbacks.REF_ALPHABET for ch in code) else ""
