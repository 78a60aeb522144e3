"""Console accounts: staff, coordinators and admins, stored in Redis with argon2 password hashes.

Accounts are created from the command line (`hotline users add`) or by an admin in the console;
there is no default account and no default password. A record keeps the email, the argon2 hash,
the role, the interface language and a `session_epoch` that is bumped whenever the password or
the role changes or the account is disabled, which ends every session opened before.

E-mails are compared after NFKC normalisation, with invisible characters (zero-width spaces
and joiners, bidi controls, soft hyphens, variation selectors, Hangul fillers) removed and in
lower case: "ad\u200bmin@solea.be" or a full-width "ａdmin" is the admin, not a look-alike
account next to it. `renormalize` brings accounts stored before this rule in line.

Every change is written to the audit log (hotline/platform/audit.py) with who made it.

Roles are nested: admin ⊇ coordinator ⊇ staff. Account lifecycle::

    (none) --add--> active --disable--> disabled --enable--> active
    active --set_password / set_role--> active (new session epoch: old sessions end)
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotline.platform import DecodedRedis, audit, store

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


# Characters that show nothing: format controls (Cf: zero-width space/joiners, bidi marks, soft
# hyphen, tags), control characters, and the blank letters that are not in those categories.
_INVISIBLE_CATEGORIES = ("Cf", "Cc")
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _invisible(char: str) -> bool:
    if unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _BLANK_LETTERS:
        return True
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"  # selectors


def normalize_email(email: str) -> str:
    """The form an e-mail is stored and compared in: NFKC, invisible characters removed,
    without surrounding spaces, lower case (look-alikes are the same account)."""
    composed = unicodedata.normalize("NFKC", email)
    return "".join(ch for ch in composed if not _invisible(ch)).strip().lower()


def _check(email: str, role: str, language: str) -> None:
    if "@" not in email or any(ch.isspace() for ch in email) or len(email) > 254:
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
    r: DecodedRedis,
    email: str,
    password: str,
    role: str,
    language: str = "fr",
    name: str = "",
    now: dt.datetime | None = None,
    actor: str = "",
) -> User:
    """Create an account (audited); refuses an existing email (use set_password to change one)."""
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
    audit.record(r, audit.ACCOUNT_CREATED, actor=actor, about=email, role=role)
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


def get(r: DecodedRedis, email: str) -> User | None:
    """The account with this email, or None."""
    record = r.hgetall(store.user(normalize_email(email)))
    return _from_record(record) if record.get("hash") else None


def all_users(r: DecodedRedis) -> list[User]:
    """Every account, sorted by email."""
    found = (get(r, email) for email in sorted(r.smembers(store.users())))
    return [user for user in found if user is not None]


def authenticate(r: DecodedRedis, email: str, password: str) -> User | None:
    """The active account when the password matches, else None (same work either way)."""
    key = store.user(normalize_email(email))
    stored = r.hget(key, "hash")
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if not stored:  # no account (whatever the dummy hash said)
        return None
    user = get(r, email)
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(stored):
        r.hset(key, "hash", _hasher.hash(password))
    return user


def _update(r: DecodedRedis, email: str, new_session: bool, **fields: str) -> User:
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


def set_password(r: DecodedRedis, email: str, password: str, actor: str = "") -> User:
    """Change a password (audited); every session opened with the old one ends."""
    check_password(password)
    user = _update(r, email, True, hash=_hasher.hash(password))
    audit.record(r, audit.ACCOUNT_PASSWORD, actor=actor, about=user.email)
    return user


def set_role(r: DecodedRedis, email: str, role: str, actor: str = "") -> User:
    """Change a role (audited); open sessions end so the new rights apply at once."""
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    before = get(r, email)
    user = _update(r, email, True, role=role)
    was = before.role if before else ""
    audit.record(r, audit.ACCOUNT_ROLE, actor=actor, about=user.email, role=role, was=was)
    return user


def set_active(r: DecodedRedis, email: str, active: bool, actor: str = "") -> User:
    """Disable or re-enable an account (audited; disabling ends its sessions)."""
    user = _update(r, email, True, active="1" if active else "0")
    action = audit.ACCOUNT_ENABLED if active else audit.ACCOUNT_DISABLED
    audit.record(r, action, actor=actor, about=user.email)
    return user


def renormalize(r: DecodedRedis) -> dict[str, str]:
    """Bring accounts stored before e-mails were NFKC-normalised in line; returns what was done.

    An account whose stored e-mail is not in normal form moves to its normal form; if that is
    taken (a look-alike of an existing account: "ad\u200bmin@…" next to "admin@…"), the
    look-alike is disabled, its sessions end and it leaves the account list (its record stays
    for whoever investigates). Both are audited. Idempotent.
    """
    done = {}
    for stored in sorted(r.smembers(store.users())):
        email = normalize_email(stored)
        if email == stored:
            continue
        done[stored] = _move(r, stored, email)
    return done


def _move(r: DecodedRedis, stored: str, email: str) -> str:
    old_key, new_key = store.user(stored), store.user(email)
    pipe = r.pipeline()
    if r.exists(new_key):
        pipe.hset(old_key, "active", "0")
        pipe.hincrby(old_key, "session_epoch", 1)
        pipe.srem(store.users(), stored)
        pipe.execute()
        audit.record(r, audit.ACCOUNT_LOOKALIKE, actor="hotline", about=email)
        return "disabled"
    pipe.rename(old_key, new_key)
    pipe.hset(new_key, "email", email)
    pipe.srem(store.users(), stored)
    pipe.sadd(store.users(), email)
    pipe.execute()
    audit.record(r, audit.ACCOUNT_RENAMED, actor="hotline", about=email)
    return "renamed"


def set_language(r: DecodedRedis, email: str, language: str) -> User:
    """The interface language this person reads the console in."""
    if language not in UI_LANGUAGES:
        raise UserError(f"language must be one of {', '.join(UI_LANGUAGES)}")
    return _update(r, email, False, language=language)
