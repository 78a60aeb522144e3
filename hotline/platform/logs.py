"""One logging set-up for the web process (gunicorn and its workers), the RQ worker and the CLI.

Every line carries the time (UTC, ISO 8601 with milliseconds), the level, the logger and the
message; `HOTLINE_LOG_FORMAT=json` writes the same as one JSON object per line
(python-json-logger) for a log collector. Everything goes to stderr, where systemd's journal,
Docker and platform log drains pick it up. Under gunicorn the same dictionary is gunicorn's
`logconfig_dict` (hotline/platform/gunicorn_conf.py), so gunicorn's own lines look the same and the
app's INFO lines (logins, webhooks) are not dropped by Python's last-resort handler, which only
shows warnings.

Privacy: the code logs texters by `Privacy.log_id` only and never a message body. As a safety
net, anything that still looks like a phone number or a WhatsApp user id ("+32470123456", also
inside a traceback) is replaced by "[number]" (`privacy.scrub_numbers`) before the line is
written.
"""

from __future__ import annotations

import logging
import logging.config
import time
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from hotline.platform.config import JSON, Settings
from hotline.platform.privacy import scrub_numbers

FIELDS = ("asctime", "levelname", "name", "message")
PLAIN_FORMAT = " ".join(f"%({name})s" for name in FIELDS)
JSON_NAMES = {"asctime": "time", "levelname": "level", "name": "logger"}


class _UtcIsoTime(logging.Formatter):
    """Times as 2026-11-23T09:30:00.123Z, whatever the server's time zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """The record's creation time in UTC, to the millisecond."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        """The formatted line with anything that looks like a phone number masked."""
        return scrub_numbers(super().format(record))


class PlainFormatter(_UtcIsoTime):
    """`2026-11-23T09:30:00.123Z INFO hotline.console.login login email=… role=staff`."""

    def __init__(self) -> None:
        super().__init__(PLAIN_FORMAT)


class JsonLineFormatter(_UtcIsoTime, JsonFormatter):
    """`{"time": "…", "level": "INFO", "logger": "hotline.console.login", "message": "…"}`."""

    def __init__(self) -> None:
        super().__init__(list(FIELDS), rename_fields=JSON_NAMES)


def dict_config(settings: Settings) -> dict[str, Any]:
    """The logging configuration (for `logging.config.dictConfig` and gunicorn)."""
    formatter = JsonLineFormatter if settings.log_format == JSON else PlainFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"hotline": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "hotline",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": settings.log_level.upper(), "handlers": ["stderr"]},
        # gunicorn's loggers lose their own handlers and go through ours.
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
        },
    }


def configure(settings: Settings) -> None:
    """Set up this process's logging (the worker and the CLI; gunicorn does it itself)."""
    logging.config.dictConfig(dict_config(settings))
