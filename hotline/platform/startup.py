"""What every hotline process does before serving: check its settings, or refuse to start.

The web server (gunicorn reads hotline/platform/gunicorn_conf.py in its master process, before any
worker boots), the RQ worker and every CLI command build their `Settings` here first. A bad
value, a misspelt variable or a production process missing a secret or its shared Redis stops
the process with one line per problem on stderr and exit status 78 (EX_CONFIG), which the
systemd units in deploy/ treat as "do not restart": a crash loop would hide the message.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NoReturn, TypeVar

from hotline.platform import config_values as read
from hotline.platform.config import EX_CONFIG, ConfigError, Settings

DEFAULT_PORT = "5000"
PORT = read.integer(1, 65535)
PROCESSES = read.integer(1, 64)
THREADS = read.integer(1, 256)
T = TypeVar("T")


@dataclass(frozen=True)
class WebServer:
    """Where gunicorn listens and how many processes and threads it runs."""

    bind: str
    workers: int
    threads: int


def refusal_lines(error: ConfigError) -> list[str]:
    """The lines a refused start prints, each naming its variable."""
    return [f"hotline: {problem}" for problem in error.problems]


def refuse(error: ConfigError) -> NoReturn:
    """Print why this process cannot start and exit with EX_CONFIG (no traceback)."""
    for line in refusal_lines(error):
        print(line, file=sys.stderr)
    sys.stderr.flush()
    sys.exit(EX_CONFIG)


def web_settings() -> Settings:
    """The web process's settings: checked, production-complete, with a shared Redis.

    gunicorn never starts a Redis of its own (`hotline web` and `hotline run` do that for
    local runs and pass REDIS_URL on): without one every webhook would fail.
    """
    settings = Settings.from_env()
    settings.check_production()
    if not settings.redis_url:
        raise ConfigError(
            "REDIS_URL is not set: gunicorn needs the Redis its worker uses "
            "(for a local run, start `hotline web` or `hotline run`, which start one)"
        )
    return settings


def web_server(environ: Mapping[str, str]) -> WebServer:
    """gunicorn's address and sizing from PORT, GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_THREADS.

    A platform that sets PORT expects the server on every interface; otherwise loopback only.
    """
    port = _read(environ, "PORT", PORT, DEFAULT_PORT)
    host = "0.0.0.0" if environ.get("PORT") else "127.0.0.1"  # noqa: S104 - the platform's choice
    return WebServer(
        bind=environ.get("GUNICORN_BIND") or f"{host}:{port}",
        workers=int(_read(environ, "WEB_CONCURRENCY", PROCESSES, "2")),
        threads=int(_read(environ, "GUNICORN_THREADS", THREADS, "4")),
    )


def _read(environ: Mapping[str, str], name: str, reader: Callable[[str], T], default: str) -> T:
    raw = (environ.get(name) or "").strip() or default
    try:
        return reader(raw)
    except ValueError as error:
        raise ConfigError(f"{name}={raw!r}: {error}") from None
