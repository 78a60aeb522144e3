"""WhatsApp users without a visible number (usernames): answered, keyed, and told what needs one.

Twilio then sends `From=whatsapp:BE.1234…` (the business-scoped user id) with `ExternalUserId`
and `ProfileUsername`, and no phone number anywhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hotline.callbacks import requests as callbacks
from hotline.conversation import engine, inbound
from hotline.conversation.inbound import InboundError, parse_form
from hotline.outbound import messages as outbound
from hotline.platform.privacy import mask
from hotline.texters import state as texters
from tests.conftest import inbound_form

USER_ID = "BE.2081978709342942"
ADDRESS = "whatsapp:" + USER_ID


def username_form(body: str, user_id: str = USER_ID, **extra: str) -> dict[str, str]:
    address = "whatsapp:" + user_id
    form = inbound_form(body, sender=address, To="whatsapp:+32460000001", ExternalUserId=user_id)
    return form | {"ProfileName": "Amina", "ProfileUsername": "amina.b", **extra}


def reply_text(response) -> str:
    assert response.status_code == 200
    message = ET.fromstring(response.get_data(as_text=True)).find("Message")
    return message.text if message is not None else ""


def test_the_user_id_is_the_sender_on_whatsapp_only():
    message = parse_form(username_form("SANTE"))
    assert (message.channel, message.sender, message.has_phone) == ("whatsapp", USER_ID, False)
    assert message.address == ADDRESS
    assert parse_form(username_form("x", user_id="US.ENT.11815799212886844830")).sender.startswith(
        "US.ENT."
    )
    with pytest.raises(InboundError):  # on SMS it is not a sender
        parse_form(inbound_form("SANTE", sender=USER_ID))
    with pytest.raises(InboundError):  # not a user id either
        parse_form(inbound_form("SANTE", sender="whatsapp:foo_bar"))


def test_a_username_gets_an_answer_keyed_by_a_keyed_hash(services, signed_post):
    answer = reply_text(signed_post("/twilio/messages", username_form("SANTE")))
    assert answer == services.content.render("sante", "answer", "fr", "whatsapp")
    texter_id = services.privacy.texter_id(USER_ID)
    assert texters.load(services.redis, texter_id).last_inbound > 0
    for key in services.redis.keys("*"):  # neither the id nor the username is readable at rest
        assert USER_ID not in key and "2081978709342942" not in key
        if services.redis.type(key) == "hash":
            values = " ".join(services.redis.hgetall(key).values())
            assert "2081978709342942" not in values and "amina" not in values


def test_the_language_comes_from_the_user_ids_country(services, signed_post):
    answer = reply_text(signed_post("/twilio/messages", username_form("", user_id="MA.99887766")))
    assert answer == services.content.render("menu", "answer", "ar", "whatsapp")


def test_rappel_explains_that_a_callback_needs_a_number(services, signed_post):
    answer = reply_text(signed_post("/twilio/messages", username_form("CALLBACK")))
    assert answer == services.content.render("canal", "no_phone", "en", "whatsapp")
    assert callbacks.list_requests(services) == []


def test_whatsapp_to_a_username_goes_out_and_no_sms_fallback_is_tried(
    services, twilio_mode, run_jobs
):
    engine.handle(parse_form(username_form("SANTE")), services)
    texter_id = services.privacy.texter_id(USER_ID)
    inside = outbound.queue_to_texter(
        services, texter_id, purpose="t", idempotency_key="in", topic="sante", unsolicited=True
    )
    run_jobs()
    services.redis.hset(f"hl:texter:{texter_id}", "last_inbound", 1)  # the window has closed
    outside = outbound.queue_to_texter(
        services, texter_id, purpose="t", idempotency_key="out", topic="sante", unsolicited=True
    )
    run_jobs()
    assert outbound.get(services, inside)["status"] == outbound.SENT
    assert [r["To"] for r in twilio_mode.requests] == [ADDRESS]
    skipped = outbound.get(services, outside)
    assert (skipped["status"], skipped["reason"]) == (outbound.SKIPPED, "no_phone")
    assert skipped["to"] == mask(USER_ID) == "BE.••••••••••••••42"


def test_has_phone_tells_numbers_from_user_ids():
    assert inbound.has_phone("+32470123456") and inbound.has_phone("whatsapp:+32470123456")
    assert not inbound.has_phone(ADDRESS) and not inbound.has_phone("US.ENT.118157")
