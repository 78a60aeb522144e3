"""Per-texter state: language (explicit or inferred), last menu, last inbound time, opt-out.

A texter is known only by the keyed hash of their number (`privacy.Privacy.texter_id`); the
number itself is stored encrypted, for the outbound messages that must reach it. State expires
after the retention period without contact. The opt-out lives under its own key without expiry:
it is the one thing the hotline must remember about someone who asked for silence.

Language lifecycle::

    (none) --keyword in a language / country code--> inferred --LANGUE, a language name--> explicit
    inferred may be updated by later keywords; explicit changes only by another explicit choice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import phonenumbers

from hotline import languages
from hotline.platform import DecodedPipeline, DecodedRedis, store

EXPLICIT = "explicit"
INFERRED = "inferred"


@dataclass(frozen=True)
class Texter:
    """What the hotline remembers about one number."""

    id: str
    language: str = ""
    language_source: str = ""
    last_menu: str = ""
    last_shown: tuple[str, ...] = ()  # the items of that list the texter was actually shown
    opted_out: bool = False
    last_inbound: float = 0.0
    channel: str = ""
    has_phone: bool = False  # the encrypted number is stored (no need to encrypt it again)

    @property
    def is_new(self) -> bool:
        """A texter the hotline has not heard from (or has forgotten)."""
        return not self.last_inbound


def guess_language(number: str) -> str:
    """The language suggested by a number's country code, or "" when it suggests none.

    A WhatsApp user id ("MA.1234…") starts with its country: that country's calling code."""
    if number[:2].isalpha() and number[2:3] == ".":
        return languages.for_calling_code(phonenumbers.country_code_for_region(number[:2]))
    try:
        country = phonenumbers.parse(number).country_code
    except phonenumbers.NumberParseException:
        return ""
    return languages.for_calling_code(country) if country else ""  # None: no country code


def load(client: DecodedRedis, texter_id: str) -> Texter:
    """The stored state of one texter (defaults for a new one)."""
    pipe = client.pipeline(transaction=False)  # two reads, one round trip: no MULTI/EXEC needed
    read(pipe, texter_id)
    return from_replies(texter_id, pipe.execute())


LOAD_REPLIES = 2  # how many pipeline replies `read` adds


def read(pipe: DecodedPipeline, texter_id: str) -> None:
    """Queue the reads of `load` on a pipeline (the engine batches them with its own reads)."""
    pipe.hgetall(store.texter(texter_id))
    pipe.exists(store.opt_out(texter_id))


def from_replies(texter_id: str, replies: list) -> Texter:
    """The Texter from the `LOAD_REPLIES` replies of `read`."""
    data, opted_out = replies
    return Texter(
        id=texter_id,
        language=data.get("lang", ""),
        language_source=data.get("lang_src", ""),
        last_menu=data.get("menu", ""),
        last_shown=tuple(item for item in data.get("shown", "").split(",") if item),
        opted_out=bool(opted_out),
        last_inbound=float(data.get("last_inbound") or 0),
        channel=data.get("channel", ""),
        has_phone=bool(data.get("phone")),
    )


def record_inbound(
    client: DecodedRedis,
    texter: Texter,
    *,
    phone_token: str,
    channel: str,
    retention_days: int,
    now: float | None = None,
) -> None:
    """Remember that this texter wrote now, on which channel, and renew the retention clock.

    Only issues commands: pass a pipeline to batch them with the engine's other writes.
    `phone_token` may be "" when the texter's encrypted number is already stored.
    """
    key = store.texter(texter.id)
    when = now or time.time()
    fields: dict[str, str | float] = {"channel": channel, "last_inbound": when}
    if phone_token:
        fields["phone"] = phone_token
    client.hset(key, mapping=fields)
    client.expire(key, retention_days * store.DAY)
    # The "who wrote lately" index for broadcast audiences; forgotten texters drop out of it.
    client.zadd(store.texters_by_last_inbound(), {texter.id: when})
    client.zremrangebyscore(store.texters_by_last_inbound(), 0, when - retention_days * store.DAY)


def set_language(client: DecodedRedis, texter_id: str, language: str, source: str) -> None:
    """Store a language choice (EXPLICIT) or guess (INFERRED)."""
    client.hset(store.texter(texter_id), mapping={"lang": language, "lang_src": source})


def set_last_menu(
    client: DecodedRedis, texter_id: str, menu: str, shown: tuple[str, ...] = ()
) -> None:
    """Remember which numbered list the texter saw last, so that "3" means its third item.

    `shown` holds the item numbers the reply really showed (a list cut to fit an SMS shows
    fewer than it has): a bare number may only pick one of those.
    """
    client.hset(store.texter(texter_id), mapping={"menu": menu, "shown": ",".join(shown)})


def set_opted_out(client: DecodedRedis, texter_id: str, opted_out: bool) -> None:
    """Record STOP (no reminders or broadcasts) or START; kept without expiry."""
    if opted_out:
        client.set(store.opt_out(texter_id), int(time.time()))
    else:
        client.delete(store.opt_out(texter_id))


def is_opted_out(client: DecodedRedis, texter_id: str) -> bool:
    """True when this texter asked not to receive unsolicited messages."""
    return bool(client.exists(store.opt_out(texter_id)))


def phone_token(client: DecodedRedis, texter_id: str) -> str:
    """The encrypted number of a texter, for sending; "" when forgotten."""
    return client.hget(store.texter(texter_id), "phone") or ""


def resolve_language(
    texter: Texter,
    keyword_languages: tuple[str, ...],
    number: str,
    default: str,
    sure: bool = True,
) -> tuple[str, str]:
    """The language to answer in and whether to store it as a new inference.

    An explicit choice always wins. Otherwise the language the text is in wins (preferring
    the current, the country's or the default language when it may be in several, else the
    likeliest); without a language, the stored inference, then the country code, then the
    default. A guess that is not `sure` (a typo's language) never replaces a stored language.
    Returns (language, language_to_store), the second empty when nothing should change.
    """
    if texter.language_source == EXPLICIT:
        return texter.language, ""
    if texter.language and not sure:
        return texter.language, ""
    if len(keyword_languages) == 1:
        return keyword_languages[0], _changed(texter, keyword_languages[0])
    if texter.language and (not keyword_languages or texter.language in keyword_languages):
        return texter.language, ""
    country = guess_language(number)  # parsing the number is the slow part: only when needed
    for preferred in (country, default):
        if preferred and (not keyword_languages or preferred in keyword_languages):
            return preferred, _changed(texter, preferred)
    chosen = keyword_languages[0] if keyword_languages else default
    return chosen, _changed(texter, chosen)


def _changed(texter: Texter, language: str) -> str:
    return language if language != texter.language else ""
