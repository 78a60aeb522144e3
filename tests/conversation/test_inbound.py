"""Parsing Twilio's inbound form into a plain message."""

import pytest

from hotline.conversation.inbound import (
    MAX_BODY,
    SMS,
    WHATSAPP,
    InboundError,
    parse_form,
    parse_number,
)


def test_sms_form():
    message = parse_form({"From": "+32470000001", "Body": "SANTE", "MessageSid": "SM1"})
    assert (message.channel, message.sender, message.text) == (SMS, "+32470000001", "SANTE")
    assert message.message_sid == "SM1"


def test_whatsapp_form_with_media():
    form = {
        "From": "whatsapp:+32470000001",
        "Body": "",
        "NumMedia": "2",
        "MediaUrl0": "https://a/0",
        "MediaUrl1": "https://a/1",
        "ProfileName": "A",
    }
    message = parse_form(form)
    assert message.channel == WHATSAPP
    assert message.media == ("https://a/0", "https://a/1")
    assert message.address == "whatsapp:+32470000001"


def test_button_text_is_used_when_body_is_empty():
    assert parse_form({"From": "+32470000001", "ButtonText": "SANTE"}).text == "SANTE"


def test_body_is_capped_at_twilio_limit():
    assert len(parse_form({"From": "+32470000001", "Body": "a" * 5000}).text) == MAX_BODY


@pytest.mark.parametrize("num_media", ["", "x", "-3", "999"])
def test_odd_num_media_never_raises(num_media):
    parse_form({"From": "+32470000001", "NumMedia": num_media})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+32470000001", "+32470000001"),
        ("whatsapp:+32470000001", "+32470000001"),
        ("32470000001", "+32470000001"),
        ("0470 00 00 01", "+32470000001"),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "+1", "whatsapp:"])
def test_bad_numbers_raise(raw):
    with pytest.raises(InboundError):
        parse_number(raw)
