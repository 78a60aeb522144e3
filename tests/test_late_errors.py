"""Errors Twilio reports late, in /twilio/status, get the send job's rules, once per message.

Through a Messaging Service and for WhatsApp, a message Twilio accepted can fail minutes later;
the callback then carries `ErrorCode` (and often `ErrorMessage`, which names the number).
"""

from __future__ import annotations

import dataclasses
import logging

import pytest

from hotline.outbound import messages as outbound
from hotline.platform import store
from hotline.texters import state as texters
from tests.conftest import BASE_URL, sign

NUMBER = "+32470123456"
WHATSAPP_ERROR = (
    "Twilio Error: Failed to send freeform message because you are outside the allowed window."
)
INVALID_TO = "The 'To' number +32470123456 is not a valid phone number."


@pytest.fixture
def report(client):
    """POST a signed status callback shaped like Twilio's (WhatsApp channel fields included)."""

    def post(sid: str, status: str, code: str = "", text: str = "", **extra: str):
        form = {
            "AccountSid": "AC" + "0" * 32,
            "ApiVersion": "2010-04-01",
            "ChannelPrefix": "whatsapp",
            "ChannelToAddress": NUMBER,
            "From": "whatsapp:+32460000001",
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": "whatsapp:" + NUMBER,
            **({"ErrorCode": code} if code else {}),
            **({"ErrorMessage": text} if text else {}),
            **extra,
        }
        headers = {"X-Twilio-Signature": sign(BASE_URL + "/twilio/status", form)}
        response = client.post("/twilio/status", data=form, headers=headers)
        assert response.status_code == 204
        return response

    return post


def sent(services, run_jobs, channel="whatsapp", key="k", unsolicited=False, **extra):
    args = extra or {"body": "Bonjour"}
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER,
            channel=channel,
            purpose="reminder",
            idempotency_key=key,
            unsolicited=unsolicited,
            **args,
        ),
    )
    run_jobs()
    return message_id, outbound.get(services, message_id).get("sid", "")


def texter_id(services):
    return services.privacy.texter_id(NUMBER)


def test_21610_late_opts_the_texter_out_and_the_next_broadcast_is_skipped(
    services, run_jobs, report
):
    _, sid = sent(services, run_jobs, channel="sms")
    report(sid, "failed", "21610", "Attempt to send to unsubscribed recipient")
    assert texters.is_opted_out(services.redis, texter_id(services))
    next_id, _ = sent(services, run_jobs, channel="sms", key="broadcast", unsolicited=True)
    record = outbound.get(services, next_id)
    assert (record["status"], record["reason"]) == (outbound.SKIPPED, "opted_out")


@pytest.mark.parametrize("code", ["21211", "21614", "30005", "30006"])
def test_unknown_destinations_reported_late_make_the_number_unusable(
    services, run_jobs, report, code
):
    message_id, sid = sent(services, run_jobs, channel="sms")
    report(sid, "undelivered", code, INVALID_TO)
    assert outbound.is_unusable(services.redis, texter_id(services))
    record = outbound.get(services, message_id)
    assert record["error_code"] == code and NUMBER not in record["error"]
    assert record["error"].startswith("The 'To' number +32")
    assert record["error"].endswith("is not a valid phone number.")
    assert NUMBER[3:-2] not in record["error"]
    next_id, _ = sent(services, run_jobs, channel="sms", key="next")
    assert outbound.get(services, next_id)["reason"] == "unusable"


def test_63016_late_resends_once_as_sms_however_often_twilio_reports(
    services, run_jobs, report, outbox
):
    message_id, sid = sent(services, run_jobs, topic="sante")
    for status in ("undelivered", "failed", "undelivered"):  # Twilio reports it twice or more
        report(sid, status, "63016", WHATSAPP_ERROR, m=message_id)
    run_jobs()
    fallbacks = [m for m in outbox() if m["idempotency_key"] == f"late:{message_id}"]
    assert len(fallbacks) == 1
    [fallback] = fallbacks
    assert fallback["sent_channel"] == "sms" and fallback["status"] == outbound.SENT
    assert fallback["text"] == services.content.render("sante", "answer", "fr", "sms")
    original = outbound.get(services, message_id)
    assert (original["status"], original["late_error"]) == (outbound.UNDELIVERED, "63016")


def test_63016_late_uses_the_approved_template_when_there_is_one(
    services, run_jobs, report, outbox, tmp_path
):
    templates = tmp_path / "templates.yaml"
    content_sid = "HX" + "b" * 32
    templates.write_text(f"reminder:\n  fr:\n    content_sid: {content_sid}\n")
    services.settings = dataclasses.replace(services.settings, whatsapp_templates=str(templates))
    message_id, sid = sent(services, run_jobs, topic="sante")
    report(sid, "failed", "63016", WHATSAPP_ERROR)
    run_jobs()
    [fallback] = [m for m in outbox() if m["idempotency_key"] == f"late:{message_id}"]
    assert (fallback["sent_channel"], fallback["content_sid"]) == ("whatsapp", content_sid)


def test_30007_late_warns_staff_without_the_number(services, run_jobs, report, caplog):
    message_id, sid = sent(services, run_jobs, channel="sms")
    with caplog.at_level(logging.WARNING, logger="hotline.delivery"):
        report(sid, "undelivered", "30007", f"Message filtered for {NUMBER}")
        report(sid, "failed", "30007", f"Message filtered for {NUMBER}")
    [warning] = [r for r in caplog.records if "30007" in r.getMessage()]
    assert message_id in warning.getMessage() and "470123456" not in caplog.text
    assert "470123456" not in outbound.get(services, message_id)["error"]


def test_a_late_report_on_an_erased_record_writes_nothing(services, run_jobs, report):
    message_id, sid = sent(services, run_jobs, channel="sms")
    services.redis.delete(store.outbound(message_id))
    report(sid, "failed", "21610", m=message_id)
    assert not services.redis.exists(store.outbound(message_id))


def test_a_delivered_report_or_an_error_on_success_changes_no_rule(services, run_jobs, report):
    _, sid = sent(services, run_jobs, channel="sms")
    report(sid, "delivered", "21610")  # an ErrorCode only matters on failed/undelivered
    assert not texters.is_opted_out(services.redis, texter_id(services))
