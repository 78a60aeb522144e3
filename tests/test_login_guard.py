"""Failed console logins lock an email or address for a growing time; success clears the email."""

from __future__ import annotations

from hotline.accounts import login_guard
from hotline.platform import store


def test_free_attempts_then_doubling_locks():
    assert [login_guard.lock_seconds(n) for n in range(1, 9)] == [0, 0, 0, 0, 2, 4, 8, 16]
    assert login_guard.lock_seconds(100) == login_guard.MAX_LOCK_SECONDS


def test_failures_lock_the_email_and_the_address(services):
    r = services.redis
    for _ in range(login_guard.FREE_ATTEMPTS - 1):
        assert login_guard.record_failure(r, "a@b.c", "10.0.0.1") == 0
    assert login_guard.locked_for(r, "a@b.c", "10.0.0.1") == 0
    assert login_guard.record_failure(r, "a@b.c", "10.0.0.1") == 2
    assert login_guard.locked_for(r, "A@B.C", "10.0.0.9") > 0  # same email, other address
    assert login_guard.locked_for(r, "x@y.z", "10.0.0.1") > 0  # same address, other email


def test_success_clears_the_email_only(services):
    r = services.redis
    for _ in range(login_guard.FREE_ATTEMPTS):
        login_guard.record_failure(r, "a@b.c", "10.0.0.1")
    login_guard.record_success(r, "a@b.c")
    assert login_guard.locked_for(r, "a@b.c", "10.0.0.2") == 0
    assert login_guard.locked_for(r, "x@y.z", "10.0.0.1") > 0


def test_keys_never_hold_the_email_or_address(services):
    login_guard.record_failure(services.redis, "a@b.c", "10.0.0.1")
    keys = " ".join(services.redis.keys(store.key("login", "*")))
    assert "a@b.c" not in keys and "10.0.0.1" not in keys
