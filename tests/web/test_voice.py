"""POST /twilio/voice: a missed call is rejected (free for the caller) and becomes a callback."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from hotline.callbacks import requests as callbacks
from hotline.platform import store
from tests.conftest import inbound_form

PATH = "/twilio/voice"


@pytest.fixture(autouse=True)
def now(clock):
    """Every call comes on the frozen Monday morning of `clock` (office open)."""
    return clock


def call_form(sender: str = "+32470000041", call_sid: str = "CA" + "1" * 32) -> dict[str, str]:
    return {
        "CallSid": call_sid,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+32460000000",
        "CallStatus": "ringing",
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
    }


def assert_rejected_busy(response) -> None:
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.get_data(as_text=True))
    assert root.tag == "Response"
    [reject] = list(root)
    assert (reject.tag, reject.get("reason")) == ("Reject", "busy")


def test_missed_call_opens_a_request_and_confirms_by_sms(services, signed_post, run_jobs, outbox):
    assert_rejected_busy(signed_post(PATH, call_form()))
    [request] = callbacks.list_requests(services)
    assert (request.source, request.channel, request.language) == ("voice", "sms", "fr")
    assert services.privacy.decrypt(request.phone) == "+32470000041"
    run_jobs()
    [confirmation] = [m for m in outbox() if m["purpose"] == "callback_missed_call"]
    when = services.content.render("rappel", "when_open", "fr", "sms")
    assert confirmation["text"] == services.content.render(
        "rappel", "missed_call", "fr", "sms", ref=request.ref, position=1, when=when
    )
    assert confirmation["status"] == "sent" and confirmation["to"].endswith("41")


def test_a_second_beep_within_a_day_changes_nothing(services, signed_post, run_jobs, outbox):
    signed_post(PATH, call_form(call_sid="CA" + "1" * 32))
    run_jobs()
    before = outbox()
    assert_rejected_busy(signed_post(PATH, call_form(call_sid="CA" + "2" * 32)))
    assert_rejected_busy(signed_post(PATH, call_form(call_sid="CA" + "1" * 32)))  # redelivery
    run_jobs()
    assert len(callbacks.list_requests(services)) == 1
    assert outbox() == before


def test_a_beep_the_next_day_reminds_of_the_open_request(
    services, now, travel, signed_post, run_jobs, outbox
):
    signed_post(PATH, call_form())
    [request] = callbacks.list_requests(services)
    services.redis.delete(store.missed_call(request.texter_id))  # the day has passed
    travel(now + dt.timedelta(days=1))
    signed_post(PATH, call_form(call_sid="CA" + "3" * 32))
    run_jobs()
    assert len(callbacks.list_requests(services)) == 1
    purposes = sorted(m["purpose"] for m in outbox() if m["purpose"] != "callback_staff_alert")
    assert purposes == ["callback_existing", "callback_missed_call"]


def test_language_from_the_texters_history_or_country(services, signed_post, run_jobs, outbox):
    signed_post("/twilio/messages", inbound_form("English", sender="+32470000042"))
    signed_post(PATH, call_form(sender="+32470000042"))
    signed_post(PATH, call_form(sender="+212600000043"))
    languages = {
        services.privacy.decrypt(r.phone): r.language for r in callbacks.list_requests(services)
    }
    assert languages == {"+32470000042": "en", "+212600000043": "ar"}


def test_unsigned_or_forged_calls_are_refused(services, client, signed_post):
    assert client.post(PATH, data=call_form()).status_code == 403
    assert signed_post(PATH, call_form(), signature="forged").status_code == 403
    assert callbacks.list_requests(services) == []


@pytest.mark.parametrize(
    "sender",
    [
        "anonymous",
        "Anonymous",
        "restricted",
        "unknown",
        "",
        "+266696687",  # ANONYMOUS on a keypad
        "+7378742833",  # RESTRICTED
        "+86282452253",  # UNAVAILABLE: passes is_possible_number
        "+8656696",  # UNKNOWN: passes is_possible_number
        "+32400000000",  # possible, not valid
        "client:alice",
    ],
)
def test_withheld_callers_get_reject_and_nothing_else(
    services, signed_post, run_jobs, outbox, sender
):
    assert_rejected_busy(signed_post(PATH, call_form(sender=sender)))
    assert callbacks.list_requests(services) == []
    run_jobs()
    assert outbox() == []
    assert services.redis.keys("hl:out:*") == []
