"""The engine: `handle(message, services) -> Reply`, the core loop without any web framework.

For one inbound message: answer a redelivered MessageSid with the reply it already got; find
the texter (by keyed hash) and what they asked (the keyword index); decide the language; call the
registered handler; remember the texter's state. Always returns a reply: unknown texts get the
menu, near-misses get "did you mean…?". Logs carry a short keyed hash, never a number or a body.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import replace

import redis

import handlers
from hotline import abuse, metrics, reports, store, texters
from hotline.context import Context, Reply
from hotline.inbound import InboundMessage
from hotline.matching import AMBIGUOUS, EMPTY, FUZZY, NUMBER, UNKNOWN, Match
from hotline.normalize import normalize
from hotline.services import Services

log = logging.getLogger("hotline.engine")

PENDING = "__pending__"
DUPLICATE_WAIT_SECONDS = 5.0
MAIN_MENU = "menu"
UNKNOWN_TEXT_MAX = 60


def handle(message: InboundMessage, services: Services, now: dt.datetime | None = None) -> Reply:
    """Answer one inbound message; a MessageSid seen within 48 hours gets the same reply."""
    now = now or services.clock()
    if not message.message_sid:
        return _answer(message, services, now)
    key = store.message_sid(message.message_sid)
    if not services.redis.set(key, PENDING, nx=True, ex=store.MESSAGE_SID_TTL):
        return _earlier_reply(services, key)
    try:
        reply = _answer(message, services, now)
    except BaseException:
        services.redis.delete(key)  # let Twilio's retry be handled afresh
        raise
    _store_reply(services, key, message, reply)
    return reply


def _store_reply(services: Services, key: str, message: InboundMessage, reply: Reply) -> None:
    """Keep the reply for redeliveries, listed under the texter so that an erasure finds it."""
    pipe = services.redis.pipeline(transaction=False)
    pipe.set(key, json.dumps(_reply_record(reply)), ex=store.MESSAGE_SID_TTL)
    if reply.remember:
        index = store.texter_message_sids(services.privacy.texter_id(message.sender))
        pipe.sadd(index, message.message_sid)
        pipe.expire(index, store.MESSAGE_SID_TTL)
    pipe.execute()


def _reply_record(reply: Reply) -> dict:
    return {"text": reply.text, "topic": reply.topic, "language": reply.language}


def _earlier_reply(services: Services, key: str) -> Reply:
    """The reply stored for a redelivered message, waiting briefly if it is still being made."""
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    while True:
        stored = services.redis.get(key)
        if stored and stored != PENDING:
            return Reply(**json.loads(stored))
        if stored is None or time.monotonic() > deadline:
            return Reply("")  # the first delivery's reply is on its way; say nothing twice
        time.sleep(0.05)


def _answer(message: InboundMessage, services: Services, now: dt.datetime) -> Reply:
    texter_id = services.privacy.texter_id(message.sender)
    texter = texters.load(services.redis, texter_id)
    match = _resolve_number(services.index.match(message.text), texter, services)
    if not abuse.admit_inbound(services, texter_id, now, match.topic):
        return Reply("")  # over the per-number rate limit: silence for a while
    language, new_language = texters.resolve_language(
        texter, match.languages, message.sender, services.settings.default_language
    )
    if new_language:  # handlers may change the language themselves: store the guess first
        texters.set_language(services.redis, texter_id, new_language, texters.INFERRED)
    handler, match = _pick(match)
    context = Context(services, message, texter, match, language, now)
    reply = handler.handle(message, context)
    if reply.remember and not abuse.admit_reply(services, texter_id, reply.text):
        reply = replace(reply, text="")  # loop guard: the same reply too often
    _write_after(services, message, texter, match, reply, now)
    log.info(
        "answered texter=%s channel=%s match=%s topic=%s language=%s",
        services.privacy.log_id(message.sender),
        message.channel,
        match.kind,
        reply.topic,
        reply.language,
    )
    return reply


def _resolve_number(match: Match, texter: texters.Texter, services: Services) -> Match:
    """A bare number picks from the list the texter saw last (the main menu by default)."""
    if match.kind != NUMBER:
        return match
    if texter.last_menu and texter.last_menu != MAIN_MENU:
        rest = f"{match.number} {match.rest}".strip()
        return replace(match, topic=texter.last_menu, rest=rest)
    topic = services.content.menu_topic(match.number or 0)
    if topic is None:
        return Match(UNKNOWN, rest=match.rest)
    return replace(match, topic=topic.id, topic_kind=topic.kind)


def _pick(match: Match) -> tuple[handlers.Handler, Match]:
    """The handler for a match; a typo of a side-effect keyword becomes a question instead."""
    if match.kind in (EMPTY, UNKNOWN):
        return handlers.UNKNOWN, match
    if match.kind == AMBIGUOUS:
        return handlers.DID_YOU_MEAN, match
    handler = handlers.handler_for(match.topic)
    if match.kind == FUZZY and handler.exact_only:
        return handlers.DID_YOU_MEAN, replace(match, kind=AMBIGUOUS, candidates=(match.topic,))
    return handler, match


def _write_after(
    services: Services,
    message: InboundMessage,
    texter: texters.Texter,
    match: Match,
    reply: Reply,
    now: dt.datetime,
) -> None:
    """Everything the engine remembers after answering, in one round trip to Redis."""
    pipe = services.redis.pipeline(transaction=False)
    if reply.remember:
        _remember(pipe, services, message, texter, reply, now)
    _record_unknown(pipe, match)
    if reply.text:
        reports.count_answer(pipe, reply.topic, reply.language, now, services.settings.timezone)
    metrics.record_answer(
        pipe,
        channel=message.channel,
        language=reply.language,
        topic=reply.topic,
        match_kind=match.kind,
        topics=services.content.topics,
    )
    pipe.execute()


def _remember(
    pipe: redis.client.Pipeline,
    services: Services,
    message: InboundMessage,
    texter: texters.Texter,
    reply: Reply,
    now: dt.datetime,
) -> None:
    """The texter's state after this message: last contact, channel, and the list they saw.

    A reply that shows no numbered list resets the list to the main menu, so that "1" after
    SANTE means the menu's first topic, not an item of a list seen earlier.
    """
    texters.record_inbound(
        pipe,
        texter,
        phone_token="" if texter.has_phone else services.privacy.encrypt(message.sender),
        channel=message.channel,
        retention_days=services.settings.history_retention_days,
        now=now.timestamp(),
    )
    texters.set_last_menu(pipe, texter.id, reply.menu or MAIN_MENU)


def _record_unknown(pipe: redis.client.Pipeline, match: Match) -> None:
    """Count what the content does not answer yet, without digits (they could be numbers)."""
    if match.kind != UNKNOWN:
        return
    text = "".join(ch for ch in normalize(match.rest) if not ch.isdigit()).strip()
    if text:
        pipe.zincrby(store.unknown_texts(), 1, text[:UNKNOWN_TEXT_MAX])
