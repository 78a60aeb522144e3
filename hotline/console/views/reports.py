"""Reports for coordinators and funders: messages per week, unknown texts, callback waits,
what each staff member did.

Figures come from `hotline.reporting.reports` (and the callbacks and subscriptions domains);
charts are server-side SVG with the legend beside its series, weeks shown by the date of their
Monday, information topics apart from intents (STOP, menu, LANGUE…), and every table has a CSV
download. Topic subscriptions are shown as counts; staff figures name staff, never texters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import replace

from babel.dates import format_date
from flask import Response, g, render_template, request
from flask.typing import ResponseReturnValue

from hotline.accounts import users
from hotline.broadcasts import subscriptions
from hotline.callbacks import cases
from hotline.console import charts, words
from hotline.console.auth import requires
from hotline.console.blueprint import bp, services
from hotline.console.i18n import DEFAULT
from hotline.reporting import reports
from hotline.text import display

INFO = "info"  # content topics of this kind answer questions; the others are intents

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


def week_date(label: str) -> str:
    """ "2026-W48" -> "23 nov." (its Monday, in the UI language)."""
    year, _, week = label.partition("-W")
    monday = dt.date.fromisocalendar(int(year), int(week), 1)
    return format_date(monday, "d MMM", locale=g.get("ui_language") or DEFAULT)


def _is_info(topic: str) -> bool:
    found = services().content.topics.get(topic)
    return bool(found and found.kind == INFO)


@bp.get("/reports")
@requires(users.COORDINATOR)
def reports_page() -> ResponseReturnValue:
    """Charts and tables for the last weeks."""
    weeks, now = _weeks(), services().clock()
    timezone = services().settings.timezone
    labels = reports.recent_weeks(weeks, now, timezone)
    rows = reports.weekly(services().redis, weeks, now, timezone)
    dates = [week_date(label) for label in labels]
    info = [r for r in rows if _is_info(r.topic)]
    intents = [r for r in rows if not _is_info(r.topic)]
    return render_template(
        "console/reports.html",
        weeks=weeks,
        rows=rows,
        by_topic=charts.stacked(dates, _series(info, labels, "topic"), _names(info, "topic")),
        by_intent=charts.stacked(
            dates, _series(intents, labels, "topic"), _names(intents, "topic")
        ),
        by_language=charts.stacked(
            dates, _series(rows, labels, "language"), _names(rows, "language")
        ),
        unknown=_readable(reports.unknown_texts(services().redis, now, timezone)),
        waits=reports.callback_waits(services(), weeks, now),
        week_dates=dict(zip(labels, dates, strict=True)),
        staff_rows=reports.staff_figures(services(), weeks, now),
        outcomes=cases.OUTCOMES,
        subscribers=subscriptions.counts(services()),  # per topic: figures, never who
    )


def _readable(rows: list[reports.UnknownText]) -> list[reports.UnknownText]:
    """Unknown texts as typed: no direction control reorders them (hotline/text/display.py)."""
    return [replace(row, text=display.readable(row.text)) for row in rows]


def _names(rows: list[reports.WeekRow], by: str) -> dict[str, str]:
    """Series names in words: topics and languages as staff read them."""
    shown = words.topic_name if by == "topic" else words.language_name
    return {getattr(row, by): shown(getattr(row, by)) for row in rows}


def _cell(value: object) -> object:
    return reports.spreadsheet_cell(value)


def _csv(name: str, header: list[str], rows: Sequence[Sequence[object]]) -> Response:
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


@bp.get("/reports/staff.csv")
@requires(users.COORDINATOR)
def reports_staff_csv() -> ResponseReturnValue:
    """Per staff member: requests handled, median hours to the first call, outcomes."""
    rows = reports.staff_figures(services(), _weeks(), services().clock())
    header = ["staff", "handled", "median_hours_to_call", *cases.OUTCOMES]
    data = [
        [
            r.staff,
            r.handled,
            r.median_hours_to_call,
            *(r.outcomes.get(o, 0) for o in cases.OUTCOMES),
        ]
        for r in rows
    ]
    return _csv("staff", header, data)


@bp.get("/reports/unknown.csv")
@requires(users.COORDINATOR)
def reports_unknown_csv() -> ResponseReturnValue:
    """The normalised texts the content does not (surely) answer yet, with their counts."""
    settings = services().settings
    rows = reports.unknown_texts(services().redis, services().clock(), settings.timezone, 1000)
    data = [[row.text, row.language, row.kind, row.count] for row in rows]
    return _csv("unknown-texts", ["text", "language", "kind", "count"], data)
