"""`hotline users add|list|passwd|disable|enable`: console accounts from the command line.

The first admin is created here (there is no default account or password). Passwords are typed
twice at a hidden prompt, or read from standard input with `--password-stdin` for scripts;
they are never accepted as a command-line argument (that would leave them in shell history).
"""

from __future__ import annotations

import sys

import click

from hotline.accounts import users as accounts
from hotline.cli.common import services


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group()
def users() -> None:
    """Console accounts (staff, coordinator, admin)."""


@users.command()
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--language", type=click.Choice(accounts.UI_LANGUAGES), default="fr")
@click.option("--name", default="", help="Display name shown to colleagues.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def add(email: str, role: str, language: str, name: str, password_stdin: bool) -> None:
    """Create an account; the password is prompted for twice."""
    password = _password(password_stdin)
    try:
        user = accounts.add(services().redis, email, password, role, language, name)
    except accounts.UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {user.email} ({user.role}, {user.language})")


@users.command(name="list")
def list_users() -> None:
    """Every account with its role, language and state."""
    for user in accounts.all_users(services().redis):
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email:40} {user.role:12} {user.language}  {state}  {user.name}")


@users.command()
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def passwd(email: str, password_stdin: bool) -> None:
    """Set a new password (ends the account's open sessions)."""
    try:
        accounts.set_password(services().redis, email, _password(password_stdin))
    except accounts.UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"password changed for {accounts.normalize_email(email)}")


def _set_active(email: str, active: bool) -> None:
    try:
        user = accounts.set_active(services().redis, email, active)
    except accounts.UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{user.email} is now {'active' if user.active else 'disabled'}")


@users.command()
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account (ends its sessions)."""
    _set_active(email, False)


@users.command()
@click.argument("email")
def enable(email: str) -> None:
    """Re-enable a disabled account."""
    _set_active(email, True)
