"""Console accounts: staff, coordinators and admins, stored in Redis with argon2 password hashes.

Accounts are created from the command line (`hotline users add`) or by an admin in the console;
there is no default account and no default password. A record keeps the email, the argon2 hash,
the role, the interface language and a `session_epoch` that is bumped whenever the password or
the role changes or the account is disabled, which ends every session opened before.

Roles are nested: admin ⊇ coordinator ⊇ staff. Account lifecycle::

    (none) --add--> active --disable--> disabled --enable--> active
    active --set_password / set_role--> active (new session epoch: old sessions end)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import redis
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotline.platform import store

STAFF = "staff"
COORDINATOR = "coordinator"
ADMIN = "admin"
ROLES = (STAFF, COORDINATOR, ADMIN)  # each role includes every role before it
UI_LANGUAGES = ("fr", "nl", "en")
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
# Verifying a login against this hash when the email is unknown keeps the timing the same.
_DUMMY_HASH = _hasher.hash("no such account, constant-time placeholder")


class UserError(ValueError):
    """An account cannot be created or changed as asked (bad email, role, password...)."""


@dataclass(frozen=True)
class User:
    """One console account, without its password hash."""

    email: str
    role: str
    language: str = "fr"
    name: str = ""
    active: bool = True
    session_epoch: int = 0
    created: str = ""

    def has_role(self, needed: str) -> bool:
        """True when this account's role includes `needed` (admin ⊇ coordinator ⊇ staff)."""
        return self.active and ROLES.index(self.role) >= ROLES.index(needed)


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def _check(email: str, role: str, language: str) -> None:
    if "@" not in email or " " in email or len(email) > 254:
        raise UserError("not an email address")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if language not in UI_LANGUAGES:
        raise UserError(f"language must be one of {', '.join(UI_LANGUAGES)}")


def check_password(password: str) -> None:
    """Refuse passwords too short to resist guessing on a shared office laptop."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")


def add(
    r: redis.Redis,
    email: str,
    password: str,
    role: str,
    language: str = "fr",
    name: str = "",
    now: dt.datetime | None = None,
) -> User:
    """Create an account; refuses an existing email (use set_password to change one)."""
    email = normalize_email(email)
    _check(email, role, language)
    check_password(password)
    created = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    record = {
        "email": email,
        "hash": _hasher.hash(password),
        "role": role,
        "language": language,
        "name": name.strip(),
        "active": "1",
        "session_epoch": "0",
        "created": created,
    }
    if not r.hsetnx(store.user(email), "email", email):
        raise UserError("an account with this email already exists")
    r.hset(store.user(email), mapping=record)
    r.sadd(store.users(), email)
    return _from_record(record)


def _from_record(record: dict[str, str]) -> User:
    return User(
        email=record["email"],
        role=record.get("role", STAFF),
        language=record.get("language", "fr"),
        name=record.get("name", ""),
        active=record.get("active") == "1",
        session_epoch=int(record.get("session_epoch", "0")),
        created=record.get("created", ""),
    )


def get(r: redis.Redis, email: str) -> User | None:
    """The account with this email, or None."""
    record = r.hgetall(store.user(normalize_email(email)))
    return _from_record(record) if record.get("hash") else None


def all_users(r: redis.Redis) -> list[User]:
    """Every account, sorted by email."""
    found = (get(r, email) for email in sorted(r.smembers(store.users())))
    return [user for user in found if user is not None]


def authenticate(r: redis.Redis, email: str, password: str) -> User | None:
    """The active account when the password matches, else None (same work either way)."""
    key = store.user(normalize_email(email))
    stored = r.hget(key, "hash")
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    user = get(r, email) if stored else None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(stored):
        r.hset(key, "hash", _hasher.hash(password))
    return user


def _update(r: redis.Redis, email: str, new_session: bool, **fields: str) -> User:
    key = store.user(normalize_email(email))
    if not r.hexists(key, "hash"):
        raise UserError("no such account")
    if fields:
        r.hset(key, mapping=fields)
    if new_session:
        r.hincrby(key, "session_epoch", 1)
    user = get(r, email)
    assert user is not None
    return user


def set_password(r: redis.Redis, email: str, password: str) -> User:
    """Change a password; every session opened with the old one ends."""
    check_password(password)
    return _update(r, email, True, hash=_hasher.hash(password))


def set_role(r: redis.Redis, email: str, role: str) -> User:
    """Change a role; open sessions end so the new rights apply at once."""
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    return _update(r, email, True, role=role)


def set_active(r: redis.Redis, email: str, active: bool) -> User:
    """Disable or re-enable an account (disabling ends its sessions)."""
    return _update(r, email, True, active="1" if active else "0")


def set_language(r: redis.Redis, email: str, language: str) -> User:
    """The interface language this person reads the console in."""
    if language not in UI_LANGUAGES:
        raise UserError(f"language must be one of {', '.join(UI_LANGUAGES)}")
    return _update(r, email, False, language=language)


def set_name(r: redis.Redis, email: str, name: str) -> User:
    """The display name shown to colleagues (claimed callbacks, audit log)."""
    return _update(r, email, False, name=name.strip()[:80])
