"""Admin pages: accounts (create, role, disable), the audit log, and the link to the queues."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from hotline.accounts import users
from hotline.callbacks import staff
from hotline.console import words
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm, NewUserForm, StaffProfileForm, UserRoleForm
from hotline.console.i18n import DEFAULT, translate
from hotline.console.strings import STRINGS
from hotline.platform import audit, schedule

AUDIT_PAGE = 200


@bp.get("/admin/users")
@requires(users.ADMIN)
def admin_users() -> ResponseReturnValue:
    """Every account, a form to add one, and per-account role and state buttons."""
    return _users_page(NewUserForm())


def _users_page(
    form: NewUserForm, profile_form: StaffProfileForm | None = None, status: int = 200
) -> ResponseReturnValue:
    accounts = users.all_users(services().redis)
    profiles = [_profile(member) for member in staff.everyone(services())]
    page = render_template(
        "console/admin_users.html",
        accounts=accounts,
        profiles=profiles,
        profile_form=profile_form or StaffProfileForm(),
        form=form,
        role_form=UserRoleForm(),
        action=ActionForm(),
    )
    return page, status


def _profile(member: staff.StaffMember) -> dict:
    """A profile for display: masked phone, languages and hours in words."""
    shown = staff.public(services(), member)
    language = g.get("ui_language") or DEFAULT
    shown["hours"] = schedule.describe(member.hours, language)
    shown["languages"] = [words.language_name(code) for code in member.languages]
    return shown


@bp.post("/admin/users")
@requires(users.ADMIN)
def admin_users_add() -> ResponseReturnValue:
    """Create an account with the password the admin typed (twice)."""
    form = NewUserForm()
    if not form.validate_on_submit():
        return _users_page(form, status=400)
    try:
        users.add(
            services().redis,
            form.email.data or "",
            form.password.data or "",
            form.role.data,
            form.language.data,
            form.name.data or "",
            now=services().clock(),
            actor=actor(),
        )
    except users.UserError as error:
        form.email.errors = [*form.email.errors, str(error)]
        return _users_page(form, status=400)
    flash(translate("admin.user_created"))
    return redirect(url_for("console.admin_users"))


@bp.post("/admin/users/<path:email>/role")
@requires(users.ADMIN)
def admin_users_role(email: str) -> ResponseReturnValue:
    """Change one account's role (its sessions end)."""
    form = UserRoleForm()
    if form.validate_on_submit() and email != actor():
        _change(users.set_role, email, form.role.data)
    return redirect(url_for("console.admin_users"))


def _change(change: Callable[..., users.User], email: str, value: object) -> None:
    """Apply one account change; an account that is gone gets a message, not an error page."""
    try:
        change(services().redis, email, value, actor=actor())
    except users.UserError:
        flash(translate("admin.no_such_account", email=email))
    else:
        flash(translate("admin.user_changed"))


@bp.post("/admin/users/<path:email>/<any(disable, enable):change>")
@requires(users.ADMIN)
def admin_users_active(email: str, change: str) -> ResponseReturnValue:
    """Disable or re-enable one account (an admin cannot lock themselves out)."""
    if ActionForm().validate_on_submit() and email != actor():
        _change(users.set_active, email, change == "enable")
    return redirect(url_for("console.admin_users"))


@bp.post("/admin/staff")
@requires(users.ADMIN)
def admin_staff_add() -> ResponseReturnValue:
    """Create or replace a staff profile (callback alerts: languages, phone, on-duty hours)."""
    form = StaffProfileForm()
    if not form.validate_on_submit():
        return _users_page(NewUserForm(), form, 400)
    languages = (form.languages.data or "").replace(",", " ").split()
    try:
        staff.add(
            services(),
            form.name.data or "",
            phone=form.phone.data or "",
            languages=languages,
            hours=form.hours.data or "",
            actor=actor(),
        )
    except staff.StaffError as error:
        field = getattr(form, error.field, form.name)
        field.errors = [*field.errors, translate(f"admin.profile_error.{error.field or 'name'}")]
        return _users_page(NewUserForm(), form, 400)
    flash(translate("admin.profile_saved"))
    return redirect(url_for("console.admin_users"))


@bp.post("/admin/staff/<name>/remove")
@requires(users.ADMIN)
def admin_staff_remove(name: str) -> ResponseReturnValue:
    """Remove a staff profile (no more callback alerts to that phone)."""
    if ActionForm().validate_on_submit():
        staff.remove(services(), name, actor=actor())
        flash(translate("admin.profile_removed"))
    return redirect(url_for("console.admin_users"))


@bp.get("/admin/audit")
@requires(users.ADMIN)
def admin_audit() -> ResponseReturnValue:
    """The newest audited actions: who revealed a number or erased data, when and why."""
    entries = [_entry(raw) for raw in audit.recent(services().redis, AUDIT_PAGE)]
    known = {key for key in STRINGS["fr"] if key.startswith("audit.")}
    return render_template("console/admin_audit.html", entries=entries, known_actions=known)


def _entry(raw: dict[str, str]) -> dict[str, object]:
    """A stream entry with its time (from the stream id) and what it was about."""
    details = {k: v for k, v in raw.items() if k not in ("id", "action", "actor", "reason")}
    named = [details.pop("about", "")] + [f"{k}={v}" for k, v in sorted(details.items())]
    about = " ".join(part for part in named if part)
    at = int(raw["id"].split("-")[0]) / 1000
    return {**raw, "at": at, "about": about}
