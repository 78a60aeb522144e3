"""Keyed hashes, encryption and masking of phone numbers."""

from dataclasses import replace

import pytest
from cryptography.fernet import Fernet

from hotline.platform.config import ConfigError
from hotline.platform.privacy import Privacy, load_key, mask, scrub_numbers


def test_texter_id_is_keyed_and_stable():
    first, second = Privacy(Fernet.generate_key().decode()), Privacy(Fernet.generate_key().decode())
    assert first.texter_id("+32470000001") == first.texter_id("+32470000001")
    assert first.texter_id("+32470000001") != second.texter_id("+32470000001")
    assert "470000001" not in first.texter_id("+32470000001")


def test_encrypt_round_trip_and_foreign_token_fails():
    privacy = Privacy(Fernet.generate_key().decode())
    token = privacy.encrypt("+32470000001")
    assert "470000001" not in token
    assert privacy.decrypt(token) == "+32470000001"
    with pytest.raises(ValueError):
        Privacy(Fernet.generate_key().decode()).decrypt(token)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+32470123436", "+32 4•• •• •• 36"),
        ("whatsapp:+32470123436", "+32 4•• •• •• 36"),
        ("+40712345678", "+40 7•• •• •• 78"),
        ("+212612345678", "+212 6•• •• •• 78"),
    ],
)
def test_mask(number, masked):
    assert mask(number) == masked


def test_key_is_generated_once_for_local_runs(settings):
    local = replace(settings, encryption_key="")
    assert load_key(local) == load_key(local)


def test_production_requires_a_key(settings):
    with pytest.raises(ConfigError):
        load_key(replace(settings, encryption_key="", env="production"))


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        (
            "The 'To' number +32470123456 is not a valid phone number.",
            "The 'To' number [number] is not a valid phone number.",
        ),
        (
            "Invalid 'To' Phone Number: whatsapp:+32 470 12 34 56",
            "Invalid 'To' Phone Number: [number]",
        ),
        ("Unsubscribed recipient 0470/12.34.56 (21610)", "Unsubscribed recipient [number] (21610)"),
        ("no user for whatsapp:BE.1234567890123", "no user for [number]"),
        ("parent US.ENT.11815799212886844830 blocked", "parent [number] blocked"),
        (
            "Twilio Error: Invalid message recipient. Generated new message with sid: "
            "SM0123456789abcdef0123456789abcdef",
            "Twilio Error: Invalid message recipient. Generated new message with sid: "
            "SM0123456789abcdef0123456789abcdef",
        ),
        ("Error 63016 on 2026-04-01 at 10:00", "Error 63016 on 2026-04-01 at 10:00"),
        ("", ""),
    ],
)
def test_scrub_numbers_removes_numbers_and_keeps_the_rest(text, scrubbed):
    assert scrub_numbers(text) == scrubbed
