"""`hotline content check|export`: the coordinator's view of the content store."""

from __future__ import annotations

import json
import sys

import click

from hotline import content as store
from hotline import content_check
from hotline.config import Settings


def _load() -> tuple[Settings, store.Content]:
    settings = Settings.from_env()
    try:
        return settings, store.load(settings.content_dir)
    except store.ContentError as error:
        raise click.ClickException(str(error)) from error


@click.group()
def content() -> None:
    """Check and export the answers in content/."""


@content.command()
@click.option("--quiet", is_flag=True, help="Only findings, no segment report.")
def check(quiet: bool) -> None:
    """Validate content/: exit 1 on errors; warnings (stale, unreviewed) are shown."""
    settings, loaded = _load()
    if not quiet:
        for row in content_check.segment_rows(loaded):
            forced = "".join(row.info.ucs2_chars)
            extra = f"  UCS-2 because of: {forced}" if forced else ""
            click.echo(
                f"{row.topic:10} {row.message:14} {row.language}  "
                f"{row.info.segments} seg  {row.info.encoding:5}{extra}"
            )
    findings = content_check.check(loaded, settings.seeds_dir)
    for finding in findings:
        click.echo(str(finding))
    errors = sum(f.level == content_check.ERROR for f in findings)
    click.echo(f"{len(loaded.topics)} topics, {errors} errors, {len(findings) - errors} warnings")
    if errors:
        sys.exit(1)


@content.command()
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export(fmt: str) -> None:
    """Print every topic's keywords and its exact SMS and WhatsApp answers."""
    _, loaded = _load()
    click.echo(json.dumps(store.export_json(loaded), ensure_ascii=False, indent=2))
