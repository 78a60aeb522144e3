"""Admin pages: accounts (create, role, disable), the audit log, and the link to the queues."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from hotline.accounts import users
from hotline.callbacks import staff
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm, NewUserForm, StaffProfileForm, UserRoleForm
from hotline.console.i18n import translate
from hotline.console.strings import STRINGS
from hotline.platform import audit

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
    profiles = [staff.public(services(), member) for member in staff.everyone(services())]
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
        users.set_role(services().redis, email, form.role.data)
        flash(translate("admin.user_changed"))
    return redirect(url_for("console.admin_users"))


@bp.post("/admin/users/<path:email>/<any(disable, enable):change>")
@requires(users.ADMIN)
def admin_users_active(email: str, change: str) -> ResponseReturnValue:
    """Disable or re-enable one account (an admin cannot lock themselves out)."""
    if ActionForm().validate_on_submit() and email != actor():
        users.set_active(services().redis, email, change == "enable")
        flash(translate("admin.user_changed"))
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
        )
    except staff.StaffError as error:
        form.name.errors = [*form.name.errors, str(error)]
        return _users_page(NewUserForm(), form, 400)
    flash(translate("admin.profile_saved"))
    return redirect(url_for("console.admin_users"))


@bp.post("/admin/staff/<name>/remove")
@requires(users.ADMIN)
def admin_staff_remove(name: str) -> ResponseReturnValue:
    """Remove a staff profile (no more callback alerts to that phone)."""
    if ActionForm().validate_on_submit():
        staff.remove(services(), name)
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
    about = details.pop("about", "") or " ".join(f"{k}={v}" for k, v in sorted(details.items()))
    at = int(raw["id"].split("-")[0]) / 1000
    return {**raw, "at": at, "about": about}
