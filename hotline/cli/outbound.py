"""`hotline send` and `hotline outbox`: queue a one-off message, read what outbox mode "sent"."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

import click

from hotline import outbound
from hotline.cli.common import services
from hotline.outbound import OutboundRequest, whatsapp_menus
from hotline.platform import CHANNELS, SMS, InboundError


@click.command()
@click.argument("to")
@click.argument("message")
@click.option("--channel", type=click.Choice(CHANNELS), default=SMS, show_default=True)
def send(to: str, message: str, channel: str) -> None:
    """Queue MESSAGE (final text) to the number TO; a worker sends it."""
    hotline = services()
    try:
        request = OutboundRequest(
            to=to,
            channel=channel,
            purpose="cli",
            idempotency_key="cli:" + secrets.token_hex(8),
            body=message,
        )
        message_id = outbound.queue(hotline, request)
    except (InboundError, outbound.OutboundError) as error:
        raise click.UsageError(str(error)) from error
    mode = "Twilio" if hotline.settings.twilio_configured else "outbox"
    click.echo(f"queued {message_id} ({channel}, {mode} mode); run `hotline worker` to send it")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--limit", default=20, show_default=True)
def outbox(as_json: bool, limit: int) -> None:
    """Messages recorded by outbox mode (nothing left the machine), newest first."""
    records = outbound.outbox(services(), limit)
    if not records and not as_json:
        click.echo("The outbox is empty: nothing has been sent outside webhook replies yet.")
    for record in records:
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))
        else:
            click.echo(_line(record))


def _line(record: dict[str, Any]) -> str:
    when = dt.datetime.fromtimestamp(float(record.get("updated_at") or 0), dt.UTC)
    head = f"{when:%Y-%m-%d %H:%M:%S} {record['to']} [{record.get('sent_channel', '')}]"
    line = f"{head} {record['purpose']} {record['status']}\n  {record.get('text', '')}"
    taps = whatsapp_menus.taps(record.get("content_variables", ""))
    if taps:  # a WhatsApp reply sent with its list or buttons
        line += f"\n  [{record['content_sid']}] taps: " + " | ".join(taps)
    return line
