"""The callback queue for staff: filters, live refresh, and the way into each case.

The page polls `callbacks.json` (the same filters) so a colleague's claim shows without a
reload. On a desk each request is a table row; under 600 px the same rows are cards (CSS only)
with the reference, language, topic, waiting time, the note's first line and the claim / call
buttons. Claiming opens the case (`views/cases.py`), where the request is worked: calling,
writing, closing with an outcome, cancelling. Every state change is a CSRF-protected POST
calling `hotline.callbacks`; revealing a full number needs a written reason and goes through
`hotline.accounts.contacts` (audited).
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from hotline import callbacks
from hotline.accounts import contacts, users
from hotline.callbacks import cases
from hotline.console import case_view
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm, RevealForm
from hotline.console.i18n import translate
from hotline.languages import LANGUAGES

FILTERS = ("status", "language", "topic", "priority")
OPEN_VIEW = "open"


def _filters() -> dict[str, str]:
    return {name: request.args.get(name, "") for name in FILTERS}


def _requests(filters: dict[str, str]) -> list[dict]:
    """Described requests; the default view is open ones (waiting and claimed)."""
    status = filters["status"]
    found = callbacks.list_requests(
        services(),
        status="" if status in ("", OPEN_VIEW) else status,
        language=filters["language"],
        topic=filters["topic"],
        priority=filters["priority"],
    )
    if status in ("", OPEN_VIEW):
        found = [r for r in found if r.is_open]
    now, me = services().clock(), actor_name()
    expected = case_view.expected_call(now)
    return [case_view.queue_row(r, me, now, expected) for r in found]


@bp.get("/callbacks")
@requires(users.STAFF)
def callbacks_page() -> ResponseReturnValue:
    """The queue page; rows come from `callbacks.json` (rendered with textContent)."""
    filters = _filters()
    return render_template(
        "console/callbacks.html",
        filters=filters,
        rows=_requests(filters),
        statuses=(OPEN_VIEW, *callbacks.STATUSES),
        languages=LANGUAGES,
        topics=sorted(services().content.topics),
        priorities=callbacks.PRIORITIES,
        action_form=ActionForm(),
        office=case_view.office_status(services().clock()),
        js_strings=_js_strings(),
    )


def _js_strings() -> dict[str, str]:
    """The UI strings the polling script needs, in the person's language."""
    keys = [f"callbacks.status.{s}" for s in callbacks.STATUSES]
    keys += [f"callbacks.priority.{p}" for p in callbacks.PRIORITIES]
    keys += [f"callbacks.action.{a}" for a in ("claim", "call", "open")]
    keys += ["callbacks.machine_translation", "callbacks.empty", "callbacks.mine"]
    keys += ["callbacks.attempts", "callbacks.updated", "callbacks.offline", "callbacks.unread"]
    keys += ["callbacks.expected", "callbacks.waited"]
    keys += ["case.translation_unavailable", "case.translation_pending"]
    return {key: translate(key) for key in keys} | {"locale": translate("locale")}


@bp.get("/callbacks.json")
@requires(users.STAFF)
def callbacks_json() -> ResponseReturnValue:
    """The filtered queue as JSON for the page's polling."""
    return jsonify(requests=_requests(_filters()), me=actor_name())


def actor_name() -> str:
    """How a claim names the person: their display name, else their email."""
    account = users.get(services().redis, actor())
    return (account.name if account else "") or actor()


@bp.post("/callbacks/<ref>/claim")
@requires(users.STAFF)
def callbacks_claim(ref: str) -> ResponseReturnValue:
    """Take a waiting request and open its case (of two staff claiming at once, one wins)."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("console.callbacks_page"))
    try:
        claimed = cases.claim(services(), ref, actor_name(), actor())
    except callbacks.CallbackError:
        flash(translate("callbacks.too_late", ref=ref))
        return redirect(url_for("console.callbacks_page"))
    flash(translate("callbacks.done_claim", ref=claimed.ref))
    return redirect(url_for("console.case_page", ref=claimed.ref))


@bp.route("/callbacks/<ref>/reveal", methods=["GET", "POST"])
@requires(users.STAFF)
def callbacks_reveal(ref: str) -> ResponseReturnValue:
    """Show one full number after a written reason (audited, never stored with the reason)."""
    found = callbacks.get(services(), ref)
    if found is None:
        return redirect(url_for("console.callbacks_page"))
    form, number = RevealForm(), ""
    if form.validate_on_submit():
        number = contacts.reveal_token(
            services(), found.phone, actor(), form.reason.data or "", f"callback:{ref}"
        )
    shown = callbacks.describe(services(), found) | {"ref": found.ref}
    return render_template("console/reveal.html", form=form, number=number, shown=shown)
