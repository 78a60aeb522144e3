"""Logs without phone numbers: third-party loggers kept at WARNING, every record scrubbed.

Our own log lines name a texter by a short keyed hash, never by number
(hotline/platform/privacy.py).
Other libraries know nothing of that: twilio's HTTP client logs every request's parameters
(`Query Params: {'To': '+32…'}`) at INFO, during each reconciliation lookup; urllib3, requests
and httpx log URLs (googletrans puts the text to translate in its URL); RQ logs a failed job's
exception and traceback, which for a provider refusal quotes the number. So every process
(`services.build`) keeps those loggers at WARNING and installs a log record factory that masks
any phone number in a record's message, traceback and stack (`privacy.scrub`) before a handler
sees it: whatever a library decides to log, the number does not reach the log.
"""

from __future__ import annotations

import logging
from typing import Any

from hotline.platform.privacy import scrub

THIRD_PARTIES = ("twilio", "urllib3", "requests", "httpx", "httpcore", "googletrans")
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
