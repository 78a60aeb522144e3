"""Logs: one set-up for every process, and never a phone number in them.

**One set-up.** The web process (gunicorn and its workers), the RQ worker and the CLI write the
same lines to stderr: the time (UTC, ISO 8601 with milliseconds), the level, the logger and the
message; `HOTLINE_LOG_FORMAT=json` writes the same as one JSON object per line
(python-json-logger) for a log collector. systemd's journal, Docker and platform log drains pick
stderr up. Under gunicorn the same dictionary is gunicorn's `logconfig_dict`
(hotline/platform/gunicorn_conf.py), so gunicorn's own lines look the same and the app's INFO
lines (logins, webhooks) are not dropped by Python's last-resort handler, which only shows
warnings.

**No numbers.** Our own log lines name a texter by a short keyed hash, never by number
(hotline/platform/privacy.py). Other libraries know nothing of that: twilio's HTTP client logs
every request's parameters (`Query Params: {'To': '+32…'}`) at INFO, during each reconciliation
lookup; urllib3, requests and httpx log URLs (googletrans puts the text to translate in its
URL); RQ logs a failed job's exception and traceback, which for a provider refusal quotes the
number. So every process (`services.build`, and `configure` here) keeps those loggers at WARNING
and installs a log record factory that masks any phone number in a record's message, traceback
and stack (`privacy.scrub`) before a handler sees it: whatever a library decides to log, the
number does not reach the log.
"""

from __future__ import annotations

import logging
import logging.config
import time
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from hotline.platform.config import JSON, Settings
from hotline.platform.privacy import scrub

THIRD_PARTIES = ("twilio", "urllib3", "requests", "httpx", "httpcore", "googletrans")
FIELDS = ("asctime", "levelname", "name", "message")
PLAIN_FORMAT = " ".join(f"%({name})s" for name in FIELDS)
JSON_NAMES = {"asctime": "time", "levelname": "level", "name": "logger"}
_base_factory = logging.getLogRecordFactory()


def quiet_third_parties() -> None:
    """Keep the HTTP libraries' loggers at WARNING, whatever the root level (DEBUG included)."""
    for name in THIRD_PARTIES:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:  # NOTSET (0) would inherit the root's level
            logger.setLevel(logging.WARNING)


def install() -> None:
    """Quiet the third parties and scrub every record of this process (idempotent)."""
    quiet_third_parties()
    if logging.getLogRecordFactory() is not _scrubbed_record:
        logging.setLogRecordFactory(_scrubbed_record)


def _scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    return scrub_record(_base_factory(*args, **kwargs))


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask numbers in the record's message, traceback and stack; untouched when none is there."""
    try:
        text = record.getMessage()
    except (TypeError, ValueError):  # a malformed call: logging reports it when it is emitted
        return record
    masked = scrub(text)
    if masked != text:
        record.msg, record.args = masked, ()
    if record.exc_info:
        trace = logging.Formatter().formatException(record.exc_info)
        masked = scrub(trace)
        if masked != trace:  # handlers then write the masked text instead of formatting it
            record.exc_text, record.exc_info = masked, None
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    return record


class _UtcIsoTime(logging.Formatter):
    """Times as 2026-11-23T09:30:00.123Z, whatever the server's time zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """The record's creation time in UTC, to the millisecond."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"


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
    """Set up this process's logging (the worker and the CLI; gunicorn reads `dict_config`)."""
    logging.config.dictConfig(dict_config(settings))
    install()  # after dictConfig: a root level of DEBUG must not wake the HTTP libraries
