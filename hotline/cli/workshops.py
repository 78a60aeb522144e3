"""`hotline workshops …`: add, list, show, reschedule and cancel workshops; seed the history.

The same domain functions as the staff console (`hotline.workshops`, `hotline.workshop_admin`).
Dates are typed and shown in Brussels local time ("2026-12-03 17:00"); registrants' numbers are
only ever shown masked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import click

from hotline import workshops
from hotline.cli.common import cli_actor, services
from hotline.languages import LANGUAGES
from hotline.platform import Services, dates
from hotline.workshops import admin as workshop_admin
from hotline.workshops import reminders
from hotline.workshops import seeding as workshop_seed


def _when(hotline: Services, text: str, option: str) -> dt.datetime:
    try:
        return dates.parse_local(text, hotline.settings.timezone)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from error


def _titles(title: str, translations: tuple[str, ...]) -> dict[str, str]:
    titles = {"fr": title}
    for item in translations:
        language, _, text = item.partition("=")
        if language not in LANGUAGES or not text.strip():
            raise click.BadParameter(f"{item!r}: use LANG=TEXT", param_hint="--title-in")
        titles[language] = text.strip()
    return titles


def _act(
    action: Callable[..., workshops.Workshop], *args: object, **kwargs: object
) -> workshops.Workshop:
    try:
        return action(*args, **kwargs)
    except workshops.WorkshopError as error:
        raise click.ClickException(str(error)) from error


@click.group("workshops")
def workshops_group() -> None:
    """Workshops: registrations by SMS (ATELIER), reminders, waiting lists."""


@workshops_group.command("add")
@click.option("--title", required=True, help="French title (the fallback language).")
@click.option("--title-in", "translations", multiple=True, help="LANG=TITLE, repeatable.")
@click.option("--description", default="", help="Short French description.")
@click.option("--starts-at", required=True, help='Brussels time, "2026-12-03 17:00".')
@click.option("--ends-at", required=True, help='Brussels time, "2026-12-03 19:00".')
@click.option("--place", required=True)
@click.option("--address", default="")
@click.option("--capacity", type=click.IntRange(min=1), default=None, help="Omit: no limit.")
@click.option("--languages", default="", help="Languages spoken, e.g. fr,ar.")
def add(
    title: str,
    translations: tuple[str, ...],
    description: str,
    starts_at: str,
    ends_at: str,
    place: str,
    address: str,
    capacity: int | None,
    languages: str,
) -> None:
    """Create a workshop; its reminders are scheduled at once."""
    hotline = services()
    workshop = _act(
        workshops.create,
        hotline,
        titles=_titles(title, translations),
        descriptions={"fr": description} if description else {},
        starts_at=_when(hotline, starts_at, "--starts-at"),
        ends_at=_when(hotline, ends_at, "--ends-at"),
        place=place,
        address=address,
        capacity=capacity,
        languages=tuple(x.strip() for x in languages.split(",") if x.strip()),
    )
    click.echo(f"Workshop {workshop.id} created: texters register with ATELIER {workshop.id}.")


@workshops_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
def list_command(as_json: bool) -> None:
    """Every workshop, past and cancelled included, by date."""
    hotline = services()
    rows = [workshop_admin.describe(hotline, w) for w in workshops.all_workshops(hotline)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        state = "past" if row["past"] and row["status"] == "scheduled" else row["status"]
        seats = f"{row['registered']}/{row['capacity'] or '∞'}"
        click.echo(
            f"{row['id']:>3}  {row['starts_at']}  {state:9}  {seats:>7} +{row['waiting']} waiting"
            f"  {row['title']} — {row['place']}"
        )
    if not rows:
        click.echo("(no workshops: `hotline workshops add …` or `hotline workshops seed`)")


@workshops_group.command("show")
@click.argument("workshop_id")
@click.option("--json", "as_json", is_flag=True)
def show(workshop_id: str, as_json: bool) -> None:
    """One workshop with its registrants (masked), waiting list and reminder schedule."""
    hotline = services()
    shown = workshop_admin.detail(hotline, _act(workshops.require, hotline, workshop_id))
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    click.echo(f"Workshop {shown['id']}: {shown['title']} ({shown['status']})")
    click.echo(f"  {shown['starts_at']} → {shown['ends_at']}, {shown['place']} {shown['address']}")
    click.echo(f"  capacity {shown['capacity'] or 'no limit'}, languages {shown['languages']}")
    for label, people in (("Registered", "registrants"), ("Waiting", "waiting_list")):
        click.echo(f"  {label} ({len(shown[people])}):")
        for person in shown[people]:
            click.echo(f"    {person['number']}  {person['language']}  since {person['since']}")
    click.echo("  Reminders:")
    for reminder in shown["reminders"]:
        state = reminders.STATE_LABELS.get(reminder["state"], reminder["state"])
        click.echo(f"    {reminder['offset']:9} {reminder['due']}  {state}")


@workshops_group.command("reschedule")
@click.argument("workshop_id")
@click.option("--starts-at", required=True)
@click.option("--ends-at", default="", help="Default: keep the same length.")
def reschedule(workshop_id: str, starts_at: str, ends_at: str) -> None:
    """Move a workshop: new reminders, and registrants are told the new date."""
    hotline = services()
    end = _when(hotline, ends_at, "--ends-at") if ends_at else None
    moved = _act(
        workshops.reschedule,
        hotline,
        workshop_id,
        _when(hotline, starts_at, "--starts-at"),
        end,
        actor=cli_actor(),
    )
    when = dates.show_local(moved.starts_at, hotline.settings.timezone)
    click.echo(f"Workshop {moved.id} moved to {when}; registrants are being told.")


@workshops_group.command("cancel")
@click.argument("workshop_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def cancel(workshop_id: str, yes: bool) -> None:
    """Cancel a workshop: reminders removed, every registrant told."""
    hotline = services()
    workshop = _act(workshops.require, hotline, workshop_id)
    registered, waiting = workshops.counts(hotline, workshop.id)
    if not yes:
        click.confirm(
            f"Cancel workshop {workshop.id} and tell {registered + waiting} people?", abort=True
        )
    _act(workshops.cancel, hotline, workshop_id, actor=cli_actor())
    click.echo(f"Workshop {workshop.id} cancelled; {registered + waiting} notices queued.")


@workshops_group.command("seed")
def seed() -> None:
    """Load the workshops of the seed deck (Atelier 2) once, as history for demos."""
    created = workshop_seed.seed(services())
    click.echo(f"Seeded workshops: {', '.join(created)}" if created else "Already seeded.")
