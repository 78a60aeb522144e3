"""`hotline chat`: a terminal phone that talks to the real engine.

Each reply is shown exactly as the phone would show it, with its segment count and encoding, so
staff can try the hotline and writers can check content without Twilio.
"""

from __future__ import annotations

import click

from hotline.cli.common import services
from hotline.conversation import (
    CHANNELS,
    MAX_BODY,
    InboundError,
    InboundMessage,
    engine,
    parse_number,
)
from hotline.text import sms


@click.command()
@click.option("--from", "sender", default="+32470000000", show_default=True)
@click.option("--channel", type=click.Choice(CHANNELS), default="sms", show_default=True)
def chat(sender: str, channel: str) -> None:
    """Type messages as a texter; Ctrl-D or Ctrl-C ends the chat."""
    try:
        number = parse_number(sender)
    except InboundError as error:
        raise click.BadParameter(str(error), param_hint="--from") from error
    hotline = services()
    click.echo(f"Chatting as {number} over {channel}. Ctrl-D to quit.")
    while True:
        try:
            text = input("> ")
        except (EOFError, KeyboardInterrupt):
            click.echo("")
            return
        reply = engine.handle(InboundMessage(channel, number, text[:MAX_BODY]), hotline)
        click.echo(format_reply(reply.text))


def format_reply(text: str) -> str:
    """A reply as the phone shows it, followed by its SMS shape."""
    if not text:
        return "(no reply)"
    info = sms.segment_info(text)
    return f"{text}\n  [{info.segments} segment(s), {info.encoding}, {len(text)} characters]"
