"""Broadcast audiences, streamed from Redis in batches so memory stays flat as they grow.

An audience is written as the coordinator types it:

    registrants:3   texters holding a seat at workshop 3
    language:ar     texters whose language is Arabic (French when they have none)
    recent:30       texters who wrote in the last 30 days (sorted-set index by last inbound)
    topic:sante     texters who follow a topic (they sent SUIVRE SANTE: `hotline.subscriptions`)
    all             every texter the hotline still remembers

A topic audience is only ever the texters who opted in to that topic, explicitly; it is checked
against the followable content topics when its batches are asked for (`batches` raises
AudienceError for an unknown topic, before anything is saved).

Each batch is read with SCAN / ZRANGE paging and one pipeline for the batch's state (language,
channel, whether a number is stored, opt-out), so a 100,000-texter audience never sits in
memory at once. SCAN may return a key twice; the outbound idempotency key absorbs that.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from hotline.broadcasts import subscriptions
from hotline.languages import LANGUAGES
from hotline.platform import Services, store

BATCH = 1000
COUNTS_TTL = 120  # seconds the per-language counts of the console's audience picker are kept
KINDS = ("registrants", "language", "recent", "topic", "all")
_TEXTER_PATTERN = store.texter("*")
_TEXTER_PREFIX = store.texter("")


class AudienceError(ValueError):
    """The audience text is not one of the forms above (`code` "audience"), or names a topic
    texters cannot follow (`code` "audience_topic"); the console says which in words."""

    def __init__(self, message: str, code: str = "audience"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Audience:
    """A parsed audience: its kind and argument (workshop number, language, days)."""

    kind: str
    argument: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.argument}" if self.argument else self.kind


@dataclass(frozen=True)
class Recipient:
    """One texter of an audience, with what planning needs to know about them."""

    texter_id: str
    language: str
    channel: str
    opted_out: bool
    reachable: bool  # a number is stored (not forgotten)


def parse(text: str) -> Audience:
    """Read "registrants:3", "language:ar", "recent:30", "topic:sante" or "all"."""
    kind, _, argument = text.strip().partition(":")
    kind, argument = kind.lower(), argument.strip().lower()
    if kind == "all" and not argument:
        return Audience("all")
    if kind == "language" and argument in LANGUAGES:
        return Audience(kind, argument)
    if kind in ("registrants", "recent") and argument.isdigit() and int(argument) > 0:
        return Audience(kind, argument)
    if kind == "topic" and argument.replace("_", "").isalpha() and argument.isascii():
        return Audience(kind, argument)
    raise AudienceError(
        f"unknown audience {text!r}: use registrants:ID, language:xx, recent:N, topic:ID, all"
    )


def check(services: Services, audience: Audience) -> None:
    """Refuse a topic audience whose topic cannot be followed (a typo, or not a content topic)."""
    if audience.kind != "topic":
        return
    followable = subscriptions.followable(services.content)
    if audience.argument not in followable:
        raise AudienceError(
            f"unknown topic {audience.argument!r} for topic:ID: "
            f"texters can follow {', '.join(followable)}",
            "audience_topic",
        )


def language_counts(services: Services) -> dict[str, int]:
    """Texters a broadcast can reach, per language (opted out and forgotten left out).

    A full scan of the texters, so the console's audience picker reads it through a short cache
    (`store.audience_language_counts`, COUNTS_TTL seconds) instead of on every page.
    """
    cached = services.redis.get(store.audience_language_counts())
    if cached:
        return json.loads(cached)
    counts = dict.fromkeys(LANGUAGES, 0)
    for chunk in _scan_texters(services, BATCH):
        for row in _describe(services, chunk):
            if row.reachable and not row.opted_out and row.language in counts:
                counts[row.language] += 1
    services.redis.set(store.audience_language_counts(), json.dumps(counts), ex=COUNTS_TTL)
    return counts


def batches(services: Services, audience: Audience, size: int = BATCH) -> Iterator[list[Recipient]]:
    """The audience in batches of at most `size` recipients (possibly fewer after filtering)."""
    check(services, audience)  # eager: raised when called, before the first batch is read
    return _batches(services, audience, size)


def _batches(services: Services, audience: Audience, size: int) -> Iterator[list[Recipient]]:
    ids = _ids(services, audience, size)
    wanted = audience.argument if audience.kind == "language" else ""
    for chunk in ids:
        rows = _describe(services, chunk)
        yield [r for r in rows if not wanted or r.language == wanted]


def _ids(services: Services, audience: Audience, size: int) -> Iterator[list[str]]:
    if audience.kind == "registrants":
        return _zset_pages(services, store.workshop_registered(audience.argument), size)
    if audience.kind == "recent":
        since = services.clock() - dt.timedelta(days=int(audience.argument))
        return _zset_pages(services, store.texters_by_last_inbound(), size, since.timestamp())
    if audience.kind == "topic":
        return _zset_pages(services, store.topic_subscribers(audience.argument), size)
    return _scan_texters(services, size)


def _zset_pages(
    services: Services, key: str, size: int, min_score: float | None = None
) -> Iterator[list[str]]:
    """Members of a sorted set, oldest first, page by page (ZRANGE BYSCORE … LIMIT)."""
    low = "-inf" if min_score is None else min_score
    offset = 0
    while True:
        page = cast(
            "list[str]", services.redis.zrangebyscore(key, low, "+inf", start=offset, num=size)
        )
        if page:
            yield page
        if len(page) < size:
            return
        offset += size


def _scan_texters(services: Services, size: int) -> Iterator[list[str]]:
    """Every texter id, via SCAN (never KEYS), skipping keys that are not a texter hash."""
    chunk: list[str] = []
    for key in services.redis.scan_iter(match=_TEXTER_PATTERN, count=size):
        texter_id = key[len(_TEXTER_PREFIX) :]
        if ":" in texter_id:
            continue
        chunk.append(texter_id)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _describe(services: Services, texter_ids: list[str]) -> list[Recipient]:
    pipe = services.redis.pipeline(transaction=False)
    for texter_id in texter_ids:
        pipe.hmget(store.texter(texter_id), "lang", "channel", "phone")
        pipe.exists(store.opt_out(texter_id))
    answers = pipe.execute()
    default = services.settings.default_language
    rows = []
    for index, texter_id in enumerate(texter_ids):
        (language, channel, phone), opted_out = answers[2 * index], answers[2 * index + 1]
        rows.append(
            Recipient(
                texter_id, language or default, channel or "sms", bool(opted_out), bool(phone)
            )
        )
    return rows
