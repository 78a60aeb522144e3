"""Texters' numbers as staff see them: masked by default, revealed only with a written reason.

A console page shows `masked(...)`; calling a texter back needs the full number, which
`reveal(...)` decrypts only after writing who asked, about which record (a callback or a
registration reference, never a texter id) and why to the audit log. The number itself never
enters the audit log, the logs or any other record.
"""

from __future__ import annotations

from hotline import texters
from hotline.platform import Services, audit, mask

REVEAL_NUMBER = "number.revealed"  # audit action: a console user displayed a full number
MIN_REASON = 5
UNKNOWN = "—"


class RevealError(ValueError):
    """The number cannot be revealed (no reason given, or no number on record)."""


def number_of(services: Services, texter_id: str) -> str:
    """The decrypted number of a texter, or "" when none is on record."""
    token = texters.phone_token(services.redis, texter_id)
    return services.privacy.decrypt(token) if token else ""


def masked(services: Services, texter_id: str) -> str:
    """ "+32 4•• •• •• 36" for a texter, or a dash when no number is on record."""
    number = number_of(services, texter_id)
    return mask(number) if number else UNKNOWN


def reveal_token(services: Services, token: str, actor: str, reason: str, about: str) -> str:
    """Decrypt a stored number token after auditing actor, record reference and reason."""
    if len(reason.strip()) < MIN_REASON:
        raise RevealError("a reason is required")
    if not token:
        raise RevealError("no number on record")
    number = services.privacy.decrypt(token)
    audit.record(services.redis, REVEAL_NUMBER, actor=actor, reason=reason.strip(), about=about)
    return number


def reveal(services: Services, texter_id: str, actor: str, reason: str, about: str) -> str:
    """The full number of a texter, after auditing who asked, about what record, and why."""
    token = texters.phone_token(services.redis, texter_id)
    return reveal_token(services, token, actor, reason, about)
