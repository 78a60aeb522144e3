"""Twilio's errors name the number they refused: it is masked wherever an error is stored or
logged (the outbound record, RQ's failed-job registry, the worker's log, the HTTP client's log),
and OUBLIER OUI deletes the texter's failed jobs.

The fake Twilio answers with Twilio's own wording ("The 'To' number +32… is not a valid phone
number."), as the real one does: a fake with clean messages is how this went unseen.
"""

from __future__ import annotations

import dataclasses
import logging

import pytest
from rq.registry import FailedJobRegistry

from hotline.conversation import engine
from hotline.conversation.inbound import InboundMessage
from hotline.outbound import attempts
from hotline.outbound import messages as outbound
from hotline.platform import queues
from tests import full_conversation as conversation
from tests.conftest import inbound_form
from tests.platform.test_privacy_logs import rendered

NUMBER = conversation.NUMBER
MASKED = "+32 4•• •• •• 36"


@pytest.fixture
def texter(services, signed_post):
    signed_post("/twilio/messages", inbound_form("SANTE", sender=NUMBER))
    return services.privacy.texter_id(NUMBER)


def send(services, key: str = "k1") -> str:
    return outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel="sms", purpose="test", idempotency_key=key, body="Bonjour"
        ),
    )


def failed_job_ids(services) -> list[str]:
    return FailedJobRegistry(queue=queues.queue(services.rq_redis, queues.URGENT)).get_job_ids()


def explode(number: str) -> None:
    """A job whose exception quotes a number (any library could raise one like it)."""
    raise ValueError(f"cannot reach {number}")


def test_the_fake_speaks_like_twilio(fake_twilio):
    fake_twilio.fail_next(21211, 21614)
    _, invalid = fake_twilio.create({"To": NUMBER, "From": "+32460000000", "Body": "x"})
    _, landline = fake_twilio.create({"To": NUMBER, "From": "+32460000000", "Body": "x"})
    assert invalid["message"] == f"The 'To' number {NUMBER} is not a valid phone number."
    assert landline["message"] == f"To number: {NUMBER}, is not a mobile number"


@pytest.mark.parametrize(("code", "words"), [(21211, "not a valid phone"), (21614, "mobile")])
def test_the_record_keeps_the_code_and_a_masked_number(
    services, twilio_mode, run_jobs, code, words
):
    twilio_mode.fail_next(code)
    message_id = send(services)
    run_jobs()
    record = outbound.load(services.redis, message_id)
    assert record.error_code == str(code)
    assert MASKED in record.error and words in record.error
    assert conversation.containing(services.rq_redis, conversation.DIGITS) == []


def test_the_failed_job_registry_holds_no_number(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(21408)  # an unknown refusal: the job fails visibly, for staff
    message_id = send(services)
    run_jobs()
    assert outbound.load(services.redis, message_id).status == outbound.FAILED
    [job_id] = failed_job_ids(services)
    assert conversation.containing(services.rq_redis, conversation.DIGITS) == []
    trace = (
        queues.queue(services.rq_redis, queues.URGENT).fetch_job(job_id).latest_result().exc_string
    )
    assert "SendError" in trace and f"'To' number: {MASKED}." in trace  # staff still see why


def test_any_failed_jobs_exception_text_is_masked(services, run_jobs):
    rq_queue = queues.queue(services.rq_redis, queues.URGENT)
    rq_queue.enqueue(f"{__name__}.explode", "+32 470 12 34 36")
    run_jobs()
    assert len(failed_job_ids(services)) == 1
    leaks = conversation.containing(services.rq_redis, ("470 12 34 36", "32470123436"))
    assert leaks == [f"rq:job:{failed_job_ids(services)[0]}"]  # its argument, nowhere else
    [job_id] = failed_job_ids(services)
    trace = rq_queue.fetch_job(job_id).latest_result().exc_string
    assert f"ValueError: cannot reach {MASKED}" in trace


def test_logs_at_debug_carry_no_number(services, twilio_mode, run_jobs, caplog):
    caplog.set_level(logging.DEBUG)  # a deployment logging everything, every library included
    twilio_mode.fail_next(21408, 21211)  # (after 21211 the number is unusable: nothing sent)
    send(services, "k1")
    send(services, "k2")
    run_jobs()
    record = outbound.load(services.redis, send(services, "k3"))
    attempts.earlier_attempt(services, dataclasses.replace(record, attempt_at=0.0))  # reconciling
    logs = [rendered(entry) for entry in caplog.records]
    assert any(line.startswith("rq.worker") and MASKED in line for line in logs)
    assert [line for line in logs if any(d in line for d in conversation.DIGITS)] == []
    assert not [r for r in caplog.records if r.name.startswith(("twilio", "urllib3"))]


def test_erasure_deletes_the_texters_failed_jobs(services, texter, twilio_mode, run_jobs):
    twilio_mode.fail_next(21408)
    message_id = send(services)
    other = outbound.queue(
        services,
        outbound.OutboundRequest(
            to="+32470000777",
            channel="sms",
            purpose="test",
            idempotency_key="other",
            body="Bonjour",
        ),
    )
    twilio_mode.fail_for("+32470000777", 21408)
    run_jobs()
    assert len(failed_job_ids(services)) == 2
    engine.handle(InboundMessage("sms", NUMBER, "OUBLIER OUI"), services)
    [left] = failed_job_ids(services)
    assert left == outbound.load(services.redis, other).job_id
    assert conversation.containing(services.rq_redis, (texter, *conversation.DIGITS)) == []
    rq_keys = [k for k in conversation.containing(services.rq_redis, (message_id,)) if "rq:" in k]
    assert rq_keys == []  # the job, its results and registry entries
