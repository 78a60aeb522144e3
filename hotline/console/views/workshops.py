"""Workshops for coordinators: create, edit, reschedule, cancel; registrants and reminders.

Views parse the forms and call `hotline.workshops` (state) and `hotline.workshop_admin` (what
staff see: masked registrants, waiting list, reminder schedule). Times are typed and shown in
Brussels time.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from hotline import workshops
from hotline.accounts import users
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm, RescheduleForm, WorkshopForm
from hotline.console.i18n import translate
from hotline.languages import LANGUAGES
from hotline.platform import dates
from hotline.workshops import admin as workshop_admin


def _local(text: str | None) -> dt.datetime:
    return dates.parse_local((text or "").replace("T", " "), services().settings.timezone)


@bp.get("/workshops")
@requires(users.COORDINATOR)
def workshops_page() -> ResponseReturnValue:
    """Every workshop (newest first) and the form to create one."""
    return _list_page(WorkshopForm())


def _list_page(form: WorkshopForm, status: int = 200) -> ResponseReturnValue:
    found = sorted(workshops.all_workshops(services()), key=lambda w: w.starts_at, reverse=True)
    rows = [workshop_admin.describe(services(), w) for w in found]
    page = render_template("console/workshops.html", rows=rows, form=form, languages=LANGUAGES)
    return page, status


@bp.post("/workshops")
@requires(users.COORDINATOR)
def workshops_create() -> ResponseReturnValue:
    """Create a workshop; its reminders are scheduled by the domain."""
    form = WorkshopForm()
    if not form.validate_on_submit():
        return _list_page(form, 400)
    try:
        workshop = workshops.create(
            services(),
            titles=form.titles(),
            starts_at=_local(form.starts_at.data),
            ends_at=_local(form.ends_at.data),
            place=form.place.data or "",
            address=form.address.data or "",
            capacity=form.capacity.data,
            languages=form.spoken(),
        )
    except (ValueError, workshops.WorkshopError) as error:
        form.starts_at.errors = [*form.starts_at.errors, str(error)]
        return _list_page(form, 400)
    flash(translate("workshops.created", id=workshop.id))
    return redirect(url_for("console.workshop_detail", workshop_id=workshop.id))


def _workshop(workshop_id: str) -> workshops.Workshop:
    found = workshops.get(services(), workshop_id)
    if found is None:
        abort(404)
    return found


@bp.get("/workshops/<workshop_id>")
@requires(users.COORDINATOR)
def workshop_detail(workshop_id: str) -> ResponseReturnValue:
    """One workshop: registrants (masked), waiting list, reminder schedule, edit forms."""
    workshop = _workshop(workshop_id)
    form = WorkshopForm(data=_form_data(workshop))
    return _detail_page(workshop, form, RescheduleForm())


def _form_data(workshop: workshops.Workshop) -> dict:
    data = {f"title_{lang}": title for lang, title in workshop.titles.items()}
    data |= {"place": workshop.place, "address": workshop.address}
    return data | {"capacity": workshop.capacity, "languages": " ".join(workshop.languages)}


def _detail_page(
    workshop: workshops.Workshop,
    form: WorkshopForm,
    reschedule: RescheduleForm,
    status: int = 200,
) -> ResponseReturnValue:
    shown = workshop_admin.detail(services(), workshop)
    page = render_template(
        "console/workshop.html",
        w=shown,
        form=form,
        reschedule=reschedule,
        action=ActionForm(),
        languages=LANGUAGES,
    )
    return page, status


@bp.post("/workshops/<workshop_id>/edit")
@requires(users.COORDINATOR)
def workshop_edit(workshop_id: str) -> ResponseReturnValue:
    """Change titles, place, address, capacity or languages (a larger capacity promotes)."""
    workshop, form = _workshop(workshop_id), WorkshopForm()
    if not form.validate_on_submit():
        return _detail_page(workshop, form, RescheduleForm(), 400)
    try:
        workshops.edit(
            services(),
            workshop_id,
            titles=form.titles(),
            place=form.place.data or "",
            address=form.address.data or "",
            capacity=form.capacity.data,
            languages=form.spoken(),
        )
    except workshops.WorkshopError as error:
        form.capacity.errors = [*form.capacity.errors, str(error)]
        return _detail_page(workshop, form, RescheduleForm(), 400)
    flash(translate("workshops.saved"))
    return redirect(url_for("console.workshop_detail", workshop_id=workshop_id))


@bp.post("/workshops/<workshop_id>/reschedule")
@requires(users.COORDINATOR)
def workshop_reschedule(workshop_id: str) -> ResponseReturnValue:
    """Move the workshop; registrants and the waiting list are told by the domain."""
    workshop, form = _workshop(workshop_id), RescheduleForm()
    if form.validate_on_submit():
        try:
            ends = _local(form.ends_at.data) if form.ends_at.data else None
            starts = _local(form.starts_at.data)
            workshops.reschedule(services(), workshop_id, starts, ends, actor=actor())
        except (ValueError, workshops.WorkshopError) as error:
            form.starts_at.errors = [*form.starts_at.errors, str(error)]
        else:
            flash(translate("workshops.rescheduled"))
            return redirect(url_for("console.workshop_detail", workshop_id=workshop_id))
    return _detail_page(workshop, WorkshopForm(data=_form_data(workshop)), form, 400)


@bp.post("/workshops/<workshop_id>/cancel")
@requires(users.COORDINATOR)
def workshop_cancel(workshop_id: str) -> ResponseReturnValue:
    """Cancel the workshop; everyone registered or waiting is told by SMS."""
    _workshop(workshop_id)
    if ActionForm().validate_on_submit():
        workshops.cancel(services(), workshop_id, actor=actor())
        flash(translate("workshops.cancelled"))
    return redirect(url_for("console.workshop_detail", workshop_id=workshop_id))
