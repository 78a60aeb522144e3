"""The callback queue for staff: filters, claim / done / no answer / cancel, live refresh.

The page polls `callbacks.json` (the same filters) so a colleague's claim shows without a
reload. Every state change is a CSRF-protected POST calling `hotline.callbacks`; revealing a full
number needs a written reason and goes through `hotline.contacts` (audited).
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from hotline import callbacks
from hotline.accounts import contacts, users
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import ActionForm, RevealForm
from hotline.console.i18n import translate
from hotline.languages import LANGUAGES

ACTIONS = {"claim", "done", "no_answer", "cancel"}
FILTERS = ("status", "language", "topic", "priority")
OPEN_VIEW = "open"


def _filters() -> dict[str, str]:
    return {name: request.args.get(name, "") for name in FILTERS}


def _requests(filters: dict[str, str]) -> list[dict]:
    """Described requests; the default view is open ones (waiting and claimed)."""
    status = filters["status"]
    query = {**filters, "status": "" if status in ("", OPEN_VIEW) else status}
    found = callbacks.list_requests(services(), **query)
    if status in ("", OPEN_VIEW):
        found = [r for r in found if r.is_open]
    return [_row(r) for r in found]


def _row(request_: callbacks.Callback) -> dict:
    shown = callbacks.describe(services(), request_)
    shown["ref"] = request_.ref
    shown["actions"] = _actions(request_)
    return shown


def _actions(request_: callbacks.Callback) -> list[str]:
    if request_.status == callbacks.WAITING:
        return ["claim", "cancel"]
    if request_.status == callbacks.CLAIMED:
        return ["done", "no_answer", "cancel"]
    return []


@bp.get("/callbacks")
@requires(users.STAFF)
def callbacks_page() -> ResponseReturnValue:
    """The queue page; rows come from `callbacks.json` (rendered with textContent)."""
    filters = _filters()
    topics = sorted(services().content.topics)
    return render_template(
        "console/callbacks.html",
        filters=filters,
        rows=_requests(filters),
        statuses=(OPEN_VIEW, *callbacks.STATUSES),
        languages=LANGUAGES,
        topics=topics,
        priorities=callbacks.PRIORITIES,
        action_form=ActionForm(),
        js_strings=_js_strings(),
    )


def _js_strings() -> dict[str, str]:
    """The UI strings the polling script needs, in the person's language."""
    keys = [f"callbacks.status.{s}" for s in callbacks.STATUSES]
    keys += [f"callbacks.priority.{p}" for p in callbacks.PRIORITIES]
    keys += [f"callbacks.action.{a}" for a in sorted(ACTIONS)]
    keys += ["callbacks.machine_translation", "callbacks.reveal", "callbacks.empty"]
    keys += ["callbacks.attempts", "callbacks.updated", "callbacks.offline"]
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


@bp.post("/callbacks/<ref>/<action>")
@requires(users.STAFF)
def callbacks_action(ref: str, action: str) -> ResponseReturnValue:
    """Claim, done, no answer or cancel one request."""
    if action not in ACTIONS or not ActionForm().validate_on_submit():
        return redirect(url_for("console.callbacks_page"))
    try:
        if action == "claim":
            callbacks.claim(services(), ref, actor_name())
        else:
            getattr(callbacks, action)(services(), ref)
    except callbacks.CallbackError:
        flash(translate("callbacks.too_late", ref=ref))
    else:
        flash(translate("callbacks.done_" + action, ref=ref))
    return redirect(request.referrer or url_for("console.callbacks_page"))


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
