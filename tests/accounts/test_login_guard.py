"""The login lock-out: per (account, address) pair and per address, checked and counted in one
atomic step, by keyed fingerprints; real staff are not locked out by someone else's guessing."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import threading
import uuid

import pytest
from cryptography.fernet import Fernet

from hotline import create_app
from hotline.accounts import login_guard, users
from hotline.platform import Privacy, store
from tests.console_helpers import PASSWORD, csrf_token, make_user

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"
PROXY = "10.1.2.3"


@pytest.fixture
def long_locks(monkeypatch):
    """A first lock of a minute instead of 2 s: a slow machine must not see it end mid-test."""
    monkeypatch.setattr(login_guard, "FIRST_LOCK_SECONDS", 60)


def _admit(services, email: str, ip: str) -> login_guard.Attempt:
    return login_guard.admit(services.redis, login_guard.subject(services.privacy, email, ip))


def test_free_attempts_then_doubling_locks():
    assert [login_guard.lock_seconds(n) for n in range(1, 9)] == [0, 0, 0, 0, 2, 4, 8, 16]
    assert login_guard.lock_seconds(100) == login_guard.MAX_LOCK_SECONDS


def test_the_fifth_attempt_of_a_pair_locks_that_pair_only(services):
    attempts = [_admit(services, "a@b.c", ATTACKER) for _ in range(login_guard.FREE_ATTEMPTS)]
    assert [a.wait for a in attempts] == [0] * login_guard.FREE_ATTEMPTS
    assert [a.lock for a in attempts] == [0, 0, 0, 0, 2]
    assert (attempts[-1].pair_lock, attempts[-1].address_lock) == (2, 0)
    assert _admit(services, "A@B.C", ATTACKER).wait > 0  # the same pair, however written
    assert _admit(services, "a@b.c", OFFICE).wait == 0  # the same account elsewhere
    assert _admit(services, "x@y.z", ATTACKER).wait == 0  # another account, same address


def test_an_address_trying_many_accounts_is_locked(services):
    for n in range(login_guard.ADDRESS_FREE_ATTEMPTS):
        assert _admit(services, f"guess{n}@example.org", ATTACKER).wait == 0
    assert _admit(services, "admin@example.org", ATTACKER).wait > 0
    assert _admit(services, "admin@example.org", OFFICE).wait == 0


def test_a_success_clears_its_pair_and_takes_back_only_its_own_attempt(services):
    r = services.redis
    for _ in range(3):
        _admit(services, "a@b.c", OFFICE)
    who = login_guard.subject(services.privacy, "a@b.c", OFFICE)
    login_guard.record_success(r, who)
    assert r.get(store.login_failures(login_guard.PAIR, who.pair)) is None
    assert r.get(store.login_failures(login_guard.ADDRESS, who.address)) == "2"
    for _ in range(5):
        login_guard.record_success(r, who)
    assert r.get(store.login_failures(login_guard.ADDRESS, who.address)) == "0"
    assert r.ttl(store.login_failures(login_guard.ADDRESS, who.address)) > 0


def test_parallel_guesses_get_exactly_the_free_password_checks(services, long_locks):
    start = threading.Barrier(64)

    def guess(_: int) -> int:
        start.wait()
        return _admit(services, "admin@example.org", ATTACKER).wait

    with concurrent.futures.ThreadPoolExecutor(64) as pool:
        waits = list(pool.map(guess, range(64)))
    assert waits.count(0) == login_guard.FREE_ATTEMPTS


def test_keys_and_fingerprints_are_keyed_and_never_hold_the_email_or_address(services):
    _admit(services, "a@b.c", "10.0.0.1")
    keys = " ".join(services.redis.keys(store.key("login", "*")))
    assert "a@b.c" not in keys and "10.0.0.1" not in keys
    other = login_guard.subject(Privacy(Fernet.generate_key().decode()), "a@b.c", "10.0.0.1")
    mine = login_guard.subject(services.privacy, "a@b.c", "10.0.0.1")
    assert mine.pair != other.pair and mine.address != other.address  # not a plain hash


def _login(client, email: str, password: str, **headers: str):
    token = csrf_token(client)
    return client.post(
        "/console/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers=headers,
    )


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _long_attack(services, email: str, ip: str) -> None:
    """Pretend `ip` has been guessing `email`'s password for a while: its next failure locks
    the pair for 32 seconds (long enough for a slow test machine)."""
    who = login_guard.subject(services.privacy, email, ip)
    services.redis.set(store.login_failures(login_guard.PAIR, who.pair), 9, ex=3600)
    services.redis.delete(store.login_lock(login_guard.PAIR, who.pair))  # between two locks


def test_an_attacker_hammering_the_admin_does_not_lock_the_admin_out(app, services):
    admin = make_user(services, users.ADMIN)
    attacker, office = _client(app, ATTACKER), _client(app, OFFICE)
    answers = []
    for _ in range(login_guard.FREE_ATTEMPTS + 1):
        _login(attacker, admin, "guess guess guess")
        answers.append(_login(office, admin, PASSWORD).status_code)
        office.post("/console/logout", data={"csrf_token": csrf_token(office, "/console/")})
    _long_attack(services, admin, ATTACKER)
    assert _login(attacker, admin, "guess guess guess").status_code == 401  # locks it 32 s
    answers.append(_login(office, admin, PASSWORD).status_code)
    assert answers == [302] * (login_guard.FREE_ATTEMPTS + 2)
    assert _login(attacker, admin, PASSWORD).status_code == 429  # the attacker's pair waits


@pytest.fixture
def quick_unknown_emails(monkeypatch):
    """Unknown e-mails fail without argon2's work (these tests count addresses, not hashes)."""
    real = users.authenticate
    monkeypatch.setattr(
        users, "authenticate", lambda r, e, p: real(r, e, p) if users.get(r, e) else None
    )


def _behind_proxy(services, proxies: int):
    services.settings = dataclasses.replace(services.settings, trusted_proxies=proxies)
    app = create_app(services=services)
    app.config.update(TESTING=True)
    return _client(app, PROXY)


def test_behind_a_trusted_proxy_guessing_on_random_emails_does_not_lock_others_out(
    services, quick_unknown_emails, long_locks
):
    admin = make_user(services, users.ADMIN)
    client = _behind_proxy(services, 1)
    for _ in range(login_guard.ADDRESS_FREE_ATTEMPTS + 2):
        email = f"{uuid.uuid4().hex[:8]}@example.org"
        _login(client, email, "guess guess guess", **{"X-Forwarded-For": ATTACKER})
    assert _login(client, admin, PASSWORD, **{"X-Forwarded-For": OFFICE}).status_code == 302
    address = login_guard.subject(services.privacy, "", ATTACKER).address
    counter = store.login_failures(login_guard.ADDRESS, address)
    assert int(services.redis.get(counter)) >= login_guard.ADDRESS_FREE_ATTEMPTS  # locked by now


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forged_forwarded_for_does_not_escape_the_address_lock(
    services, proxies, quick_unknown_emails, long_locks
):
    """Without trusted proxies the header is ignored; with one, only the hop it added counts."""
    client = _behind_proxy(services, proxies)
    statuses = []
    for n in range(login_guard.ADDRESS_FREE_ATTEMPTS + 1):
        forged = f"192.0.2.{n}" + (f", {ATTACKER}" if proxies else "")
        response = _login(client, f"u{n}@example.org", "guess guess", **{"X-Forwarded-For": forged})
        statuses.append(response.status_code)
    assert statuses[-1] == 429


def test_parallel_logins_check_the_password_only_the_free_number_of_times(
    app, services, monkeypatch, long_locks
):
    admin = make_user(services, users.ADMIN)
    checks = []
    real = users.authenticate
    monkeypatch.setattr(users, "authenticate", lambda *a: checks.append(1) or real(*a))
    clients = [_client(app, ATTACKER) for _ in range(64)]
    tokens = [csrf_token(c) for c in clients]
    start = threading.Barrier(64)

    def guess(n: int) -> int:
        start.wait()
        form = {"email": admin, "password": f"guess {n} guess", "csrf_token": tokens[n]}
        return clients[n].post("/console/login", data=form).status_code

    with concurrent.futures.ThreadPoolExecutor(64) as pool:
        statuses = list(pool.map(guess, range(64)))
    assert len(checks) == login_guard.FREE_ATTEMPTS
    assert statuses.count(401) == login_guard.FREE_ATTEMPTS
    assert statuses.count(429) == 64 - login_guard.FREE_ATTEMPTS


def test_a_failure_restarts_its_locks_after_the_password_check(services):
    for _ in range(login_guard.FREE_ATTEMPTS - 1):
        _admit(services, "a@b.c", ATTACKER)
    attempt = _admit(services, "a@b.c", ATTACKER)
    who = login_guard.subject(services.privacy, "a@b.c", ATTACKER)
    lock = store.login_lock(login_guard.PAIR, who.pair)
    services.redis.pexpire(lock, 300)  # most of the lock went by during the password check
    login_guard.record_failure(services.redis, who, attempt)
    assert services.redis.ttl(lock) == 2
