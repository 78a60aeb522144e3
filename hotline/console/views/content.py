"""The content matrix (read-only): topics × languages, review state and SMS segments."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from hotline.accounts import users
from hotline.console.auth import requires
from hotline.console.blueprint import bp, services
from hotline.console.i18n import local_time
from hotline.content import review as content_matrix
from hotline.languages import LANGUAGES


@bp.get("/content")
@requires(users.COORDINATOR)
def content() -> ResponseReturnValue:
    """Every message of every topic in the nine languages."""
    today = local_time(services().clock()).date()
    rows = content_matrix.matrix(services().content, today)
    return render_template(
        "console/content.html",
        rows=rows,
        languages=LANGUAGES,
        totals=content_matrix.totals(rows),
    )
