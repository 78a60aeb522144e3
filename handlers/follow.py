"""SUIVRE / VOLGEN / FOLLOW / متابعة …: follow a topic's news, see what one follows, stop one.

Following is an explicit, informed opt-in (texters may be undocumented: nothing is inferred
from what they ask). "SUIVRE SANTE" follows SANTE only when the words after the keyword are
exactly one of the topic's keywords (in any language) or its menu number; anything more or
less ("suivre des cours de français", a typo of the topic) follows nothing and tells the texter
the exact words to send. A typo of SUIVRE itself never reaches here (the registry marks it
`exact_only`), and a non-exact match is answered with the help only, as a second guard.

"SUIVRE" alone: the topics followed and how to stop, or how it works. Stopping one topic:
"STOP SANTE" (`stop_topic`, called by handlers/optout.py) or "ANNULER SUIVRE SANTE"
(`cancel`, through handlers/cancel.py). Bare STOP drops every topic (handlers/optout.py).
Topic names in replies are the topic's first keyword in the texter's language.
"""

from __future__ import annotations

from hotline import texters
from hotline.broadcasts import subscriptions
from hotline.conversation import Context, InboundMessage, Reply
from hotline.languages import REFERENCE_LANGUAGE
from hotline.platform import Services
from hotline.text import sms
from hotline.understanding import EXACT, NUMBER, Understood

TOPIC = "suivre"
SMS_SEGMENTS = 3


def handle(message: InboundMessage, context: Context) -> Reply:
    """SUIVRE alone: what the texter follows; SUIVRE SANTE: follow SANTE."""
    if context.match.kind != EXACT or not context.match.rest.strip():
        return show(context)
    return follow(context, context.match.rest)


def show(context: Context) -> Reply:
    """The topics the texter follows and how to stop one, or how following works."""
    mine = subscriptions.of_texter(context.services, context.texter.id)
    if not mine:
        return context.reply(TOPIC)
    labels = [label(context, topic) for topic in mine]
    return _fitted(context, "following", followed=", ".join(labels), example=labels[0])


def follow(context: Context, rest: str) -> Reply:
    """Follow the topic `rest` names exactly; otherwise say what to send."""
    services = context.services
    topic = named_topic(services, rest)
    if not topic:
        return _not_a_topic(context, rest)
    name = label(context, topic)
    if texters.is_opted_out(services.redis, context.texter.id):
        return context.reply(TOPIC, "opted_out", subject=name)
    added = subscriptions.subscribe(services, context.texter.id, topic, context.now)
    days = services.settings.history_retention_days
    return context.reply(TOPIC, "subscribed" if added else "already", subject=name, days=days)


def stop_topic(context: Context) -> Reply | None:
    """STOP SANTE from a texter following SANTE: stop that topic only.

    None when the words after STOP name no topic the texter follows: the caller then does a
    full STOP, as before subscriptions existed (stopping more is the safe side).
    """
    topic = named_topic(context.services, context.match.rest)
    if not topic or not subscriptions.unsubscribe(context.services, context.texter.id, topic):
        return None
    return context.reply(TOPIC, "unsubscribed", subject=label(context, topic))


def cancel(message: InboundMessage, context: Context) -> Reply:
    """ANNULER SUIVRE SANTE: stop following SANTE; ANNULER SUIVRE alone: what one follows."""
    services = context.services
    topic = named_topic(services, services.understanding.lead(context.match.rest).rest)
    if not topic:
        return show(context)
    removed = subscriptions.unsubscribe(services, context.texter.id, topic)
    return context.reply(
        TOPIC, "unsubscribed" if removed else "not_following", subject=label(context, topic)
    )


def named_topic(services: Services, rest: str) -> str:
    """The followable topic `rest` is exactly a keyword (or menu number) of, else ""."""
    match = services.understanding.lead(rest)
    topic = _followable_topic(services, match)
    if not topic or match.rest or match.kind not in (EXACT, NUMBER):
        return ""
    return topic


def _followable_topic(services: Services, match: Understood) -> str:
    topic = match.topic
    if match.kind == NUMBER:
        found = services.content.menu_topic(match.number or 0)
        topic = found.id if found else ""
    return topic if topic in subscriptions.followable(services.content) else ""


def _not_a_topic(context: Context, rest: str) -> Reply:
    """A topic with extra words or a typo: the exact words to send; else the topics."""
    topic = _followable_topic(context.services, context.services.understanding.understand(rest))
    if topic:
        return context.reply(TOPIC, "ask", subject=label(context, topic))
    topics = subscriptions.followable(context.services.content)
    return _fitted(context, "unknown", subjects=", ".join(label(context, t) for t in topics))


def label(context: Context, topic: str) -> str:
    """A topic's name for the texter: its first keyword in their language, upper-case."""
    keywords = context.services.content.topic(topic).keywords
    words = keywords.get(context.language) or keywords.get(REFERENCE_LANGUAGE) or (topic,)
    return words[0].upper()


def _fitted(context: Context, message: str, **fields: object) -> Reply:
    """A reply whose list may be long, cut to SMS_SEGMENTS on SMS."""
    text = context.say(TOPIC, message, **fields)
    if context.channel == "sms":
        text = sms.fit(text, SMS_SEGMENTS)
    return Reply(text, TOPIC, context.language)
