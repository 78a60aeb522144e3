"""Phone numbers at rest: keyed hashes for lookup, encryption for the number itself, masking.

Texters may be undocumented, so a copy of the Redis data alone must not reveal who texted. Every
record is keyed by `texter_id(number)`, an HMAC-SHA256 under a key derived from
`HOTLINE_ENCRYPTION_KEY`; the number itself is stored only Fernet-encrypted, for the few places
that must send to it. Logs use `log_id`, a short prefix of the keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import phonenumbers
from cryptography.fernet import Fernet, InvalidToken

from hotline import local_secrets
from hotline.config import ConfigError, Settings

KEY_FILE = "encryption.key"
LOG_ID_LENGTH = 10


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

    "+32470123436" -> "+32 4•• •• •• 36"; WhatsApp prefixes are dropped.
    """
    digits = number.removeprefix("whatsapp:").lstrip("+")
    if len(digits) < 6:
        return "•" * len(digits)
    country = _country_prefix(digits)
    rest = digits[len(country) :]
    hidden = rest[1:-2]
    head = rest[0] + "•" * min(2, len(hidden))
    groups = ["•" * len(hidden[i : i + 2]) for i in range(2, len(hidden), 2)]
    return " ".join(["+" + country, head, *groups, rest[-2:]])


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
    return local_secrets.read_or_create(path, lambda: Fernet.generate_key().decode())
