"""Logs never carry a phone number or a message body: a full conversation, every logger at DEBUG.

The conversation (tests/full_conversation.py) goes through the signed webhook, the engine, every
handler family and the RQ jobs (run by a real RQ worker logging at DEBUG), then the texter
erases their data. Every captured record, arguments and tracebacks included, is searched for the
number in several spellings and for the free texts the texter sent or received.
"""

from __future__ import annotations

import logging

import pytest

import workers
from tests import full_conversation as conversation
from tests.conftest import inbound_form
from tests.jobs import drain

OUTBOUND_BODY = "Bonjour de la part de SOLEA"


@pytest.fixture
def debug_jobs(services, process_clock):
    """Like run_jobs, but RQ's own worker logs at DEBUG too."""
    workers.use(services)

    def run(until=None) -> int:
        return drain(services.rq_redis, until, process_clock, logging_level="DEBUG")

    yield run
    workers.use(None)


def rendered(record: logging.LogRecord) -> str:
    """Everything a log handler could write for this record."""
    text = f"{record.name} {record.getMessage()} {record.args!r}"
    if record.exc_info:
        text += logging.Formatter().formatException(record.exc_info)
    return text + (record.stack_info or "")


def test_a_full_conversation_logs_no_number_and_no_body(
    services, clock, signed_post, debug_jobs, caplog, content
):
    caplog.set_level(logging.DEBUG)
    for name in ("rq", "rq.worker", "rq.queue", "rq.job", "rq.scheduler"):
        caplog.set_level(logging.DEBUG, logger=name)
    post = lambda form: signed_post("/twilio/messages", form)  # noqa: E731
    conversation.run(services, post, debug_jobs, clock)
    post(inbound_form("OUBLIER OUI", sender=conversation.NUMBER))
    debug_jobs()

    logs = [rendered(record) for record in caplog.records]
    assert any("hotline.conversation.engine" in line for line in logs)
    assert any(line.startswith("rq.worker") for line in logs)  # RQ's records are in
    secrets = (
        *conversation.DIGITS,
        conversation.STAFF_NUMBER[3:],
        conversation.NOTE,
        conversation.FREE_TEXT,
        OUTBOUND_BODY,
        content.render("sante", "answer", "fr", "sms")[:40],
    )
    leaks = [line for line in logs if any(secret in line for secret in secrets)]
    assert leaks == []
