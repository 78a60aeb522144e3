"""What every CLI command needs: settings, a Redis URL (embedded when unset) and services."""

from __future__ import annotations

import atexit
import getpass
import os
from dataclasses import replace

from hotline.platform import Services, Settings, embedded_redis, logs
from hotline.wiring import build


def settings_with_redis() -> Settings:
    """Settings from the environment; without REDIS_URL, the local embedded Redis.

    Production never gets one: it refuses to start without REDIS_URL (and its secrets), since a
    private Redis would leave the worker serving an empty queue. Elsewhere the embedded server
    is started only if none runs yet, and stopped when this process exits only if this process
    started it. REDIS_URL is exported so child processes share it.
    """
    settings = Settings.from_env()
    settings.check_production()
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


def cli_actor() -> str:
    """Who acts from the command line, for the audit log: "cli:<system user>"."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in this container: still say it was the CLI
        return "cli"


def configure_logging(settings: Settings) -> None:
    """The hotline's logging (hotline/platform/logs.py), as in the web process: plain or JSON."""
    logs.configure(settings)
