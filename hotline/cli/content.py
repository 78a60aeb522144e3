"""`hotline content check|export|import|translate|unknown`: coordinators and translators tools.

`check` and `export --format json` read the content; `export --format csv` and `import` are the
translators' spreadsheet round trip; `translate` drafts missing answers by machine. The two
commands that write (`import`, `translate`) validate first and write whole files atomically.
`unknown` lists what texters wrote that nothing (or nothing surely) matched, for writers to add
synonyms to `content/lexicon/`.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from hotline import content as store
from hotline import languages
from hotline.cli.common import services as cli_services
from hotline.content import checker as content_check
from hotline.content import files as content_files
from hotline.content import spreadsheet as content_csv
from hotline.content import translate as content_translate
from hotline.platform import Settings
from hotline.reporting import reports
from hotline.text import display

UNKNOWN_HEADER = ("text", "language", "kind", "count")


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
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True)
def export(fmt: str, output: Path | None, delimiter: str) -> None:
    """Print the exact answers (json), or the translators' spreadsheet (csv, UTF-8 with BOM).

    Use `--delimiter ";"` for Excel in a French or Belgian locale (it splits CSV on `;`).
    """
    settings, loaded = _load()
    if fmt == "json":
        click.echo(json.dumps(store.export_json(loaded), ensure_ascii=False, indent=2))
        return
    buffer = io.StringIO()
    rows = content_csv.export_rows(content_files.read_all(settings.content_dir))
    content_csv.write_csv(rows, buffer, delimiter)
    data = buffer.getvalue().encode(content_csv.CSV_ENCODING)
    if output:
        output.write_bytes(data)
    else:
        click.echo(data, nl=False)  # bytes go to the binary stdout as they are


@content.command(name="import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
def import_(csv_file: Path, dry_run: bool) -> None:
    """Write the texts and flags of an edited CSV back into content/ (all or nothing)."""
    settings, _ = _load()
    try:
        plan = content_csv.import_csv(csv_file, settings.content_dir)
    except content_csv.CsvImportError as error:
        raise click.ClickException(str(error)) from error
    for problem in plan.errors:
        click.echo(f"ERROR   {problem}", err=True)
    if not plan.ok:
        click.echo(f"{len(plan.errors)} errors: nothing written", err=True)
        sys.exit(1)
    for where in plan.edited:
        click.echo(f"edited  {where}")
    if not dry_run:
        _write(settings.content_dir, plan.changed)
    verb = "would rewrite" if dry_run else "rewrote"
    click.echo(f"{len(plan.edited)} texts edited; {verb} {len(plan.changed)} files")


@content.command()
@click.option("--to", "language", required=True, type=click.Choice(languages.LANGUAGES[1:]))
@click.option("--topic", "topic_ids", multiple=True, help="Only this topic (repeatable).")
@click.pass_context
def translate(ctx: click.Context, language: str, topic_ids: tuple[str, ...]) -> None:
    """Fill missing LANGUAGE answers with machine drafts (machine: true, reviewed: false)."""
    settings, _ = _load()
    raw = content_files.read_all(settings.content_dir)
    unknown = sorted(set(topic_ids) - set(raw))
    if unknown:
        raise click.BadParameter(f"unknown topic(s): {', '.join(unknown)}", param_hint="--topic")
    translator = (ctx.obj or {}).get("translator") or content_translate.default_translator()
    run = content_translate.draft_missing(raw, language, topic_ids or list(raw), translator)
    for topic_id, reason in run.failures.items():
        click.echo(f"FAILED  {topic_id}: {reason} (file left untouched)", err=True)
    for where in run.drafted:
        click.echo(f"drafted {where}")
    _write(settings.content_dir, run.changed)
    click.echo(f"{len(run.drafted)} drafts in {len(run.changed)} files; review them before use")
    if run.failures:
        sys.exit(1)


def _write(directory: Path, changed: dict[str, dict]) -> None:
    """Write topics atomically, saying which lost their # comments (YAML dumping drops them)."""
    commented = [t for t in changed if content_files.has_comments(directory, t)]
    for path in content_files.write_all(directory, changed):
        click.echo(f"wrote   {path.name}")
    for topic_id in commented:
        click.echo(f"WARNING {topic_id}.yaml: its # comments were dropped (see git diff)", err=True)


@content.command()
@click.option("--csv", "as_csv", is_flag=True, help="CSV (text, language, kind, count).")
@click.option("--limit", type=int, default=200, show_default=True)
def unknown(as_csv: bool, limit: int) -> None:
    """Texts nothing matched (unknown) or matched unsure of itself (unsure), most sent first.

    Normalised, digits removed, linked to no texter; the language is the one answered in.
    """
    hotline = cli_services()
    rows = reports.unknown_texts(hotline.redis, hotline.clock(), hotline.settings.timezone, limit)
    rows = [replace(row, text=display.readable(row.text)) for row in rows]
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(UNKNOWN_HEADER)
        cells = ([row.text, row.language, row.kind, row.count] for row in rows)
        writer.writerows([reports.spreadsheet_cell(value) for value in row] for row in cells)
        return
    for row in rows:
        click.echo(f"{row.count:6}  {row.kind:7}  {row.language or '-':2}  {row.text}")
    if not rows:
        click.echo("no unknown texts yet")
