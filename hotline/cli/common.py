"""What every CLI command needs: settings, a Redis URL (embedded when unset) and services."""

from __future__ import annotations

import atexit
import logging
import os
from dataclasses import replace

from hotline.platform import Services, Settings, embedded_redis
from hotline.wiring import build


def settings_with_redis() -> Settings:
    """Settings from the environment; without REDIS_URL, the local embedded Redis.

    The embedded server is started only if none runs yet, and stopped when this process exits
    only if this process started it. REDIS_URL is exported so child processes share it.
    """
    settings = Settings.from_env()
    if settings.redis_url:
        return settings
    url, started = embedded_redis.ensure_local(settings.var_dir)
    if started:
        atexit.register(started.stop)
    os.environ["REDIS_URL"] = url
    return replace(settings, redis_url=url)


def services() -> Services:
    """Services for a CLI command (content loaded, Redis connected)."""
    return build(settings_with_redis())


def configure_logging(level: int = logging.INFO) -> None:
    """Plain logs to stderr; they never carry numbers or message bodies."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
