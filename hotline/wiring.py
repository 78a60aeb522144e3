"""Wiring: build the `Services` of one process: Redis, the content, its understanding, privacy.

The web app, the workers and the CLI all call `build`, so every entry point is wired the same
way. It sits above content and understanding (it loads one and indexes the other) and below
the entry points that call it.

Content is loaded once per process, so after the translators' CSV is imported from the console
every process must load it again: the importer calls `reload_content` in its own process and
`announce_content_reload` publishes on a Redis channel that `watch_content` (a daemon thread
started by the web app and the workers) listens to.
"""

from __future__ import annotations

import logging
import threading
import time

import redis

from hotline import content as content_store
from hotline.platform import ConfigError, Privacy, Services, Settings, load_key, logs, store
from hotline.understanding import Understanding

log = logging.getLogger("hotline.wiring")
RETRY_SECONDS = 5.0  # the watcher's pause after losing Redis, before it subscribes again


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


def reload_content(services: Services) -> bool:
    """Load `content/` again and swap it in with its index; False (and the old content kept)
    when it does not load."""
    try:
        loaded = content_store.load(services.settings.content_dir)
    except content_store.ContentError as error:
        log.error("content reload refused, the old content stays: %s", error)
        return False
    services.content, services.understanding = loaded, Understanding(loaded)
    log.info("content reloaded: %d topics", len(loaded.topics))
    return True


def announce_content_reload(services: Services) -> int:
    """Tell every process to reload the content; returns how many listeners heard it."""
    return int(services.redis.publish(store.content_reloads(), "reload"))


def watch_content(services: Services) -> threading.Thread:
    """Start a daemon thread that reloads the content whenever a reload is announced."""
    thread = threading.Thread(target=_watch, args=(services,), name="content-watch", daemon=True)
    thread.start()
    return thread


def _watch(services: Services) -> None:
    while True:
        try:
            _listen(services)
        except redis.RedisError as error:  # Redis restarting: subscribe again shortly
            log.warning("content watch lost Redis (%s); retrying", type(error).__name__)
            time.sleep(RETRY_SECONDS)


def _listen(services: Services) -> None:
    client = store.connect(services.settings.redis_url)
    client.connection_pool.connection_kwargs["socket_timeout"] = None  # wait for messages
    with client.pubsub(ignore_subscribe_messages=True) as pubsub:
        pubsub.subscribe(store.content_reloads())
        for message in pubsub.listen():
            if message and message.get("type") == "message":
                reload_content(services)
