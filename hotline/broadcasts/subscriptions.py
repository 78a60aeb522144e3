"""Topic subscriptions: the texters who asked, explicitly, to get a topic's news (SUIVRE SANTE).

Texters may be undocumented: the hotline never infers interest from what they ask about. A
subscription exists only because the texter sent the keyword and a topic, and it goes away with
STOP SANTE (that topic), bare STOP (every topic), OUBLIER (erasure) or, at the latest, with the
texter's own data (`purge_forgotten`, run by the daily retention sweep). Only texter ids (keyed
hashes) are stored, never numbers.

Keys (see `store`): one sorted set per topic, texter id -> subscribed-at (the audience
`topic:sante` pages it), and one set per texter of the topics they follow.

Lifecycle of one (texter, topic)::

    (none) --SUIVRE SANTE--> following --STOP SANTE | STOP | OUBLIER | data expired--> (none)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import cast

from hotline.content import Content
from hotline.platform import Services, store

INFO = "info"
EXTRA_TOPICS = ("atelier",)  # intent topics worth following: news of new workshops
PURGE_BATCH = 500


def followable(content: Content) -> tuple[str, ...]:
    """The topics a texter may follow: every info topic (menu order), then the extra ones."""
    info = [t for t in content.topics.values() if t.kind == INFO]
    ordered = sorted(info, key=lambda t: (t.menu or 99, t.id))
    extra = [topic for topic in EXTRA_TOPICS if topic in content.topics]
    return tuple(t.id for t in ordered) + tuple(extra)


def subscribe(services: Services, texter_id: str, topic: str, now: dt.datetime) -> bool:
    """Follow `topic`; False when the texter already did (their first date is kept)."""
    pipe = services.redis.pipeline()
    pipe.zadd(store.topic_subscribers(topic), {texter_id: now.timestamp()}, nx=True)
    pipe.sadd(store.texter_subscriptions(texter_id), topic)
    added, _ = pipe.execute()
    return bool(added)


def unsubscribe(services: Services, texter_id: str, topic: str) -> bool:
    """Stop following `topic`; False when the texter did not follow it."""
    pipe = services.redis.pipeline()
    pipe.zrem(store.topic_subscribers(topic), texter_id)
    pipe.srem(store.texter_subscriptions(texter_id), topic)
    removed, _ = pipe.execute()
    return bool(removed)


def is_following(services: Services, texter_id: str, topic: str) -> bool:
    """True when the texter follows `topic`."""
    return services.redis.zscore(store.topic_subscribers(topic), texter_id) is not None


def of_texter(services: Services, texter_id: str) -> list[str]:
    """The topics a texter follows, in followable order (unknown topics last)."""
    mine = cast("set[str]", services.redis.smembers(store.texter_subscriptions(texter_id)))
    order = {topic: n for n, topic in enumerate(followable(services.content))}
    return sorted(mine, key=lambda topic: (order.get(topic, len(order)), topic))


def remove_all(services: Services, texter_id: str) -> int:
    """Drop every subscription of a texter (STOP, erasure, retention); returns how many."""
    index = store.texter_subscriptions(texter_id)
    topics = cast("set[str]", services.redis.smembers(index))
    pipe = services.redis.pipeline()
    for topic in topics:
        pipe.zrem(store.topic_subscribers(topic), texter_id)
    pipe.delete(index)
    pipe.execute()
    return len(topics)


def count(services: Services, topic: str) -> int:
    """How many texters follow `topic` (a figure only, for coordinators)."""
    return int(services.redis.zcard(store.topic_subscribers(topic)))


def counts(services: Services) -> dict[str, int]:
    """Subscribers per followable topic, in followable order (zeros included)."""
    topics = followable(services.content)
    pipe = services.redis.pipeline(transaction=False)
    for topic in topics:
        pipe.zcard(store.topic_subscribers(topic))
    return dict(zip(topics, (int(n) for n in pipe.execute()), strict=True))


def purge_forgotten(services: Services) -> int:
    """Drop the subscriptions of texters whose state has expired; returns how many texters.

    A subscription must not outlive the texter's data: once the texter hash is gone (retention
    period without contact), the hotline has forgotten them and stops writing to them. ZSCAN
    pages each topic (removing members while scanning is safe: SCAN returns every member that
    stays), so memory stays flat however many follow a topic.
    """
    forgotten: set[str] = set()
    for key in services.redis.scan_iter(match=store.topic_subscribers("*"), count=PURGE_BATCH):
        for page in _pages(services, key):
            gone = _without_state(services, page)
            for texter_id in gone:
                remove_all(services, texter_id)
            if gone:
                services.redis.zrem(key, *gone)  # also members the texter's set did not list
            forgotten.update(gone)
    return len(forgotten)


def _pages(services: Services, key: str) -> Iterator[list[str]]:
    page: list[str] = []
    for texter_id, _ in services.redis.zscan_iter(key, count=PURGE_BATCH):
        page.append(texter_id)
        if len(page) >= PURGE_BATCH:
            yield page
            page = []
    if page:
        yield page


def _without_state(services: Services, texter_ids: list[str]) -> list[str]:
    """The texter ids whose state hash no longer exists (forgotten by retention)."""
    pipe = services.redis.pipeline(transaction=False)
    for texter_id in texter_ids:
        pipe.exists(store.texter(texter_id))
    return [tid for tid, known in zip(texter_ids, pipe.execute(), strict=True) if not known]
