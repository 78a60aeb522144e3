"""The console's home page and the interface language picker."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from hotline.accounts import users
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import LanguageForm


@bp.get("/")
@requires(users.STAFF)
def index() -> ResponseReturnValue:
    """Links to the pages this account may use."""
    return render_template("console/index.html")


@bp.post("/language")
@requires(users.STAFF)
def language() -> ResponseReturnValue:
    """Remember the interface language this person picked."""
    form = LanguageForm()
    if form.validate_on_submit():
        users.set_language(services().redis, actor(), form.language.data)
    back = request.referrer or ""
    path = back.split(request.host, 1)[-1] if request.host in back else ""
    return redirect(path if path.startswith("/console") else url_for("console.index"))
