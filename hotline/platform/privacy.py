"""Phone numbers at rest: keyed hashes for lookup, encryption for the number itself, masking.

Texters may be undocumented, so a copy of the Redis data alone must not reveal who texted. Every
record is keyed by `texter_id(number)`, an HMAC-SHA256 under a key derived from
`HOTLINE_ENCRYPTION_KEY`; the number itself is stored only Fernet-encrypted, for the few places
that must send to it. Logs use `log_id`, a short prefix of the keyed hash. Text that comes from
elsewhere — a provider's error names the number it refused — goes through `scrub` before it is
stored or logged.
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
# A phone number inside free text: E.164 (+32…, URL-encoded %2B32…, 0032…) or national (0470…),
# 8 to 15 digits with the usual separators, optionally after "whatsapp:", not inside a longer
# word or identifier (SIDs, hex and uuid ids, Twilio's 5-digit error codes stay readable).
_NUMBER_IN_TEXT = re.compile(
    r"(?<![\w%-])(?P<channel>whatsapp:)?(?P<prefix>\+|%2B|00)?"
    r"(?P<number>\d(?:[ ./()-]?\d){7,14})(?![\w])",
    re.IGNORECASE,
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # an ISO date looks like 8 digits: keep it
# A WhatsApp business-scoped user id ("BE.1234567…", "US.ENT.1234…") identifies a person as well.
_USER_ID_IN_TEXT = re.compile(
    r"(?<![\w.])(?P<channel>whatsapp:)?(?P<country>[A-Z]{2})\.(?:ENT\.)?\d{4,}(?![\w])"
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


def scrub(text: str) -> str:
    """`text` with every phone number in it masked: for errors and log lines that may quote one.

    "The 'To' number +32470123436 is not a valid phone number." -> "The 'To' number
    +32 4•• •• •• 36 is not a valid phone number."; national forms keep their last two digits.
    """
    if not text:
        return text
    text = _USER_ID_IN_TEXT.sub(
        lambda found: f"{found['channel'] or ''}{found['country']}.••••", text
    )
    return _NUMBER_IN_TEXT.sub(_masked, text)


def _masked(found: re.Match[str]) -> str:
    if _DATE.fullmatch(found["number"]):
        return found[0]
    digits = re.sub(r"\D", "", found["number"])
    international = found["prefix"] is not None
    if international and found["prefix"] == "00":
        digits = digits.removeprefix("00")
    shown = mask("+" + digits) if international else "•" * (len(digits) - 2) + digits[-2:]
    return (found["channel"] or "") + shown


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
