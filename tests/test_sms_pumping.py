"""SMS pumping: missed calls and RAPPEL cannot make the hotline text the world or flood staff.

Found by an attack run: 300 signed missed calls from spoofed numbers sent 100 confirmations to
satellite and foreign premium ranges and 450 staff alerts past the daily cap. Now SMS go only
to HOTLINE_SMS_COUNTRIES, new callback requests are rated per hour (one alert, audited), and
staff alerts are coalesced into digests and capped like any message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hotline.callbacks import requests as callbacks
from hotline.callbacks import staff
from hotline.conversation import abuse
from hotline.outbound import messages as outbound
from hotline.platform import audit

VOICE = "/twilio/voice"
STAFF_PURPOSES = ("callback_staff_alert", "callback_staff_digest")
LATER = dt.timedelta(minutes=10)  # past every staff alert window


@pytest.fixture
def team(services):
    """Two staff members on duty around the clock."""
    for name, phone in (("Amina", "+32470100001"), ("Bram", "+32470100002")):
        staff.add(services, name, phone=phone, languages=["fr"], hours="mon-sun 00:00-24:00")


def missed_call(signed_post, number: str, n: int) -> None:
    form = {"CallSid": f"CA{n:032d}", "AccountSid": "AC" + "0" * 32, "From": number,
            "To": "+32460000000", "CallStatus": "ringing", "Direction": "inbound"}  # fmt: skip
    assert signed_post(VOICE, form).status_code == 200


def spoofed(n: int) -> str:
    """Belgian mobiles, Iridium satellite phones, UK personal numbers, in turn."""
    return ("+3247{:07d}", "+8816{:08d}", "+4470{:08d}")[n % 3].format(n)


def queue_sms(services, to: str, key: str, purpose: str = "test") -> str:
    return outbound.queue(
        services,
        outbound.OutboundRequest(
            to=to, channel="sms", purpose=purpose, idempotency_key=key, body="Bonjour"
        ),
    )


def sent(outbox, *purposes: str) -> list[dict]:
    return [m for m in outbox() if m["status"] == "sent" and m["purpose"] in purposes]


def test_sms_go_only_to_the_allowed_countries(services, run_jobs):
    numbers = ("+32470000001", "+33612345678", "+881612345678", "+447000123456", "+212612345678")
    ids = [queue_sms(services, number, f"k{i}") for i, number in enumerate(numbers)]
    run_jobs()
    records = [outbound.get(services, message_id) for message_id in ids]
    assert [r["status"] for r in records] == ["sent", "sent", "skipped", "skipped", "skipped"]
    assert {r.get("reason") for r in records[2:]} == {"country"}


def test_any_country_when_told_so(services, run_jobs):
    services.settings = dataclasses.replace(services.settings, sms_countries="*")
    message_id = queue_sms(services, "+881612345678", "k")
    run_jobs()
    assert outbound.get(services, message_id)["status"] == "sent"


def test_a_texter_abroad_still_gets_the_answer_to_their_own_sms(text, content):
    assert text("SANTE", sender="+212612345678") == content.render("sante", "answer", "fr", "sms")


def test_a_whatsapp_message_falling_back_to_sms_abroad_is_skipped(services, run_jobs):
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to="+212612345678",
            channel="whatsapp",
            purpose="workshop_reminder",
            idempotency_key="r",
            body="Rappel",
            unsolicited=True,
        ),
    )
    run_jobs()
    record = outbound.get(services, message_id)
    assert (record["status"], record.get("reason")) == ("skipped", "country")


def test_300_spoofed_missed_calls(services, signed_post, team, run_jobs, outbox):
    services.settings = dataclasses.replace(services.settings, daily_outbound_cap=40)
    for n in range(300):
        missed_call(signed_post, spoofed(n), n)
    run_jobs()
    run_jobs(until=dt.datetime.now(dt.UTC) + LATER)
    limit = services.settings.callback_rate_per_hour
    assert len(callbacks.list_requests(services)) == limit  # then missed calls opened nothing
    confirmations = sent(outbox, "callback_missed_call")
    assert len(confirmations) == limit // 3 and all(
        m["to"].startswith("+32") for m in confirmations
    )
    per_member = {}
    for message in sent(outbox, *STAFF_PURPOSES):
        per_member.setdefault(message["to"], []).append(message["purpose"])
    assert [sorted(p) for p in per_member.values()] == [list(STAFF_PURPOSES)] * 2  # 1 + 1 digest
    rate_alerts = [m for m in sent(outbox, abuse.STAFF_ALERT) if "30 demandes" in m["text"]]
    assert len(rate_alerts) == 2  # one SMS per staff member, once
    entries = [e for e in audit.recent(services.redis) if e["action"] == "abuse.callback_rate"]
    assert [e["limit"] for e in entries] == [str(limit)]
    assert len(sent(outbox, "callback_missed_call", *STAFF_PURPOSES)) <= 40


def test_rappel_by_sms_still_opens_a_request_over_the_rate(services, text, team):
    services.settings = dataclasses.replace(services.settings, callback_rate_per_hour=2)
    for n in range(3):
        text("RAPPEL", sender=f"+3247000010{n}")
    assert len(callbacks.list_requests(services)) == 3  # answered in the webhook's TwiML
    abuse_entries = [
        e["action"] for e in audit.recent(services.redis) if e["action"].startswith("abuse.")
    ]
    assert abuse_entries == ["abuse.callback_rate"]  # staff profiles are audited too


def test_a_beep_with_an_open_request_is_not_refused_over_the_rate(services, signed_post, text):
    services.settings = dataclasses.replace(services.settings, callback_rate_per_hour=1)
    text("RAPPEL", sender="+32470000201")
    missed_call(signed_post, "+32470000202", 1)  # over the rate: nothing opened
    missed_call(signed_post, "+32470000201", 2)  # their own request: reminded, as before
    [request] = callbacks.list_requests(services)
    assert services.privacy.decrypt(request.phone) == "+32470000201"


def test_staff_alerts_wait_for_the_digest_and_skip_requests_claimed_meanwhile(
    services, text, team, run_jobs, outbox
):
    for n in range(4):
        text("RAPPEL", sender=f"+3247000030{n}")
    run_jobs()
    assert len(sent(outbox, "callback_staff_alert")) == 2  # the first request, to each member
    for request in callbacks.list_requests(services)[:2]:
        callbacks.claim(services, request.ref, "amina")
    run_jobs(until=dt.datetime.now(dt.UTC) + LATER)
    digests = sent(outbox, "callback_staff_digest")
    assert len(digests) == 2
    waiting = [r.ref for r in callbacks.list_requests(services, status=callbacks.WAITING)]
    assert all(digest["fields"]["count"] == len(waiting) for digest in digests)
    assert all(set(digest["fields"]["refs"].split()) == set(waiting) for digest in digests)


def test_staff_alerts_count_towards_the_daily_cap(services, run_jobs, outbox):
    services.settings = dataclasses.replace(services.settings, daily_outbound_cap=1)
    queue_sms(services, "+32470000001", "k1")
    queue_sms(services, "+32470100001", "alert", purpose="callback_staff_alert")
    run_jobs()
    assert [m["purpose"] for m in sent(outbox, "test", "callback_staff_alert")] == ["test"]
