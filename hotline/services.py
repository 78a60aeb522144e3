"""The long-lived collaborators of one process, built once from the settings.

The web app, the workers and the CLI all answer texters through the same objects: one Redis
connection pool for domain data, one for RQ (which needs raw bytes), the validated content, the
understanding of texts built from it, and the privacy keys. Building them here keeps every entry
point wired the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import redis

from hotline import content as content_store
from hotline import store
from hotline.config import ConfigError, Settings
from hotline.privacy import Privacy, load_key
from hotline.understanding import Understanding


def utc_now() -> dt.datetime:
    """The current time, timezone-aware (UTC); injected so tests can move the clock."""
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    """Everything a handler, a job or a view needs besides the message itself."""

    settings: Settings
    redis: redis.Redis
    rq_redis: redis.Redis
    content: content_store.Content
    understanding: Understanding
    privacy: Privacy
    clock: Callable[[], dt.datetime] = utc_now
    extras: dict[str, object] = field(default_factory=dict)


def build(settings: Settings, content: content_store.Content | None = None) -> Services:
    """Connect to Redis and load the content; fails loudly on broken content or settings."""
    if not settings.redis_url:
        raise ConfigError("REDIS_URL is not set (the CLI starts an embedded Redis for local runs)")
    loaded = content or content_store.load(settings.content_dir)
    return Services(
        settings=settings,
        redis=store.connect(settings.redis_url),
        rq_redis=store.connect(settings.redis_url, decode=False),
        content=loaded,
        understanding=Understanding(loaded),
        privacy=Privacy(load_key(settings)),
    )
