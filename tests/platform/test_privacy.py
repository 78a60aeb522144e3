"""Keyed hashes, encryption and masking of phone numbers."""

import pytest
from cryptography.fernet import Fernet

from hotline.platform.privacy import Privacy, mask, scrub


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
    ("text", "gone", "kept"),
    [
        ("The 'To' number +32470123456 is not a valid phone number.", "470123", "The 'To' number"),
        ("Invalid 'To' Phone Number: whatsapp:+32 470 12 34 56", "470 12 34", "Phone Number:"),
        ("Unsubscribed recipient 0470/12.34.56 (21610)", "0470/12.34", "(21610)"),
        ("no user for whatsapp:BE.1234567890123", "1234567890123", "whatsapp:BE."),
        ("parent US.ENT.11815799212886844830 blocked", "11815799212886844830", "blocked"),
        (
            "Generated new message with sid: SM0123456789abcdef0123456789abcdef",
            "nothing",
            "SM0123456789abcdef0123456789abcdef",
        ),
        ("Error 63016 on 2026-04-01 at 10:00", "nothing", "Error 63016 on 2026-04-01 at 10:00"),
    ],
)
def test_scrub_removes_numbers_and_user_ids_and_keeps_the_rest(text, gone, kept):
    scrubbed = scrub(text)
    assert gone not in scrubbed and kept in scrubbed
