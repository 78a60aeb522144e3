"""Reports for coordinators and funders: messages per week, unknown texts, callback waits.

Figures come from `hotline.reports` (and the callbacks and subscriptions domains); charts are
server-side SVG and every table has a CSV download. Topic subscriptions are shown as counts.
"""

from __future__ import annotations

import csv
import io

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue

from hotline.accounts import users
from hotline.broadcasts import subscriptions
from hotline.console import charts
from hotline.console.auth import requires
from hotline.console.blueprint import bp, services
from hotline.reporting import reports

DEFAULT_WEEKS = 12
MAX_WEEKS = 104


def _weeks() -> int:
    return max(1, min(request.args.get("weeks", DEFAULT_WEEKS, type=int) or 1, MAX_WEEKS))


def _series(rows: list[reports.WeekRow], weeks: list[str], by: str) -> dict[str, list[int]]:
    series: dict[str, list[int]] = {}
    for row in rows:
        values = series.setdefault(getattr(row, by), [0] * len(weeks))
        values[weeks.index(row.week)] += row.count
    return dict(sorted(series.items()))


@bp.get("/reports")
@requires(users.COORDINATOR)
def reports_page() -> ResponseReturnValue:
    """Charts and tables for the last weeks."""
    weeks, now = _weeks(), services().clock()
    timezone = services().settings.timezone
    labels = reports.recent_weeks(weeks, now, timezone)
    rows = reports.weekly(services().redis, weeks, now, timezone)
    short = [label.split("-")[1] for label in labels]
    return render_template(
        "console/reports.html",
        weeks=weeks,
        rows=rows,
        by_topic=charts.stacked(short, _series(rows, labels, "topic")),
        by_language=charts.stacked(short, _series(rows, labels, "language")),
        unknown=reports.unknown_texts(services().redis),
        waits=reports.callback_waits(services(), weeks, now),
        subscribers=subscriptions.counts(services()),  # per topic: figures, never who
    )


def _cell(value: object) -> object:
    return reports.spreadsheet_cell(value)


def _csv(name: str, header: list[str], rows: list[list[object]]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}.csv"},
    )


@bp.get("/reports/messages.csv")
@requires(users.COORDINATOR)
def reports_messages_csv() -> ResponseReturnValue:
    """Messages answered per week, topic and language."""
    settings = services().settings
    rows = reports.weekly(services().redis, _weeks(), services().clock(), settings.timezone)
    data = [[r.week, r.topic, r.language, r.count] for r in rows]
    return _csv("messages-per-week", ["week", "topic", "language", "messages"], data)


@bp.get("/reports/callbacks.csv")
@requires(users.COORDINATOR)
def reports_callbacks_csv() -> ResponseReturnValue:
    """Callback requests per week, how many were reached, median and longest wait (hours)."""
    rows = reports.callback_waits(services(), _weeks(), services().clock())
    data = [[r.week, r.requests, r.done, r.median_hours, r.longest_hours] for r in rows]
    header = ["week", "requests", "done", "median_hours_to_done", "longest_hours_to_done"]
    return _csv("callback-waits", header, data)


@bp.get("/reports/unknown.csv")
@requires(users.COORDINATOR)
def reports_unknown_csv() -> ResponseReturnValue:
    """The normalised texts the content does not (surely) answer yet, with their counts."""
    rows = reports.unknown_texts(services().redis, 1000)
    data = [[row.text, row.language, row.kind, row.count] for row in rows]
    return _csv("unknown-texts", ["text", "language", "kind", "count"], data)
