"""Phone numbers at rest: keyed hashes for lookup, encryption for the number itself, masking.

Texters may be undocumented, so a copy of the Redis data alone must not reveal who texted. Every
record is keyed by `texter_id(number)`, an HMAC-SHA256 under a key derived from
`HOTLINE_ENCRYPTION_KEY`; the number itself is stored only Fernet-encrypted, for the few places
that must send to it. Logs use `log_id`, a short prefix of the keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import phonenumbers
from cryptography.fernet import Fernet, InvalidToken

from hotline.platform.config import ConfigError, Settings

KEY_FILE = "encryption.key"
LOG_ID_LENGTH = 10
NUMBER_PLACEHOLDER = "[number]"
# A phone number as providers write it in error texts: an optional "whatsapp:" and "+" (or 00),
# then 7 to 16 digits, each group separated by at most one space, dot, dash or slash (or a
# "(0)"); or a WhatsApp business-scoped user id ("BE.1234567…", "US.ENT.1234…"), which identifies
# a person as well. Never inside a word, so SIDs (SM0a1b…), error codes (21610) and ISO dates
# stay readable.
_NUMBER_TEXT = re.compile(
    r"(?<![\w+])(?!\d{4}-\d\d-\d\d(?!\d))(?:whatsapp:)?(?:\+|00)?"
    r"\d(?:(?: ?\(0\) ?|[ .\-/])?\d){6,15}(?![\w])"
    r"|(?<![\w.])(?:whatsapp:)?[A-Z]{2}\.(?:ENT\.)?\d{4,}(?![\w])"
)


class Privacy:
    """Hashing, encryption and masking of phone numbers under one secret key."""

    def __init__(self, key: str):
        self._fernet = Fernet(key.encode())
        self._hmac_key = hashlib.sha256(b"hotline-texter-id:" + key.encode()).digest()

    def texter_id(self, number: str) -> str:
        """Stable, keyed identifier of a phone number: the Redis name of a texter."""
        return hmac.new(self._hmac_key, number.encode(), hashlib.sha256).hexdigest()

    def log_id(self, number: str) -> str:
        """A short keyed hash that identifies a texter in logs without revealing the number."""
        return self.texter_id(number)[:LOG_ID_LENGTH]

    def encrypt(self, number: str) -> str:
        """Encrypt a phone number for storage."""
        return self._fernet.encrypt(number.encode()).decode()

    def decrypt(self, token: str) -> str:
        """Decrypt a stored phone number; raises ValueError if the token is not ours."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as error:
            raise ValueError("phone number token does not decrypt with this key") from error


def mask(number: str) -> str:
    """Show a number as staff may see it: country code and last two digits only.

    "+32470123436" -> "+32 4•• •• •• 36"; WhatsApp prefixes are dropped. A WhatsApp user id
    keeps its country and last two characters: "BE.123456789" -> "BE.•••••••89".
    """
    bare = number.removeprefix("whatsapp:")
    if bare[:2].isalpha() and bare[2:3] == ".":
        return bare[:3] + "•" * max(len(bare) - 5, 0) + bare[-2:]
    digits = bare.lstrip("+")
    if len(digits) < 6:
        return "•" * len(digits)
    country = _country_prefix(digits)
    rest = digits[len(country) :]
    hidden = rest[1:-2]
    head = rest[0] + "•" * min(2, len(hidden))
    groups = ["•" * len(hidden[i : i + 2]) for i in range(2, len(hidden), 2)]
    return " ".join(["+" + country, head, *groups, rest[-2:]])


def scrub_numbers(text: str) -> str:
    """The text with every phone number (and WhatsApp user id) in it replaced by "[number]".

    Provider error messages name the recipient ("The 'To' number +32470123456 is not a valid
    phone number"); staff need the message, and the stored copy must not hold the number.
    """
    return _NUMBER_TEXT.sub(NUMBER_PLACEHOLDER, text or "")


def _country_prefix(digits: str) -> str:
    for length in (1, 2, 3):
        if phonenumbers.region_code_for_country_code(int(digits[:length])) != "ZZ":
            return digits[:length]
    return digits[:2]


def load_key(settings: Settings) -> str:
    """The encryption key: from the environment, or generated once into ./var for local runs."""
    if settings.encryption_key:
        return settings.encryption_key
    if settings.is_production:
        raise ConfigError("HOTLINE_ENCRYPTION_KEY is required in production")
    path = Path(settings.var_dir) / KEY_FILE
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    path.write_text(key)
    path.chmod(0o600)
    return key
