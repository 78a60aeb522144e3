"""POST /twilio/status: signed, idempotent, never backwards, safe out of order."""

from __future__ import annotations

from hotline.outbound import messages as outbound

NUMBER = "+32470123456"


def sent_message(services, run_jobs):
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel="whatsapp", purpose="t", idempotency_key="k", body="Hi"
        ),
    )
    run_jobs()
    return message_id, outbound.get(services, message_id)["sid"]


def report(signed_post, sid, status, message_id="", **extra):
    path = "/twilio/status" + (f"?m={message_id}" if message_id else "")
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **extra}
    return signed_post(path, form)


def test_delivery_reports_move_status_forward(services, run_jobs, signed_post):
    message_id, sid = sent_message(services, run_jobs)
    assert report(signed_post, sid, "sent").status_code == 204
    assert report(signed_post, sid, "delivered").status_code == 204
    assert report(signed_post, sid, "read").status_code == 204
    record = outbound.get(services, message_id)
    assert record["status"] == outbound.READ and record["provider_status"] == "read"


def test_out_of_order_reports_never_move_backwards(services, run_jobs, signed_post):
    message_id, sid = sent_message(services, run_jobs)
    report(signed_post, sid, "delivered")
    report(signed_post, sid, "sent")
    report(signed_post, sid, "queued")
    assert outbound.get(services, message_id)["status"] == outbound.DELIVERED


def test_repeated_report_is_idempotent(services, run_jobs, signed_post):
    message_id, sid = sent_message(services, run_jobs)
    for _ in range(3):
        report(signed_post, sid, "undelivered", ErrorCode="30003")
    record = outbound.get(services, message_id)
    assert record["status"] == outbound.UNDELIVERED and record["error_code"] == "30003"


def test_failed_report_records_error_code(services, run_jobs, signed_post):
    message_id, sid = sent_message(services, run_jobs)
    report(signed_post, sid, "failed", ErrorCode="30007")
    record = outbound.get(services, message_id)
    assert record["status"] == outbound.FAILED and record["error_code"] == "30007"


def test_report_overtaking_the_job_links_sid_by_message_id(services, signed_post):
    """The worker died before writing the SID: the callback URL's id still finds the message."""
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to=NUMBER, channel="sms", purpose="t", idempotency_key="k", body="Hi"
        ),
    )
    report(signed_post, "SM" + "f" * 32, "delivered", message_id=message_id)
    record = outbound.get(services, message_id)
    assert record["status"] == outbound.DELIVERED and record["sid"] == "SM" + "f" * 32


def test_unknown_message_or_status_is_ignored(services, run_jobs, signed_post):
    message_id, sid = sent_message(services, run_jobs)
    assert report(signed_post, "SM" + "0" * 32, "delivered").status_code == 204
    assert report(signed_post, sid, "bogus").status_code == 204
    assert outbound.get(services, message_id)["status"] == outbound.SENT


def test_unsigned_report_is_refused(services, run_jobs, client):
    message_id, sid = sent_message(services, run_jobs)
    response = client.post("/twilio/status", data={"MessageSid": sid, "MessageStatus": "failed"})
    assert response.status_code == 403
    assert outbound.get(services, message_id)["status"] == outbound.SENT


def test_forged_signature_is_refused(services, run_jobs, signed_post):
    _, sid = sent_message(services, run_jobs)
    form = {"MessageSid": sid, "MessageStatus": "failed"}
    assert signed_post("/twilio/status", form, signature="forged").status_code == 403
