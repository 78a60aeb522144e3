"""The Twilio backend speaks Twilio's API through the official client; the outbox stays local."""

from __future__ import annotations

import dataclasses

import pytest

from hotline.outbound import senders
from hotline.platform.config import Settings
from tests.fake_twilio import ACCOUNT_SID

NUMBER = "+32470123456"


def settings_for(fake, **extra) -> Settings:
    values = {
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": "token",
        "twilio_api_base_url": fake.url,
        "twilio_sms_from": "+32460000000",
        "twilio_whatsapp_from": "+32460000001",
        "public_base_url": "https://hotline.example.org",
        **extra,
    }
    return Settings(**values)


def test_base_url_override_reaches_the_fake(fake_twilio):
    sender = senders.TwilioSender(settings_for(fake_twilio))
    accepted = sender.send(senders.Outgoing("m1", NUMBER, "sms", body="Bonjour"))
    assert accepted.sid == fake_twilio.accepted[0]["sid"] and accepted.status == "queued"


def test_messaging_service_replaces_from_numbers(fake_twilio):
    sid = "MG" + "2" * 32
    sender = senders.TwilioSender(settings_for(fake_twilio, twilio_messaging_service_sid=sid))
    sender.send(senders.Outgoing("m1", NUMBER, "whatsapp", body="Hi"))
    [form] = fake_twilio.requests
    assert form["MessagingServiceSid"] == sid and "From" not in form
    assert form["To"] == "whatsapp:" + NUMBER


def test_whatsapp_from_gets_prefix_and_template_parameters(fake_twilio):
    sender = senders.TwilioSender(settings_for(fake_twilio))
    template = senders.Outgoing(
        "m1", NUMBER, "whatsapp", content_sid="HX" + "a" * 32, content_variables={"1": "Lundi"}
    )
    sender.send(template)
    [form] = fake_twilio.requests
    assert form["From"] == "whatsapp:+32460000001"
    assert form["ContentSid"] == "HX" + "a" * 32 and form["ContentVariables"] == '{"1": "Lundi"}'


def test_status_callback_carries_message_id(fake_twilio):
    sender = senders.TwilioSender(settings_for(fake_twilio))
    sender.send(senders.Outgoing("abc123", NUMBER, "sms", body="x"))
    assert fake_twilio.requests[0]["StatusCallback"] == (
        "https://hotline.example.org/twilio/status?m=abc123"
    )


def test_no_status_callback_without_public_url(fake_twilio):
    sender = senders.TwilioSender(settings_for(fake_twilio, public_base_url=""))
    sender.send(senders.Outgoing("m1", NUMBER, "sms", body="x"))
    assert "StatusCallback" not in fake_twilio.requests[0]


@pytest.mark.parametrize(
    ("failure", "code", "status"),
    [(429, 20429, 429), (500, 20500, 500), (21610, 21610, 400), (63016, 63016, 400)],
)
def test_errors_carry_twilio_code_and_http_status(fake_twilio, failure, code, status):
    fake_twilio.fail_next(failure)
    with pytest.raises(senders.SendError) as caught:
        senders.TwilioSender(settings_for(fake_twilio)).send(
            senders.Outgoing("m1", NUMBER, "sms", body="x")
        )
    assert (caught.value.code, caught.value.http_status) == (code, status)


def test_network_error_has_no_code(fake_twilio):
    settings = settings_for(fake_twilio, twilio_api_base_url="http://127.0.0.1:9")
    with pytest.raises(senders.SendError) as caught:
        senders.TwilioSender(settings).send(senders.Outgoing("m1", NUMBER, "sms", body="x"))
    assert caught.value.code is None and caught.value.http_status is None


def test_find_recognises_an_earlier_attempt_only(fake_twilio):
    sender = senders.TwilioSender(settings_for(fake_twilio))
    message = senders.Outgoing("m1", NUMBER, "sms", body="Bonjour")
    assert sender.find(message, since=0) is None
    accepted = sender.send(message)
    assert sender.find(message, since=0).sid == accepted.sid
    other = dataclasses.replace(message, body="Autre chose")
    assert sender.find(other, since=0) is None


def test_for_settings_picks_outbox_without_credentials(services):
    assert isinstance(senders.for_settings(services.settings, services.redis), senders.OutboxSender)


def test_outbox_records_and_finds(services):
    outbox = senders.OutboxSender(services.redis)
    message = senders.Outgoing("m1", NUMBER, "sms", body="x")
    assert outbox.find(message, 0) is None
    accepted = outbox.send(message)
    assert outbox.find(message, 0) == accepted
