"""The `hotline` command: run the hotline locally, serve it, and work with its data.

Subcommand groups live in sibling modules (one per domain) and are registered in `COMMANDS`.
"""

from __future__ import annotations

import click

from hotline.cli import broadcasts as broadcasts_cli
from hotline.cli import callbacks as callbacks_cli
from hotline.cli import chat, content, doctor, processes
from hotline.cli import outbound as outbound_cli
from hotline.cli import users as users_cli
from hotline.cli import workshops as workshops_cli

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


@click.group()
def main() -> None:
    """SMS/WhatsApp information hotline: local run, workers and data tools."""


for command in COMMANDS:
    main.add_command(command)
