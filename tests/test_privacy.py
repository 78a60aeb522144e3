"""Keyed hashes, encryption and masking of phone numbers."""

from dataclasses import replace

import pytest
from cryptography.fernet import Fernet

from hotline.config import ConfigError
from hotline.privacy import Privacy, load_key, mask, scrub


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


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        (
            "HTTP 400 error: Unable to create record: The 'To' number +32470123436 is not a valid "
            "phone number.",
            "HTTP 400 error: Unable to create record: The 'To' number +32 4•• •• •• 36 is not a "
            "valid phone number.",
        ),
        (
            "To number: +46842861473, is not a mobile number",
            "To number: +46 8•• •• •• 73, is not a mobile number",
        ),
        ("to whatsapp:+32470123436", "to whatsapp:+32 4•• •• •• 36"),
        ("Query Params: {'To': '+32470123436'}", "Query Params: {'To': '+32 4•• •• •• 36'}"),
        (
            "GET /Messages.json?To=%2B32470123436&PageSize=50",
            "GET /Messages.json?To=+32 4•• •• •• 36&PageSize=50",
        ),
        ("0470 12 34 36, 0470/12.34.36, 0032470123436", "••••••••36, ••••••••36, +32 4•• •• •• 36"),
        ("+32 470 12 34 36", "+32 4•• •• •• 36"),
    ],
)
def test_scrub_masks_every_number_in_a_text(text, scrubbed):
    assert scrub(text) == scrubbed


def test_scrub_keeps_codes_ids_and_dates():
    text = (
        "error 21211 (HTTP 400) SM0123456789abcdef0123456789abcdef 2026-11-23 "
        "job 5f3a1234-5678-1234-5678-123456789abc"
    )
    assert scrub(text) == text


def test_key_is_generated_once_for_local_runs(settings):
    local = replace(settings, encryption_key="")
    assert load_key(local) == load_key(local)


def test_production_requires_a_key(settings):
    with pytest.raises(ConfigError):
        load_key(replace(settings, encryption_key="", env="production"))
