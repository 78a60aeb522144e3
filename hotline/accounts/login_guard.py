"""Slow down password guessing on the console without locking real staff out.

Failures are counted per (account, address) pair and per address, never per account alone: an
attacker hammering the admin's e-mail from one address locks that pair and that address, while
the admin, from any other address, still logs in. The address is the client's as the trusted
proxies report it (hotline/web/proxies.py, `HOTLINE_TRUSTED_PROXIES`); without them every client
behind a proxy would share one address. An address gets more free attempts than a pair
(`ADDRESS_FREE_ATTEMPTS`): a whole office may sit behind one.

After the free attempts, each further try locks its pair (or address) for a growing time:
`FIRST_LOCK_SECONDS` (2 s), then 4 s, 8 s ... up to `MAX_LOCK_SECONDS`. The check and the
count are one atomic step (`admit`, a Lua script): an attempt is counted *before* its
password is checked, so 64 parallel guesses get exactly `FREE_ATTEMPTS` password checks, not
however many slipped in between a check and a count. A failure then restarts the locks its
attempt set, so a lock lasts its full time after the (slow, argon2) password check. A success
takes its own count back: it clears its pair, and takes one off its address (never more, so a
valid account cannot reset guessing on others). Keys and logs carry keyed fingerprints
(`Privacy.fingerprint`), never an e-mail or an address.

Counter lifecycle (per pair and per address)::

    clean --attempt--> counting (n < free) --attempt--> locked for FIRST_LOCK_SECONDS x 2^(n-free)
    locked: attempts refused without a password check --lock expires--> counting
    counting --success--> clean (pair) / n-1 (address)
    counting --WINDOW_SECONDS without an attempt--> clean
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline.accounts import users
from hotline.platform import DecodedRedis, Privacy, store

FREE_ATTEMPTS = 5  # per (account, address) pair
ADDRESS_FREE_ATTEMPTS = 20  # per address, whatever the accounts
WINDOW_SECONDS = 3600
FIRST_LOCK_SECONDS = 2  # the lock the first attempt past the free ones sets; doubling after
MAX_LOCK_SECONDS = 15 * 60
PAIR = "pair"
ADDRESS = "ip"

# KEYS: pair failures, pair lock, address failures, address lock.
# ARGV: pair free attempts, address free attempts, window, longest lock, first lock.
# Returns {seconds to wait (0: admitted), the pair lock set, the address lock set}.
_ADMIT = """
local wait = math.max(redis.call('TTL', KEYS[2]), redis.call('TTL', KEYS[4]), 0)
if wait > 0 then return {wait, 0, 0} end
local locks = {0, 0, 0}
for i, free in ipairs({tonumber(ARGV[1]), tonumber(ARGV[2])}) do
  local failures = redis.call('INCR', KEYS[2 * i - 1])
  redis.call('EXPIRE', KEYS[2 * i - 1], ARGV[3])
  if failures >= free then
    local seconds = math.floor(math.min(tonumber(ARGV[4]), ARGV[5] * 2 ^ (failures - free)))
    redis.call('SET', KEYS[2 * i], failures, 'EX', seconds)
    locks[i + 1] = seconds
  end
end
return locks
"""
# KEYS: pair failures, pair lock, address failures. A success clears its pair and takes its own
# attempt back from the address (never below zero, never a key without its expiry).
_SUCCEED = """
redis.call('DEL', KEYS[1], KEYS[2])
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
"""


@dataclass(frozen=True)
class Subject:
    """Who is trying, by keyed fingerprints only."""

    pair: str  # fingerprint of (account, address)
    address: str  # fingerprint of the address

    def keys(self) -> list[str]:
        """The failure counter and lock of the pair, then of the address."""
        return [
            store.login_failures(PAIR, self.pair),
            store.login_lock(PAIR, self.pair),
            store.login_failures(ADDRESS, self.address),
            store.login_lock(ADDRESS, self.address),
        ]


@dataclass(frozen=True)
class Attempt:
    """The verdict on one login attempt."""

    wait: int  # > 0: refused, try again in this many seconds (the password is not checked)
    pair_lock: int = 0  # the locks this attempt set (seconds), should its password be wrong
    address_lock: int = 0

    @property
    def lock(self) -> int:
        """The longest lock this attempt set."""
        return max(self.pair_lock, self.address_lock)


def subject(privacy: Privacy, email: str, ip: str) -> Subject:
    """The fingerprints of one attempt (the e-mail as the accounts normalise it)."""
    email = users.normalize_email(email)
    return Subject(
        pair=privacy.fingerprint("login-pair", f"{email}|{ip}"),
        address=privacy.fingerprint("login-ip", ip),
    )


def lock_seconds(failures: int, free: int = FREE_ATTEMPTS) -> int:
    """How long attempt number `failures` locks: nothing, then doubling, capped."""
    if failures < free:
        return 0
    return min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - free))


def admit(r: DecodedRedis, who: Subject) -> Attempt:
    """Check the locks and count this attempt, in one atomic step."""
    args = [FREE_ATTEMPTS, ADDRESS_FREE_ATTEMPTS, WINDOW_SECONDS, MAX_LOCK_SECONDS]
    args.append(FIRST_LOCK_SECONDS)
    wait, pair_lock, address_lock = r.eval(_ADMIT, 4, *who.keys(), *args)
    return Attempt(int(wait), int(pair_lock), int(address_lock))


def record_failure(r: DecodedRedis, who: Subject, attempt: Attempt) -> None:
    """A wrong password: the locks this attempt set start again from now, for their full time."""
    _, pair_lock, _, address_lock = who.keys()
    pipe = r.pipeline()
    for key, seconds in ((pair_lock, attempt.pair_lock), (address_lock, attempt.address_lock)):
        if seconds:
            pipe.expire(key, seconds)
    pipe.execute()


def record_success(r: DecodedRedis, who: Subject) -> None:
    """A correct password: its pair starts clean, its address forgets this one attempt."""
    r.eval(_SUCCEED, 3, *who.keys()[:3])
