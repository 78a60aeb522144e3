"""The engine: `handle(message, services) -> Reply`, the core loop without any web framework.

For one inbound message: answer a redelivered MessageSid with the reply it already got (within
48 hours), and a MessageSid handled longer ago (a replayed webhook, up to 30 days) with silence,
never a second action; find the texter (by keyed hash) and what they asked
(`hotline.understanding`); decide the language; call the registered handler — or, for an action
recognised other than by its exact keyword, ask a question back instead; remember the texter's
state. Always returns a reply: unknown texts get the menu, near-misses get "did you mean…?", and
a reply repeated too often is replaced once by a short different one (then silence: an
auto-responder loop). Logs carry a short keyed hash, never a number or a body.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass, replace

import handlers
from hotline import callbacks, texters
from hotline.conversation import abuse, replies
from hotline.conversation.context import Context, Reply
from hotline.conversation.inbound import InboundMessage
from hotline.platform import DecodedPipeline, Services, counters, store
from hotline.reporting import reports
from hotline.understanding import (
    AMBIGUOUS,
    EMPTY,
    EXACT,
    FUZZY,
    KINDS,
    NUMBER,
    SCORED,
    UNKNOWN,
    Understood,
    report_text,
)

log = logging.getLogger("hotline.conversation.engine")

PENDING = "__pending__"
DUPLICATE_WAIT_SECONDS = 5.0
MAIN_MENU = "menu"
CASE_TOPIC = "rappel"  # a text written to the texter's open case is answered under it
QUESTION = "question"  # content/question.yaml: the questions back, the repeated-reply message
REPEATED = "repeated"
UNSURE_CONFIDENCE = 0.6  # below this, a text is listed for writers with the unknown ones


def handle(message: InboundMessage, services: Services, now: dt.datetime | None = None) -> Reply:
    """Answer one inbound message; a MessageSid seen within 48 hours gets the same reply, one
    handled before that (up to 30 days) gets nothing."""
    now = now or services.clock()
    loaded = _load(services, message, now)
    if not loaded.first_delivery:
        return _earlier_reply(services, store.message_sid(message.message_sid))
    if loaded.replayed:
        return _silence(services, message, loaded.texter.id)
    try:
        return _answer(message, services, now, loaded)
    except BaseException:
        if message.message_sid:  # let Twilio's retry be handled afresh
            sid = message.message_sid
            services.redis.delete(store.message_sid(sid), store.message_seen(sid))
        raise


@dataclass(frozen=True)
class Loaded:
    """What the engine reads before answering, all in one round trip to Redis."""

    first_delivery: bool  # False: this MessageSid was seen before (a redelivery)
    replayed: bool  # its reply is forgotten but it was handled before: a replayed webhook
    texter: texters.Texter
    rate_replies: list  # `abuse.count_inbound`'s replies
    reply_counts: dict[str, str]  # `abuse.read_reply_counts`'s reply
    open_case: str  # the reference of the texter's open callback request, or ""


def _load(services: Services, message: InboundMessage, now: dt.datetime) -> Loaded:
    """Claim the MessageSid, read the texter's state, count the message for the rate limit.

    A redelivery is counted towards the rate limit too: Twilio redelivers rarely, and one more
    count is cheaper than a round trip of its own for every message.
    """
    texter_id = services.privacy.texter_id(message.sender)
    pipe = services.redis.pipeline(transaction=False)
    sid = message.message_sid
    if sid:
        pipe.set(store.message_sid(sid), PENDING, nx=True, ex=store.MESSAGE_SID_TTL)
        pipe.set(store.message_seen(sid), "1", nx=True, ex=store.MESSAGE_SEEN_TTL)
    texters.read(pipe, texter_id)
    abuse.count_inbound(pipe, texter_id, now.timestamp())
    abuse.read_reply_counts(pipe, texter_id)
    callbacks.read_open_ref(pipe, texter_id)
    replies = pipe.execute()
    first, fresh = (bool(replies.pop(0)), bool(replies.pop(0))) if sid else (True, True)
    split = texters.LOAD_REPLIES
    texter = texters.from_replies(texter_id, replies[:split])
    counts, open_case = replies[-2], replies[-1] or ""
    return Loaded(first, first and not fresh, texter, replies[split:-2], counts, open_case)


def _store_reply(
    pipe: DecodedPipeline, message: InboundMessage, texter_id: str, reply: Reply
) -> None:
    """Keep the reply for redeliveries, listed under the texter so that an erasure finds it.

    Only issues commands, on the pipeline of the engine's other writes.
    """
    if not message.message_sid:
        return
    key = store.message_sid(message.message_sid)
    pipe.set(key, json.dumps(_reply_record(reply)), ex=store.MESSAGE_SID_TTL)
    if reply.remember:
        index = store.texter_message_sids(texter_id)
        pipe.sadd(index, message.message_sid)
        pipe.expire(index, store.MESSAGE_SID_TTL)


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


def _answer(message: InboundMessage, services: Services, now: dt.datetime, loaded: Loaded) -> Reply:
    texter = loaded.texter
    understood = _understand(services, message)
    match = _resolve_number(understood, texter, services, message)
    if not abuse.admit_counted(services, texter.id, now, match.topic, loaded.rate_replies):
        return _silence(services, message, texter.id)  # over the per-number rate limit
    language, new_language = texters.resolve_language(
        texter,
        match.languages,
        message.sender,
        services.settings.default_language,
        sure=match.language_sure,
    )
    if new_language:  # handlers may change the language themselves: store the guess first
        texters.set_language(services.redis, texter.id, new_language, texters.INFERRED)
    handler, match = _pick(match, message)
    context = Context(services, message, texter, match, language, now, loaded.open_case)
    reply = handler.handle(message, context)
    reply, counted = _guard_loop(context, reply, loaded.reply_counts)
    _write_after(services, message, texter, match, reply, now, counted)
    log.info(
        "answered texter=%s channel=%s match=%s topic=%s language=%s",
        services.privacy.log_id(message.sender),
        message.channel,
        match.kind,
        reply.topic,
        reply.language,
    )
    return reply


def _understand(services: Services, message: InboundMessage) -> Understood:
    """What the text asks; a tap on one of our menus carries the keyword itself as its id, read
    alone (the visible title after it could say more than the keyword: "ACIL Acil tıbbi yardım")."""
    if message.tap:
        tapped = services.understanding.understand(message.tap)
        if tapped.kind in (EXACT, NUMBER):
            return tapped
    return services.understanding.understand(message.text)


def _guard_loop(
    context: Context, reply: Reply, seen: dict[str, str]
) -> tuple[Reply, list[abuse.ReplyCount]]:
    """The same reply too often: a short different one instead (offer RAPPEL and LANGUE).

    A person who keeps getting the menu is stuck, not a bot: they get a way out, once per loop
    window. After that the number is answered with silence — an auto-responder loop stays
    stopped.
    """
    if not reply.remember or not reply.text:
        return reply, []
    timestamp = context.now.timestamp()
    counted = abuse.count_reply(seen, reply.text, timestamp)
    if counted.admitted:
        return reply, [counted]
    instead = context.reply(QUESTION, REPEATED)
    again = abuse.count_reply(seen, instead.text, timestamp)
    chosen = instead if again.count == 1 else replace(instead, text="")
    return chosen, [counted, again]


def _silence(services: Services, message: InboundMessage, texter_id: str) -> Reply:
    """No reply (a muted number); a redelivery of this message gets silence too."""
    reply = Reply("")
    pipe = services.redis.pipeline(transaction=False)
    _store_reply(pipe, message, texter_id, reply)
    pipe.execute()
    return reply


def _resolve_number(
    match: Understood, texter: texters.Texter, services: Services, message: InboundMessage
) -> Understood:
    """A bare number picks from the list the texter saw last (the main menu by default), or,
    in a quoted reply, from the list in the quoted message (hotline/conversation/replies.py)."""
    if match.kind != NUMBER:
        return match
    seen = replies.menu_of(services.redis, message.replied_to) or texter.last_menu
    if seen and seen != MAIN_MENU:
        rest = f"{match.number} {match.rest}".strip()
        return replace(match, topic=seen, rest=rest)
    topic = services.content.menu_topic(match.number or 0)
    if topic is None:
        return Understood(UNKNOWN, languages=match.languages, rest=match.rest)
    return replace(match, topic=topic.id, topic_kind=topic.kind)


def _pick(match: Understood, message: InboundMessage) -> tuple[handlers.Handler, Understood]:
    """The handler for what the text asks; an action not asked by its keyword gets a question."""
    if match.kind in (EMPTY, UNKNOWN):
        return handlers.for_unmatched(message), match
    if match.kind == AMBIGUOUS:
        return handlers.case_first(handlers.DID_YOU_MEAN), match
    handler = handlers.handler_for(match.topic)
    if handler.exact_only and not match.may_act:
        handler = handlers.ASK  # "Voulez-vous qu'on vous rappelle ? Répondez RAPPEL"
    if match.kind in (SCORED, FUZZY):  # not a keyword: a message to an open case, if any
        return handlers.case_first(handler), match
    return handler, match


def _write_after(
    services: Services,
    message: InboundMessage,
    texter: texters.Texter,
    match: Understood,
    reply: Reply,
    now: dt.datetime,
    counted: list[abuse.ReplyCount] | None = None,
) -> None:
    """Everything the engine remembers after answering, in one round trip to Redis."""
    pipe = services.redis.pipeline(transaction=False)
    if reply.remember:
        _remember(pipe, services, message, texter, reply, now)
    for count in counted or ():
        abuse.write_reply_count(pipe, texter.id, count)
    _record_unknown(pipe, message, match, reply, now, services.settings.timezone)
    if reply.text:
        reports.count_answer(pipe, reply.topic, reply.language, now, services.settings.timezone)
    counters.record_answer(
        pipe,
        channel=message.channel,
        language=reply.language,
        topic=reply.topic,
        match_kind=match.kind,
        topics=services.content.topics,
        match_kinds=KINDS,
    )
    _store_reply(pipe, message, texter.id, reply)
    pipe.execute()


def _remember(
    pipe: DecodedPipeline,
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
    texters.set_last_menu(pipe, texter.id, reply.menu or MAIN_MENU, reply.shown)


def _record_unknown(
    pipe: DecodedPipeline,
    message: InboundMessage,
    match: Understood,
    reply: Reply,
    now: dt.datetime,
    timezone: str,
) -> None:
    """Count, for the writers, what the content does not answer yet or answers unsure of itself.

    Kept normalised, without digits (they could be numbers) and without any link to the texter.
    Unknown text written to an open callback case is a message to staff, not a question for the
    content's writers: not counted.
    """
    if reply.topic != match.topic and reply.topic == CASE_TOPIC and match.kind != EXACT:
        return  # written to an open case (handlers.case_first)
    if match.kind == UNKNOWN and reply.topic != MAIN_MENU:
        return
    language = reply.language
    if match.kind in (UNKNOWN, AMBIGUOUS) or (match.topic and match.confidence < UNSURE_CONFIDENCE):
        text = report_text(message.text)
        if text:
            member = reports.unknown_member(match.kind == UNKNOWN, language, text)
            reports.count_unknown(pipe, member, now, timezone)
