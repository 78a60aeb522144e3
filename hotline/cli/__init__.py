"""The `hotline` command: run the hotline locally, serve it, and work with its data.

Subcommand groups live in sibling modules (one per domain) and are registered in `COMMANDS`.
Every command starts by checking the settings (hotline/platform/config.py): a bad or misspelt
one stops it with one line per problem and exit status 78, never a traceback.
"""

from __future__ import annotations

import click

from hotline.cli import broadcasts as broadcasts_cli
from hotline.cli import callbacks as callbacks_cli
from hotline.cli import chat, content, doctor, processes
from hotline.cli import outbound as outbound_cli
from hotline.cli import users as users_cli
from hotline.cli import workshops as workshops_cli
from hotline.platform import EX_CONFIG, ConfigError, Settings, startup

__all__ = ["COMMANDS", "main"]

COMMANDS = (
    processes.run,
    processes.web,
    processes.worker,
    outbound_cli.send,
    outbound_cli.outbox,
    chat.chat,
    content.content,
    doctor.doctor,
    callbacks_cli.callbacks_group,
    callbacks_cli.staff_group,
    users_cli.users,
    workshops_cli.workshops_group,
    broadcasts_cli.broadcast,
    broadcasts_cli.broadcasts_group,
)


class HotlineGroup(click.Group):
    """The command group: a ConfigError from any command becomes its lines and exit 78."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; refuse with the settings' problems instead of a traceback."""
        try:
            return super().invoke(ctx)
        except ConfigError as error:
            for line in startup.refusal_lines(error):
                click.echo(line, err=True)
            ctx.exit(EX_CONFIG)


@click.group(cls=HotlineGroup)
def main() -> None:
    """SMS/WhatsApp information hotline: local run, workers and data tools."""
    Settings.from_env()  # every command refuses to start on a bad or misspelt setting


for command in COMMANDS:
    main.add_command(command)
