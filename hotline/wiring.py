"""Wiring: build the `Services` of one process: Redis, the content, its understanding, privacy.

The web app, the workers and the CLI all call `build`, so every entry point is wired the same
way. It sits above content and understanding (it loads one and indexes the other) and below
the entry points that call it.
"""

from __future__ import annotations

from hotline import content as content_store
from hotline.platform import ConfigError, Privacy, Services, Settings, load_key, logs, store
from hotline.understanding import Understanding


def build(settings: Settings, content: content_store.Content | None = None) -> Services:
    """Connect to Redis and load the content; fails loudly on broken content or settings.

    Every process builds its services here, so this is also where its logging stops carrying
    numbers (`logs.install`: third-party loggers at WARNING, every record scrubbed).
    """
    logs.install()
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
