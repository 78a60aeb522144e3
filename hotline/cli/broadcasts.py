"""`hotline broadcast …` and `hotline broadcasts list|show|cancel|topics`: messages to many texters.

`hotline broadcast` shows the preview (recipients and SMS segments per language, total cost),
asks for an explicit confirmation (or `--yes`), then plans the broadcast with a progress bar;
the worker sends the batches, paced, and `hotline broadcasts show ID --follow` follows each
message to its outcome: sent (accepted by Twilio), failed, skipped, or stopped by a cancel.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click
import yaml

from hotline import broadcasts
from hotline.broadcasts import audiences, subscriptions
from hotline.broadcasts import planner as broadcast_plan
from hotline.cli.common import cli_actor, services
from hotline.platform import Services, dates

POLL_SECONDS = 1


def _message(hotline: Services, path: Path) -> broadcasts.Message:
    try:
        return broadcasts.message_from(yaml.safe_load(path.read_text(encoding="utf-8")), hotline)
    except (yaml.YAMLError, broadcasts.BroadcastError) as error:
        raise click.BadParameter(str(error), param_hint="--message-file") from error


def _echo_preview(figures: broadcasts.Preview) -> None:
    click.echo("language  recipients  of which SMS  segments/SMS")
    for language, count in sorted(figures.recipients.items()):
        sms_count = figures.sms_recipients.get(language, 0)
        click.echo(f"{language:8}  {count:10}  {sms_count:11}  {figures.segments[language]:12}")
    click.echo(
        f"total: {figures.total_recipients} recipients, {figures.total_segments} SMS segments "
        f"(opted out: {figures.opted_out}, number forgotten: {figures.unreachable})"
    )


@click.command("broadcast")
@click.option(
    "--audience",
    required=True,
    help="registrants:ID | language:ar | recent:30 | topic:sante (its subscribers) | all",
)
@click.option("--message-file", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--at", "send_at", default="", help='Brussels time, "2026-12-02 10:00".')
@click.option("--yes", is_flag=True, help="Confirm without asking (after the preview).")
@click.option(
    "--follow",
    is_flag=True,
    help="After planning, a sending progress bar until every message has an outcome "
    "(Ctrl-C stops watching, not sending).",
)
def broadcast(audience: str, message_file: Path, send_at: str, yes: bool, follow: bool) -> None:
    """Preview, confirm and send (or schedule) a message to an audience."""
    hotline = services()
    message = _message(hotline, message_file)
    try:
        when = dates.parse_local(send_at, hotline.settings.timezone) if send_at else None
        broadcast_id, figures = broadcasts.create(hotline, audience, message, when)
    except (ValueError, audiences.AudienceError) as error:
        raise click.BadParameter(str(error)) from error
    _echo_preview(figures)
    if not figures.total_recipients:
        broadcasts.cancel(hotline, broadcast_id, actor=cli_actor())
        raise click.ClickException("nobody to send to; broadcast dropped")
    if not yes and not click.confirm(f"Send broadcast {broadcast_id}?", default=False):
        broadcasts.cancel(hotline, broadcast_id, actor=cli_actor())
        raise click.Abort()
    if broadcasts.confirm(hotline, broadcast_id, actor=cli_actor()) == broadcasts.SCHEDULED:
        click.echo(f"Broadcast {broadcast_id} scheduled for {send_at}.")
        return
    _plan(hotline, broadcast_id, figures.total_recipients)
    if follow:
        _follow(hotline, broadcast_id, broadcasts.progress(hotline, broadcast_id))
    else:
        click.echo(f"Follow: hotline broadcasts show {broadcast_id} --follow")


@click.group("broadcasts")
def broadcasts_group() -> None:
    """List, follow and cancel broadcasts."""


@broadcasts_group.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json: bool) -> None:
    """Every broadcast, newest first, with its progress."""
    hotline = services()
    rows, tz = broadcasts.all_broadcasts(hotline), hotline.settings.timezone
    if as_json:
        shown = [{**row.view(tz), "progress": broadcasts.progress_of(row)} for row in rows]
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    for row in rows:
        figures = broadcasts.progress_of(row)
        click.echo(
            f"{row.id:>4}  {row.status:9}  {row.audience:16}  "
            f"{summary(figures)}  {row.local_send_at(tz)}".rstrip()
        )
    if not rows:
        click.echo("(no broadcasts)")


@broadcasts_group.command("show")
@click.argument("broadcast_id")
@click.option("--follow", is_flag=True, help="A progress bar until it is done or cancelled.")
def show(broadcast_id: str, follow: bool) -> None:
    """Progress of one broadcast: handed over, then sent, failed, skipped, stopped."""
    hotline = services()
    shown = broadcasts.progress(hotline, broadcast_id)
    if not shown["status"]:
        raise click.ClickException(f"no broadcast {broadcast_id}")
    if follow:
        _follow(hotline, broadcast_id, shown)
        shown = broadcasts.progress(hotline, broadcast_id)
    click.echo(json.dumps(shown, indent=2))


def summary(shown: dict[str, Any]) -> str:
    """One line of figures: planned, handed over, sent, failed, skipped, stopped, waiting."""
    skipped = shown["skipped"] + shown["skipped_at_send"]
    line = (
        f"{shown['total']} planned, {shown['queued']} handed over, {shown['sent']} sent, "
        f"{shown['failed']} failed, {skipped} skipped"
    )
    if shown["stopped"] or shown["status"] == broadcasts.CANCELLED:
        line += f", {shown['stopped']} stopped by the cancel"
    if shown["pending"]:
        line += f", {shown['pending']} waiting to be sent"
    return line


def _reached(shown: dict[str, Any]) -> int:
    """Recipients whose fate is known (the progress bar's value)."""
    names = ("sent", "failed", "skipped", "skipped_at_send", "stopped")
    return sum(shown[name] for name in names)


def _plan(hotline: Services, broadcast_id: str, total: int) -> None:
    """Plan here with a progress bar, unless the worker's plan job got there first."""
    try:
        with click.progressbar(length=total, label="Planning") as bar:
            broadcast_plan.plan(hotline, broadcast_id, on_batch=bar.update)
    except broadcast_plan.PlanningElsewhere:
        click.echo(f"Broadcast {broadcast_id} is being planned by the worker.")
        return
    batches = broadcasts.progress(hotline, broadcast_id)["batches"]
    click.echo(f"Broadcast {broadcast_id}: {batches} batches handed to the worker (paced).")


def _pause() -> None:
    """Between two looks at the progress (tests replace it with running the jobs)."""
    time.sleep(POLL_SECONDS)


def _follow(hotline: Services, broadcast_id: str, shown: dict[str, Any]) -> None:
    """Until every message has an outcome (or the broadcast is cancelled)."""
    with click.progressbar(length=max(shown["total"], 1), label="Sending") as bar:
        done = 0
        while not shown["finished"] and shown["status"] != broadcasts.CANCELLED:
            bar.update(_reached(shown) - done)
            done = _reached(shown)
            _pause()
            shown = broadcasts.progress(hotline, broadcast_id)
        bar.update(_reached(shown) - done)
    click.echo(summary(shown))


@broadcasts_group.command("cancel")
@click.argument("broadcast_id")
def cancel(broadcast_id: str) -> None:
    """Stop a broadcast: nothing not sent yet goes out (even messages already handed over)."""
    hotline = services()
    if not broadcasts.cancel(hotline, broadcast_id, actor=cli_actor()):
        raise click.ClickException(f"broadcast {broadcast_id} has nothing left to stop")
    click.echo(f"Broadcast {broadcast_id} cancelled: messages not sent yet will not go out.")
    click.echo(summary(broadcasts.progress(hotline, broadcast_id)))


@broadcasts_group.command("topics")
@click.option("--json", "as_json", is_flag=True)
def topics_command(as_json: bool) -> None:
    """Topics texters can follow (SUIVRE SANTE) and how many do: the audiences topic:ID."""
    counts = subscriptions.counts(services())
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    for topic, count in counts.items():
        click.echo(f"topic:{topic:12}  {count:6} subscribers")
