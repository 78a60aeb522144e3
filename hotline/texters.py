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
import redis

from hotline import store

EXPLICIT = "explicit"
INFERRED = "inferred"

# Country calling code -> the hotline language most texters from there read.
COUNTRY_LANGUAGES = {
    40: "ro", 373: "ro",
    90: "tr",
    355: "sq", 383: "sq",
    93: "fa", 98: "fa", 992: "fa",
    34: "es", 52: "es", 53: "es", 54: "es", 56: "es", 57: "es", 58: "es", 51: "es",
    591: "es", 593: "es", 595: "es", 598: "es", 502: "es", 503: "es", 504: "es", 505: "es",
    506: "es", 507: "es", 240: "es",
    212: "ar", 213: "ar", 216: "ar", 218: "ar", 20: "ar", 963: "ar", 964: "ar", 961: "ar",
    962: "ar", 966: "ar", 249: "ar", 970: "ar", 965: "ar", 971: "ar", 974: "ar", 967: "ar",
    222: "ar", 968: "ar", 973: "ar",
    31: "nl", 597: "nl",
    33: "fr", 243: "fr", 242: "fr", 225: "fr", 221: "fr", 237: "fr", 224: "fr", 223: "fr",
    226: "fr", 227: "fr", 228: "fr", 229: "fr", 235: "fr", 236: "fr", 241: "fr", 250: "fr",
    257: "fr", 261: "fr", 509: "fr",
    44: "en", 1: "en", 234: "en", 233: "en", 231: "en", 232: "en", 254: "en", 256: "en",
    255: "en", 260: "en", 263: "en", 220: "en", 353: "en", 61: "en", 27: "en",
}  # fmt: skip


@dataclass(frozen=True)
class Texter:
    """What the hotline remembers about one number."""

    id: str
    language: str = ""
    language_source: str = ""
    last_menu: str = ""
    opted_out: bool = False
    last_inbound: float = 0.0
    channel: str = ""
    has_phone: bool = False  # the encrypted number is stored (no need to encrypt it again)

    @property
    def is_new(self) -> bool:
        """A texter the hotline has not heard from (or has forgotten)."""
        return not self.last_inbound


def guess_language(number: str) -> str:
    """The language suggested by a number's country code, or "" when it suggests none."""
    try:
        country = phonenumbers.parse(number).country_code
    except phonenumbers.NumberParseException:
        return ""
    return COUNTRY_LANGUAGES.get(country, "")


def load(client: redis.Redis, texter_id: str) -> Texter:
    """The stored state of one texter (defaults for a new one)."""
    pipe = client.pipeline(transaction=False)  # two reads, one round trip: no MULTI/EXEC needed
    read(pipe, texter_id)
    return from_replies(texter_id, pipe.execute())


LOAD_REPLIES = 2  # how many pipeline replies `read` adds


def read(pipe: redis.client.Pipeline, texter_id: str) -> None:
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
        opted_out=bool(opted_out),
        last_inbound=float(data.get("last_inbound") or 0),
        channel=data.get("channel", ""),
        has_phone=bool(data.get("phone")),
    )


def record_inbound(
    client: redis.Redis,
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
    fields = {"channel": channel, "last_inbound": when}
    if phone_token:
        fields["phone"] = phone_token
    client.hset(key, mapping=fields)
    client.expire(key, retention_days * store.DAY)
    # The "who wrote lately" index for broadcast audiences; forgotten texters drop out of it.
    client.zadd(store.texters_by_last_inbound(), {texter.id: when})
    client.zremrangebyscore(store.texters_by_last_inbound(), 0, when - retention_days * store.DAY)


def set_language(client: redis.Redis, texter_id: str, language: str, source: str) -> None:
    """Store a language choice (EXPLICIT) or guess (INFERRED)."""
    client.hset(store.texter(texter_id), mapping={"lang": language, "lang_src": source})


def set_last_menu(client: redis.Redis, texter_id: str, menu: str) -> None:
    """Remember which numbered list the texter saw last, so that "3" means its third item."""
    client.hset(store.texter(texter_id), "menu", menu)


def set_opted_out(client: redis.Redis, texter_id: str, opted_out: bool) -> None:
    """Record STOP (no reminders or broadcasts) or START; kept without expiry."""
    if opted_out:
        client.set(store.opt_out(texter_id), int(time.time()))
    else:
        client.delete(store.opt_out(texter_id))


def is_opted_out(client: redis.Redis, texter_id: str) -> bool:
    """True when this texter asked not to receive unsolicited messages."""
    return bool(client.exists(store.opt_out(texter_id)))


def phone_token(client: redis.Redis, texter_id: str) -> str:
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
