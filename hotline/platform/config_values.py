"""Readers of one setting's text: each returns the value or raises ValueError saying what is
accepted.

hotline/platform/config.py reads every variable through one of these when a process starts, so
a typo ("Europe/Brusels", "lun-ven 09:00-17:00", "Production", "true" where "1" was meant) stops the
process with one line naming the variable, instead of a healthy-looking process that answers
texters with errors later. Each reader is small and pure: it checks the form of a value, never
whether a service behind it answers (that is `hotline doctor`'s job).
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from cryptography.fernet import Fernet

from hotline.languages import LANGUAGES
from hotline.platform import schedule
from hotline.platform.reminder_offsets import parse_offsets

Reader = Callable[[str], object]
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
REDIS_SCHEMES = ("redis", "rediss", "unix")
SID_HEX_DIGITS = 32
FERNET_KEY_COMMAND = (
    "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)
_PASSWORD = re.compile(r"(//[^/@]*:)[^/@]*@")


def boolean(text: str) -> bool:
    """1/0, true/false, yes/no, on/off (any case)."""
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("expected 1/0, true/false, yes/no or on/off")


def choice(*allowed: str) -> Callable[[str], str]:
    """One of `allowed`, exactly (so "Production" is not taken for development)."""

    def read(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)} (lower case)")
        return text

    return read


def integer(low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`."""

    def read(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"expected a whole number from {low} to {high}") from None
        if not low <= number <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return number

    return read


def number(low: float, high: float) -> Callable[[str], float]:
    """A number (decimals allowed) from `low` to `high`."""

    def read(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a number from {low:g} to {high:g}") from None
        if not low <= value <= high:  # also refuses nan
            raise ValueError(f"expected a number from {low:g} to {high:g}")
        return value

    return read


def timezone(text: str) -> str:
    """An IANA time zone name that this machine's tz database knows."""
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        hint = _did_you_mean(text, zoneinfo.available_timezones())
        raise ValueError(f"expected an IANA time zone such as Europe/Brussels{hint}") from None
    return text


def office_hours(text: str) -> str:
    """Weekly hours as hotline/platform/schedule.py reads them ("mon-fri 09:00-17:00")."""
    try:
        schedule.parse(text, "UTC")
    except schedule.ScheduleError as error:
        raise ValueError(f"{error}; e.g. 'mon-fri 09:00-12:30; mon-thu 13:30-17:00'") from None
    return text


def quiet_window(text: str) -> str:
    """ "HH:MM-HH:MM" (local time; may wrap midnight), or empty for none."""
    try:
        schedule.parse_daily_window(text)
    except schedule.QuietHoursError:
        raise ValueError("expected HH:MM-HH:MM such as 21:00-08:00, or empty for none") from None
    return text


def reminder_offsets(text: str) -> str:
    """Comma-separated offsets such as "1d@18:00,2h,90m", or empty for no reminders."""
    try:
        parse_offsets(text)
    except ValueError as error:
        raise ValueError(f"{error}; separate several with commas") from None
    return text


def language(text: str) -> str:
    """One of the nine content languages."""
    if text not in LANGUAGES:
        raise ValueError(f"expected one of {', '.join(LANGUAGES)}")
    return text


def countries(text: str) -> str:
    """ISO 3166 country codes separated by commas or spaces ("BE,NL,FR"), "*" for any, or
    empty for none."""
    codes = text.replace(",", " ").split()
    if all(code == "*" or (len(code) == 2 and code.isalpha()) for code in codes):
        return text
    raise ValueError("expected two-letter country codes such as BE,NL,FR, * for any, or empty")


def web_url(text: str) -> str:
    """An http(s) URL with a host; the trailing slash is dropped."""
    url = urlparse(text)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ValueError("expected an http(s) URL such as https://hotline.example.org")
    return text.rstrip("/")


def redis_url(text: str) -> str:
    """redis://, rediss:// (TLS) or unix:// URL."""
    url = urlparse(text)
    if url.scheme not in REDIS_SCHEMES or not (url.hostname or url.path):
        raise ValueError("expected redis://host:6379/0, rediss://… (TLS) or unix:///path?db=0")
    return text


def fernet_key(text: str) -> str:
    """A Fernet key (32 url-safe base64 bytes), as `hotline doctor` and the docs generate."""
    try:
        Fernet(text.encode())
    except ValueError:
        raise ValueError(f"expected a Fernet key (make one with: {FERNET_KEY_COMMAND})") from None
    return text


def twilio_sid(prefix: str) -> Reader:
    """A Twilio SID: `prefix` then 32 hexadecimal digits (AC… account, MG… service)."""

    def read(text: str) -> str:
        body = text[len(prefix) :]
        if not text.startswith(prefix) or len(body) != SID_HEX_DIGITS or not _hex(body):
            raise ValueError(f"expected {prefix} followed by 32 hexadecimal digits")
        return text

    return read


def sms_sender(text: str) -> str:
    """An E.164 number (+32…) or an alphanumeric sender id (up to 11 letters and digits)."""
    if _e164(text) or (len(text) <= 11 and text.isalnum() and not text.isdigit()):
        return text
    raise ValueError("expected an E.164 number such as +32460000000 or an alphanumeric sender id")


def whatsapp_sender(text: str) -> str:
    """ "whatsapp:" followed by an E.164 number."""
    if text.startswith("whatsapp:") and _e164(text.removeprefix("whatsapp:")):
        return text
    raise ValueError("expected whatsapp:+32… (whatsapp: and an E.164 number)")


def directory(text: str) -> Path:
    """A path (it may not exist yet: local data directories are created on first use)."""
    return Path(text)


def existing_directory(text: str) -> Path:
    """A directory that exists (the content the hotline answers from)."""
    path = Path(text)
    if not path.is_dir():
        raise ValueError("expected an existing directory")
    return path


def existing_file(text: str) -> str:
    """A file that exists and can be read."""
    if not Path(text).is_file():
        raise ValueError("expected an existing, readable file")
    return text


def text_value(text: str) -> str:
    """Any text (names, numbers shown to texters, tokens)."""
    return text


def hidden(text: str) -> str:
    """How a refused secret is shown: its length only."""
    return f"(hidden, {len(text)} characters)"


def without_password(text: str) -> str:
    """How a refused URL is shown: quoted, with any password masked."""
    return repr(_PASSWORD.sub(r"\1***@", text))


def _e164(text: str) -> bool:
    digits = text.removeprefix("+")
    return text.startswith("+") and digits.isdigit() and 8 <= len(digits) <= 15


def _hex(text: str) -> bool:
    return all(char in "0123456789abcdefABCDEF" for char in text)


def _did_you_mean(text: str, known: set[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(text, sorted(known), n=1, cutoff=0.8)
    return f" (did you mean {close[0]}?)" if close else ""
