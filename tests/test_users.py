"""Console accounts: argon2 hashes, nested roles, session epochs, the `hotline users` command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hotline.accounts import users
from hotline.cli import main
from hotline.platform import store

PASSWORD = "a long enough password"


def test_add_stores_an_argon2_hash_never_the_password(services):
    users.add(services.redis, " Ana@Example.org ", PASSWORD, users.STAFF)
    record = services.redis.hgetall(store.user("ana@example.org"))
    assert record["hash"].startswith("$argon2")
    assert PASSWORD not in str(record)


def test_authenticate(services):
    users.add(services.redis, "ana@example.org", PASSWORD, users.COORDINATOR, "nl")
    user = users.authenticate(services.redis, "ANA@example.org", PASSWORD)
    assert user is not None and user.role == users.COORDINATOR and user.language == "nl"
    assert users.authenticate(services.redis, "ana@example.org", "wrong password") is None
    assert users.authenticate(services.redis, "nobody@example.org", PASSWORD) is None


def test_disabled_accounts_cannot_log_in(services):
    users.add(services.redis, "ana@example.org", PASSWORD, users.STAFF)
    users.set_active(services.redis, "ana@example.org", False)
    assert users.authenticate(services.redis, "ana@example.org", PASSWORD) is None


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [
        (users.STAFF, users.STAFF, True),
        (users.STAFF, users.COORDINATOR, False),
        (users.COORDINATOR, users.STAFF, True),
        (users.COORDINATOR, users.ADMIN, False),
        (users.ADMIN, users.COORDINATOR, True),
    ],
)
def test_roles_nest(role, needed, allowed):
    assert users.User("a@b.c", role).has_role(needed) is allowed


def test_refusals(services):
    with pytest.raises(users.UserError):
        users.add(services.redis, "not-an-email", PASSWORD, users.STAFF)
    with pytest.raises(users.UserError):
        users.add(services.redis, "a@b.c", "short", users.STAFF)
    with pytest.raises(users.UserError):
        users.add(services.redis, "a@b.c", PASSWORD, "root")
    users.add(services.redis, "a@b.c", PASSWORD, users.STAFF)
    with pytest.raises(users.UserError):
        users.add(services.redis, "A@b.c", PASSWORD, users.ADMIN)
    assert users.get(services.redis, "a@b.c").role == users.STAFF


def test_password_and_role_changes_bump_the_session_epoch(services):
    users.add(services.redis, "a@b.c", PASSWORD, users.STAFF)
    assert users.set_password(services.redis, "a@b.c", "another long password").session_epoch == 1
    assert users.set_role(services.redis, "a@b.c", users.ADMIN).session_epoch == 2
    assert users.set_language(services.redis, "a@b.c", "en").session_epoch == 2


@pytest.fixture
def cli_env(services, monkeypatch):
    monkeypatch.setenv("REDIS_URL", services.settings.redis_url)
    monkeypatch.setenv("HOTLINE_ENCRYPTION_KEY", services.settings.encryption_key)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(services.settings.var_dir))
    return services


def test_cli_add_with_password_stdin_and_list(cli_env):
    runner = CliRunner()
    result = runner.invoke(
        main, ["users", "add", "boss@example.org", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert users.authenticate(cli_env.redis, "boss@example.org", PASSWORD).role == users.ADMIN
    listed = runner.invoke(main, ["users", "list"])
    assert "boss@example.org" in listed.output and "admin" in listed.output
    assert PASSWORD not in listed.output


def test_cli_prompts_twice_and_refuses_a_mismatch(cli_env):
    runner = CliRunner()
    result = runner.invoke(
        main, ["users", "add", "ana@example.org", "--role", "staff"],
        input=f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert users.get(cli_env.redis, "ana@example.org") is not None


def test_cli_refuses_a_short_password(cli_env):
    result = CliRunner().invoke(
        main, ["users", "add", "ana@example.org", "--role", "staff", "--password-stdin"],
        input="short\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert users.get(cli_env.redis, "ana@example.org") is None
