"""Slow down password guessing on the console: per-email and per-IP failure counters in Redis.

After `FREE_ATTEMPTS` failures within the window, each further failure locks the email (or the
IP address) for a growing time: 2 s, 4 s, 8 s ... up to `MAX_LOCK_SECONDS`. While locked, the
login is refused before the password is even checked. A success clears the email's counter (not
the IP's, so one valid account cannot be used to reset guessing on others). Keys carry keyed
hashes of the email and the address, never the values themselves.

Counter lifecycle (per email and per IP)::

    clean --failure--> counting (n < FREE_ATTEMPTS) --failure--> locked for 2^(n-FREE) s
    locked --lock expires--> counting --success (email only)--> clean
    counting --WINDOW_SECONDS without failure--> clean
"""

from __future__ import annotations

import hashlib

import redis

from hotline.platform import store

FREE_ATTEMPTS = 5
WINDOW_SECONDS = 3600
MAX_LOCK_SECONDS = 15 * 60
EMAIL = "email"
IP = "ip"


def fingerprint(value: str) -> str:
    """A short one-way name for an email or address, for keys and logs."""
    return hashlib.sha256(b"hotline-login:" + value.strip().lower().encode()).hexdigest()[:16]


def _subjects(email: str, ip: str) -> tuple[tuple[str, str], ...]:
    return ((EMAIL, fingerprint(email)), (IP, fingerprint(ip)))


def locked_for(r: redis.Redis, email: str, ip: str) -> int:
    """Seconds before this email or address may try again (0: now)."""
    waits = [r.ttl(store.login_lock(kind, name)) for kind, name in _subjects(email, ip)]
    return max([0, *waits])


def lock_seconds(failures: int) -> int:
    """How long a failure number `failures` locks: nothing, then doubling, capped."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(MAX_LOCK_SECONDS, 2 ** (failures - FREE_ATTEMPTS + 1))


def record_failure(r: redis.Redis, email: str, ip: str) -> int:
    """Count one failed login; returns the lock it earned (seconds, 0 for none)."""
    longest = 0
    for kind, name in _subjects(email, ip):
        counter = store.login_failures(kind, name)
        failures = r.incr(counter)
        r.expire(counter, WINDOW_SECONDS)
        seconds = lock_seconds(failures)
        if seconds:
            r.set(store.login_lock(kind, name), failures, ex=seconds)
        longest = max(longest, seconds)
    return longest


def record_success(r: redis.Redis, email: str) -> None:
    """A correct password clears the email's counter."""
    name = fingerprint(email)
    r.delete(store.login_failures(EMAIL, name), store.login_lock(EMAIL, name))
