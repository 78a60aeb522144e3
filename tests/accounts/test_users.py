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


@pytest.mark.parametrize(
    "look_alike",
    [
        "ad\u200bmin@example.org",  # zero-width space
        "admin\u200d@example.org",  # zero-width joiner
        "\u202eadmin@example.org",  # right-to-left override
        "ad\u00admin@example.org",  # soft hyphen
        "\uff41dmin@example.org",  # full-width a
        "ADMIN@EXAMPLE.ORG\ufe0f",  # variation selector
        "adm\u3164in@example.org",  # Hangul filler
    ],
)
def test_a_look_alike_email_is_the_same_account(services, look_alike):
    users.add(services.redis, "admin@example.org", PASSWORD, users.ADMIN)
    with pytest.raises(users.UserError, match="already exists"):
        users.add(services.redis, look_alike, PASSWORD, users.ADMIN)
    assert users.authenticate(services.redis, look_alike, PASSWORD).email == "admin@example.org"
    assert [u.email for u in users.all_users(services.redis)] == ["admin@example.org"]


def test_an_email_with_a_no_break_space_is_refused(services):
    with pytest.raises(users.UserError, match="not an email"):
        users.add(services.redis, "ana\u00a0b@example.org", PASSWORD, users.STAFF)


def test_changing_a_missing_account_says_so(services):
    for change in (
        lambda: users.set_active(services.redis, "nobody@example.org", False),
        lambda: users.set_role(services.redis, "nobody@example.org", users.ADMIN),
    ):
        with pytest.raises(users.UserError, match="no such account"):
            change()


def _legacy_account(services, stored: str, role: str = users.STAFF) -> None:
    """An account as the previous version stored it: its e-mail only lower-cased."""
    users.add(services.redis, "tmp@example.org", PASSWORD, role)
    services.redis.rename(store.user("tmp@example.org"), store.user(stored))
    services.redis.hset(store.user(stored), "email", stored)
    services.redis.srem(store.users(), "tmp@example.org")
    services.redis.sadd(store.users(), stored)


def test_renormalize_moves_old_accounts_and_disables_look_alikes(services):
    users.add(services.redis, "admin@example.org", PASSWORD, users.ADMIN)
    _legacy_account(services, "ad\u200bmin@example.org", users.ADMIN)
    _legacy_account(services, "\uff4eour@example.org")  # full-width n, nobody else
    assert users.renormalize(services.redis) == {
        "ad\u200bmin@example.org": "disabled",
        "\uff4eour@example.org": "renamed",
    }
    assert [u.email for u in users.all_users(services.redis)] == [
        "admin@example.org",
        "nour@example.org",
    ]
    assert users.authenticate(services.redis, "nour@example.org", PASSWORD) is not None
    assert services.redis.hget(store.user("ad\u200bmin@example.org"), "active") == "0"
    assert users.renormalize(services.redis) == {}  # idempotent


def test_console_disabling_a_missing_account_gives_a_message_not_a_500(app, services):
    from tests.console_helpers import csrf_token, logged_in

    admin = logged_in(app, services, users.ADMIN)
    token = csrf_token(admin, "/console/admin/users")
    for path, data in (
        ("/console/admin/users/nobody@example.org/disable", {}),
        ("/console/admin/users/nobody@example.org/role", {"role": "admin"}),
    ):
        response = admin.post(path, data={"csrf_token": token, **data}, follow_redirects=True)
        assert response.status_code == 200
        assert "Aucun compte nobody@example.org" in response.get_data(as_text=True)
