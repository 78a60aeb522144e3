"""`hotline callbacks …` and `hotline staff …`: the callback queue for staff and scripts.

The same domain functions as the staff console (`hotline.callbacks`, `hotline.staff`); phone
numbers are only ever shown masked.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from hotline import callbacks
from hotline.callbacks import staff
from hotline.cli.common import cli_actor, services
from hotline.languages import LANGUAGES

COLUMNS = ("reference", "status", "language", "topic", "priority", "attempts", "phone")


@click.group("callbacks")
def callbacks_group() -> None:
    """List and work the callback queue."""


@callbacks_group.command("list")
@click.option("--status", type=click.Choice(callbacks.STATUSES), default=None)
@click.option("--language", type=click.Choice(LANGUAGES), default=None)
@click.option("--topic", default="")
@click.option("--priority", type=click.Choice(callbacks.PRIORITIES), default=None)
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
def list_command(
    status: str | None, language: str | None, topic: str, priority: str | None, as_json: bool
) -> None:
    """Requests, open ones in queue order first (phone numbers masked)."""
    hotline = services()
    found = callbacks.list_requests(
        hotline, status=status or "", language=language or "", topic=topic,
        priority=priority or "",
    )  # fmt: skip
    rows = [callbacks.describe(hotline, request) for request in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo("  ".join(f"{row[c] or '-'!s:10}" for c in COLUMNS).rstrip())
        if row["note"]:
            click.echo(f"    note: {row['note']}")
        if row["note_translation"]:
            translation = row["note_translation"]
            click.echo(f"    [{translation['label']}] {translation['text']}")
    if not rows:
        click.echo("(no callback requests)")


def _act(action: Callable[..., callbacks.Callback], ref: str, *args: object) -> callbacks.Callback:
    try:
        return action(services(), ref, *args)
    except callbacks.CallbackError as error:
        raise click.ClickException(str(error)) from error


@callbacks_group.command()
@click.argument("ref")
@click.option("--staff", "staff_name", required=True, help="Who takes the call.")
def claim(ref: str, staff_name: str) -> None:
    """Take a waiting request for a lease; the texter is told you will call shortly."""
    request = _act(callbacks.claim, ref, staff_name)
    click.echo(f"{request.ref} claimed by {request.staff} (lease {request.lease})")


@callbacks_group.command()
@click.argument("ref")
def done(ref: str) -> None:
    """The call took place: close the request."""
    click.echo(f"{_act(callbacks.done, ref).ref} done")


@callbacks_group.command("no-answer")
@click.argument("ref")
def no_answer(ref: str) -> None:
    """Nobody answered: back to the queue, or closed after the last attempt."""
    request = _act(callbacks.no_answer, ref)
    click.echo(f"{request.ref} {request.status} after {request.attempts} attempt(s)")


@callbacks_group.command()
@click.argument("ref")
def cancel(ref: str) -> None:
    """Cancel a request (the texter is told by SMS)."""
    try:
        request = callbacks.cases.cancel(services(), ref, cli_actor())
    except callbacks.CallbackError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{request.ref} cancelled")


@callbacks_group.command()
def sweep() -> None:
    """Expire requests waiting too long and release leases whose job did not run."""
    click.echo(json.dumps(callbacks.sweep(services())))


@click.group("staff")
def staff_group() -> None:
    """Staff profiles: languages, phone for alerts, on-duty hours."""


@staff_group.command("add")
@click.argument("name")
@click.option("--phone", required=True, help="Number for new-request alerts.")
@click.option("--languages", required=True, help="Comma-separated, e.g. fr,ar.")
@click.option("--hours", default="", help='On duty, e.g. "mon-fri 09:00-17:00".')
def add(name: str, phone: str, languages: str, hours: str) -> None:
    """Create or replace a staff profile."""
    hotline = services()
    wanted = [lang.strip() for lang in languages.split(",") if lang.strip()]
    try:
        member = staff.add(
            hotline, name, phone=phone, languages=wanted, hours=hours, actor=cli_actor()
        )
    except staff.StaffError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{member.name}: {staff.public(hotline, member)['phone']}, {member.hours}")


@staff_group.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_staff(as_json: bool) -> None:
    """Every staff profile (phones masked)."""
    hotline = services()
    rows = [staff.public(hotline, member) for member in staff.everyone(hotline)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['name']:20} {','.join(row['languages']):12} {row['phone']}  {row['hours']}"
        )
    if not rows:
        click.echo("(no staff profiles)")


@staff_group.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Delete a staff profile."""
    if not staff.remove(services(), name, actor=cli_actor()):
        raise click.ClickException(f"no staff profile {name!r}")
    click.echo(f"{name} removed")
