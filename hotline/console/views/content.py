"""Contenus for coordinators: the review matrix, each topic's texts, the translators' CSV.

The matrix shows topics × languages (reviewed, to review, machine draft, missing; SMS segments);
a topic's page shows its actual texts per language, SMS and WhatsApp. The translators' CSV is
downloaded as the CLI exports it (UTF-8 with BOM) and uploaded back in two steps: a dry run that
reports what would change or every bad row, then the same validated import as
`hotline content import`, after which this process reloads the content and announces the reload
through Redis so that every other process (web workers, RQ workers) reloads it too.
"""

from __future__ import annotations

import io
import secrets

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from hotline import wiring
from hotline.accounts import users
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm
from hotline.console.i18n import local_time, translate
from hotline.content import files as content_files
from hotline.content import review as content_matrix
from hotline.content import spreadsheet
from hotline.languages import LANGUAGES
from hotline.platform import audit, store

UPLOAD_TTL = 1800  # seconds an uploaded CSV waits between its dry run and its import
IMPORTED = "content.imported"  # audit action
DELIMITERS = {"comma": ",", "semicolon": ";"}


def _rows() -> list[content_matrix.Row]:
    today = local_time(services().clock()).date()
    return content_matrix.matrix(services().content, today)


@bp.get("/content")
@requires(users.COORDINATOR)
def content() -> ResponseReturnValue:
    """Every message of every topic in the nine languages."""
    rows = _rows()
    return render_template(
        "console/content.html",
        rows=rows,
        languages=LANGUAGES,
        totals=content_matrix.totals(rows),
        action=ActionForm(),
    )


@bp.get("/content/topics/<topic_id>")
@requires(users.COORDINATOR)
def content_topic(topic_id: str) -> ResponseReturnValue:
    """One topic's texts, per message and language, with segments and review state."""
    if topic_id not in services().content.topics:
        abort(404)
    rows = [row for row in _rows() if row.topic == topic_id]
    return render_template("console/content_topic.html", topic=topic_id, rows=rows)


@bp.get("/content/answers.csv")
@requires(users.COORDINATOR)
def content_csv() -> ResponseReturnValue:
    """The translators' spreadsheet, as `hotline content export --format csv` writes it."""
    delimiter = DELIMITERS.get(request.args.get("delimiter", ""), ",")
    buffer = io.StringIO()
    raw = content_files.read_all(services().settings.content_dir)
    spreadsheet.write_csv(spreadsheet.export_rows(raw), buffer, delimiter)
    return Response(
        buffer.getvalue().encode(spreadsheet.CSV_ENCODING),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=answers.csv"},
    )


@bp.post("/content/import")
@requires(users.COORDINATOR)
def content_dry_run() -> ResponseReturnValue:
    """Step one: validate the uploaded CSV and report; nothing is written.

    The CSV (about 280 KB) may exceed the app's 256 KB request limit here only
    (`security.UPLOAD_LIMIT`).
    """
    if not ActionForm().validate_on_submit():
        return redirect(url_for("console.content"))
    upload = request.files.get("file")
    try:
        text = spreadsheet.decode_upload(upload.read() if upload else b"")
        plan = spreadsheet.import_text(text, services().settings.content_dir)
    except spreadsheet.CsvImportError as error:
        return _report(errors=[str(error)], status=400)
    token = secrets.token_hex(16) if plan.ok and plan.changed else ""
    if token:
        services().redis.set(store.content_upload(token), text, ex=UPLOAD_TTL)
    return _report(plan=plan, token=token, status=200 if plan.ok else 400)


def _report(
    plan: spreadsheet.ImportPlan | None = None,
    errors: list[str] | None = None,
    token: str = "",
    status: int = 200,
) -> ResponseReturnValue:
    page = render_template(
        "console/content_import.html",
        errors=errors if errors is not None else (plan.errors if plan else []),
        edited=plan.edited if plan else [],
        files=sorted(plan.changed) if plan else [],
        token=token,
        action=ActionForm(),
    )
    return page, status


@bp.post("/content/import/<token>")
@requires(users.COORDINATOR)
def content_import(token: str) -> ResponseReturnValue:
    """Step two: the same validated import as the CLI, then every process reloads the content."""
    key = store.content_upload(token)
    text = services().redis.get(key) if len(token) == 32 else None
    if not ActionForm().validate_on_submit() or text is None:
        flash(translate("content.upload_expired"))
        return redirect(url_for("console.content"))
    directory = services().settings.content_dir
    plan = spreadsheet.import_text(text, directory)  # validated again: content may have moved
    if not plan.ok:
        return _report(plan=plan, status=400)
    content_files.write_all(directory, plan.changed)
    services().redis.delete(key)
    wiring.reload_content(services())
    wiring.announce_content_reload(services())
    audit.record(services().redis, IMPORTED, actor=actor(), about=f"files:{len(plan.changed)}")
    flash(translate("content.imported", texts=len(plan.edited), files=len(plan.changed)))
    return redirect(url_for("console.content"))
