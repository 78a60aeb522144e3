"""The send job against a fake Twilio: retries, error codes, never twice, window, quiet hours."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time

from rq.registry import FailedJobRegistry, ScheduledJobRegistry

from hotline.outbound import attempts
from hotline.outbound import messages as outbound
from hotline.platform import queues
from hotline.texters import state as texters
from tests.clock import later, on_day
from tests.fake_twilio import DiesAfterSending

NUMBER = "+32470123456"


def queue(services, key="k1", channel="sms", **extra):
    args = {"body": "Bonjour"} if "topic" not in extra else {}
    return outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel=channel, purpose="test", idempotency_key=key, **args, **extra
        ),
    )


def status(services, message_id):
    return outbound.get(services, message_id)["status"]


def failed_jobs(services):
    return FailedJobRegistry(queue=queues.queue(services.rq_redis, queues.URGENT)).get_job_ids()


def inbound(services, channel="whatsapp", at=None):
    tid = services.privacy.texter_id(NUMBER)
    texter = texters.load(services.redis, tid)
    texters.record_inbound(
        services.redis, texter, phone_token=services.privacy.encrypt(NUMBER), channel=channel,
        retention_days=90, now=at or time.time(),
    )  # fmt: skip
    return tid


def test_twilio_send_records_sid_and_parameters(services, twilio_mode, run_jobs):
    message_id = queue(services)
    run_jobs()
    [sent] = twilio_mode.accepted
    [form] = twilio_mode.requests
    record = outbound.get(services, message_id)
    assert record["status"] == outbound.SENT and record["sid"] == sent["sid"]
    assert form["To"] == NUMBER and form["From"] == "+32460000000" and form["Body"] == "Bonjour"
    assert form["StatusCallback"] == f"https://hotline.example.org/twilio/status?m={message_id}"


def test_whatsapp_reply_goes_from_whatsapp_number(services, twilio_mode, run_jobs):
    queue(services, channel="whatsapp")
    run_jobs()
    [form] = twilio_mode.requests
    assert form["To"] == "whatsapp:" + NUMBER and form["From"] == "whatsapp:+32460000001"


def test_rate_limit_and_server_errors_retry_then_send_once(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(429, 500)
    message_id = queue(services)
    run_jobs()
    assert twilio_mode.accepted == [] and status(services, message_id) == outbound.SENDING
    run_jobs(until=later())  # a day: past every retry's backoff
    assert len(twilio_mode.accepted) == 1 and len(twilio_mode.requests) == 3
    assert status(services, message_id) == outbound.SENT
    assert outbound.get(services, message_id)["attempts"] == 3


def test_server_error_after_twilio_created_the_message_is_not_resent(
    services, twilio_mode, run_jobs
):
    twilio_mode.accept_next_then_fail(500)
    message_id = queue(services)
    run_jobs()
    run_jobs(until=later())
    assert len(twilio_mode.accepted) == 1 and len(twilio_mode.requests) == 1
    assert status(services, message_id) == outbound.SENT


def test_network_error_retries(services, twilio_mode, run_jobs):
    services.extras["sender"].client.api.base_url = "http://127.0.0.1:9"  # nothing listens
    message_id = queue(services)
    run_jobs()
    assert status(services, message_id) == outbound.SENDING
    services.extras["sender"].client.api.base_url = twilio_mode.url
    run_jobs(until=later())
    assert status(services, message_id) == outbound.SENT and len(twilio_mode.accepted) == 1


def test_retries_exhausted_marks_failed_and_visible(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(*[500] * 7)
    message_id = queue(services)
    run_jobs(until=later(days=8))
    assert status(services, message_id) == outbound.FAILED
    assert len(twilio_mode.requests) == 7 and len(failed_jobs(services)) == 1


def test_opted_out_at_twilio_marks_texter_no_retry(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(21610)
    message_id = queue(services)
    run_jobs(until=later())
    assert status(services, message_id) == outbound.FAILED
    assert texters.is_opted_out(services.redis, services.privacy.texter_id(NUMBER))
    assert len(twilio_mode.requests) == 1 and failed_jobs(services) == []


def test_invalid_number_marked_unusable_later_messages_skipped(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(21211)
    first = queue(services)
    run_jobs(until=later())
    second = queue(services, key="k2")
    run_jobs(until=later())
    assert status(services, first) == outbound.FAILED
    assert status(services, second) == outbound.SKIPPED
    assert len(twilio_mode.requests) == 1


def test_landline_marked_unusable(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(21614)
    queue(services)
    run_jobs(until=later())
    assert outbound.is_unusable(services.redis, services.privacy.texter_id(NUMBER))


def test_filtered_fails_logged_for_staff_no_retry(services, twilio_mode, run_jobs, caplog):
    twilio_mode.fail_next(30007)
    message_id = queue(services)
    with caplog.at_level(logging.WARNING, logger="hotline.sending"):
        run_jobs(until=later())
    assert status(services, message_id) == outbound.FAILED
    assert outbound.get(services, message_id)["error_code"] == "30007"
    assert "30007" in caplog.text and NUMBER not in caplog.text
    assert len(twilio_mode.requests) == 1


def test_unknown_error_fails_visibly_without_retry(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(21606)
    message_id = queue(services)
    run_jobs(until=later())
    assert status(services, message_id) == outbound.FAILED
    assert len(failed_jobs(services)) == 1 and len(twilio_mode.requests) == 1


def test_outside_window_error_falls_back_to_sms(services, twilio_mode, run_jobs):
    twilio_mode.fail_next(63016)
    message_id = queue(services, channel="whatsapp", topic="sante", language="nl")
    run_jobs()
    whatsapp_try, sms_try = twilio_mode.requests
    assert whatsapp_try["To"].startswith("whatsapp:") and sms_try["To"] == NUMBER
    assert sms_try["Body"] == services.content.render("sante", "answer", "nl", "sms")
    record = outbound.get(services, message_id)
    assert record["status"] == outbound.SENT and record["sent_channel"] == "sms"


def test_unsolicited_whatsapp_outside_window_without_template_is_sms(
    services, twilio_mode, run_jobs
):
    inbound(services, at=time.time() - 2 * 24 * 3600)
    queue(services, channel="whatsapp", unsolicited=True)
    run_jobs()
    [form] = twilio_mode.requests
    assert form["To"] == NUMBER


def test_unsolicited_whatsapp_inside_window_is_free_form(services, twilio_mode, run_jobs):
    inbound(services)
    queue(services, channel="whatsapp", unsolicited=True)
    run_jobs()
    [form] = twilio_mode.requests
    assert form["To"] == "whatsapp:" + NUMBER and form["Body"] == "Bonjour"


def test_unsolicited_whatsapp_outside_window_uses_template(
    services, twilio_mode, run_jobs, tmp_path
):
    templates = tmp_path / "templates.yaml"
    sid = "HX" + "a" * 32
    templates.write_text(
        f'reminder:\n  fr:\n    content_sid: {sid}\n    variables: {{"1": "{{title}}"}}\n'
    )
    services.settings = dataclasses.replace(services.settings, whatsapp_templates=str(templates))
    outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER,
            channel="whatsapp",
            purpose="reminder",
            idempotency_key="r",
            topic="sante",
            fields={"title": "Atelier CPAS"},
            unsolicited=True,
        ),
    )
    run_jobs()
    [form] = twilio_mode.requests
    assert form["ContentSid"] == sid and form["ContentVariables"] == '{"1": "Atelier CPAS"}'
    assert "Body" not in form


def test_job_finding_message_sent_does_nothing(services, twilio_mode, run_jobs):
    message_id = queue(services)
    run_jobs()
    outbound.enqueue(services, message_id)  # a duplicate job for the same message
    run_jobs()
    assert len(twilio_mode.requests) == 1


def test_pending_attempt_that_arrived_is_not_resent(services, twilio_mode, run_jobs):
    """The worker died after Twilio accepted: the retry finds the message and records it."""
    message_id = queue(services)
    sender = services.extras["sender"]
    services.extras["sender"] = DiesAfterSending(sender)
    run_jobs()
    assert len(twilio_mode.accepted) == 1
    assert outbound.load(services.redis, message_id).attempt_state == attempts.PENDING
    services.extras["sender"] = sender
    outbound.enqueue(services, message_id)
    run_jobs(until=later())
    assert len(twilio_mode.accepted) == 1
    record = outbound.get(services, message_id)
    assert record["status"] == outbound.SENT and record["sid"] == twilio_mode.accepted[0]["sid"]


def test_pending_attempt_that_never_arrived_is_sent(services, twilio_mode, run_jobs):
    message_id = queue(services)
    outbound.update(services.redis, message_id, attempt_state=attempts.PENDING,
                    attempt_at=time.time(), text="Bonjour")  # fmt: skip
    run_jobs()
    assert len(twilio_mode.accepted) == 1 and status(services, message_id) == outbound.SENT


def test_unsolicited_inside_quiet_hours_is_deferred_to_their_end(
    services, clock, travel, run_jobs, outbox
):
    services.settings = dataclasses.replace(services.settings, quiet_hours="21:00-08:00")
    travel(on_day(clock, 0, "23:30"))
    message_id = queue(services, unsolicited=True)
    registry = ScheduledJobRegistry(queue=queues.queue(services.rq_redis, queues.URGENT))
    [job_id] = registry.get_job_ids()
    morning = on_day(clock, 1, "08:00")
    assert registry.get_scheduled_time(job_id).replace(tzinfo=dt.UTC) == morning
    assert outbound.get(services, message_id)["deferred_until"] == morning.isoformat()
    run_jobs()
    assert outbox() == []
    run_jobs(until=morning)
    assert len(outbox()) == 1


def test_reply_inside_quiet_hours_goes_at_once(services, clock, travel, run_jobs, outbox):
    services.settings = dataclasses.replace(services.settings, quiet_hours="21:00-08:00")
    travel(on_day(clock, 0, "23:30"))
    queue(services)
    run_jobs()
    assert len(outbox()) == 1


def test_job_running_into_quiet_hours_defers_itself(services, clock, travel, run_jobs, outbox):
    message_id = queue(services, unsolicited=True)  # queued by day (quiet hours disabled)
    services.settings = dataclasses.replace(services.settings, quiet_hours="21:00-08:00")
    travel(on_day(clock, 0, "21:30"))
    run_jobs()
    assert outbox() == [] and status(services, message_id) == outbound.QUEUED
    run_jobs(until=on_day(clock, 1, "07:59"))
    assert outbox() == []
    run_jobs(until=on_day(clock, 1, "08:00"))
    assert len(outbox()) == 1


def test_send_at_is_respected(services, clock, run_jobs, outbox):
    queue(services, send_at=clock + dt.timedelta(hours=2))
    run_jobs(until=clock + dt.timedelta(hours=1, minutes=59))
    assert outbox() == []
    run_jobs(until=clock + dt.timedelta(hours=2))
    assert len(outbox()) == 1
