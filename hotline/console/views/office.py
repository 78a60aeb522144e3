"""Office hours for admins: the weekly hours, Belgian public holidays and closure dates.

The weekly hours come from the settings (`HOTLINE_OFFICE_HOURS`) and are shown with the
interface language's day names; holidays come from the `holidays` library; closure dates are
entered here (audited) and close the office for texters' answers and the queue's expected times.
"""

from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional

from hotline.accounts import users
from hotline.console import case_view
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm
from hotline.console.i18n import DEFAULT, local_time, translate
from hotline.platform import audit, office, schedule

CLOSURE_ADDED = "office.closure_added"  # audit actions
CLOSURE_REMOVED = "office.closure_removed"


class ClosureForm(FlaskForm):
    """One closure date and why."""

    day = DateField("day", validators=[Optional()])
    label = StringField("label", validators=[Length(max=office.LABEL_MAX)])


def _today() -> dt.date:
    return local_time(services().clock()).date()


def _page(form: ClosureForm, status: int = 200) -> ResponseReturnValue:
    language = g.get("ui_language") or DEFAULT
    page = render_template(
        "console/office.html",
        hours=schedule.describe(services().settings.office_hours, language),
        status=case_view.office_status(services().clock()),
        closed=office.closed_days(services(), _today(), language),
        form=form,
        action=ActionForm(),
    )
    return page, status


@bp.get("/admin/office")
@requires(users.ADMIN)
def office_page() -> ResponseReturnValue:
    """The hours, the coming closed days, the closure form."""
    return _page(ClosureForm())


@bp.post("/admin/office/closures")
@requires(users.ADMIN)
def office_add_closure() -> ResponseReturnValue:
    """Close the office on one more date."""
    form = ClosureForm()
    if not form.validate_on_submit() or form.day.data is None:
        form.day.errors = [translate("office.bad_date")]
        return _page(form, 400)
    try:
        office.add_closure(services().redis, form.day.data, form.label.data or "", _today())
    except office.ClosureError:
        form.day.errors = [translate("office.past")]
        return _page(form, 400)
    day = form.day.data.isoformat()
    audit.record(services().redis, CLOSURE_ADDED, actor=actor(), about=f"date:{day}")
    flash(translate("office.added", date=case_view.moment(_noon(form.day.data), "d MMMM yyyy")))
    return redirect(url_for("console.office_page"))


@bp.post("/admin/office/closures/<day>/remove")
@requires(users.ADMIN)
def office_remove_closure(day: str) -> ResponseReturnValue:
    """Open the office again on a closure date."""
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return redirect(url_for("console.office_page"))
    if ActionForm().validate_on_submit() and office.remove_closure(services().redis, date):
        audit.record(services().redis, CLOSURE_REMOVED, actor=actor(), about=f"date:{day}")
        flash(translate("office.removed", date=case_view.moment(_noon(date), "d MMMM yyyy")))
    return redirect(url_for("console.office_page"))


def _noon(day: dt.date) -> dt.datetime:
    """A date as a moment that stays on that day in Brussels."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
