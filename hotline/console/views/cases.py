"""One callback request as a case: see it whole, call, write, close with an outcome, cancel.

The page shows the request (reference, language, topic, priority, source, the note and its
machine translation, the lease with "extend", the texter's earlier requests) and works it:
calling asks the audit reason inline and answers with the `tel:` link (the number is revealed
on this response only, never put in a URL or the session); writing sends an SMS or WhatsApp
message to the stored number through `hotline.outbound`; closing records an outcome and an
optional private note; cancelling shows the SMS the texter will receive and needs a second,
explicit click. Each action is a CSRF-protected POST calling `hotline.callbacks` and is in the
audit log. The thread is polled (`thread.json`) so the texter's new messages show up.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from hotline import callbacks
from hotline.accounts import MIN_REASON, contacts, users
from hotline.callbacks import cases, thread
from hotline.console import case_view, words
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.case_forms import CallForm, CancelForm, CloseForm, ReplyForm
from hotline.console.forms import ActionForm
from hotline.console.i18n import translate
from hotline.console.views.callbacks import actor_name

YES = "yes"


def _found(ref: str) -> callbacks.Callback:
    request = callbacks.get(services(), ref)
    if request is None:
        abort(404)
    return request


def _mark_read_if_mine(request: callbacks.Callback, me: str) -> None:
    if request.unread and (request.status == callbacks.WAITING or request.staff == me):
        thread.mark_read(services(), request.ref)


def _page(
    request: callbacks.Callback, status: int = 200, **forms: FlaskForm
) -> ResponseReturnValue:
    me, now = actor_name(), services().clock()
    _mark_read_if_mine(request, me)
    reply = forms.pop("reply_form", None) or ReplyForm(channel=request.channel)
    reply.token.data = reply.token.data or thread.new_token()
    page = render_template(
        "console/case.html",
        case=case_view.case(request, me, now),
        history=case_view.history_rows(request),
        messages=case_view.thread_rows(request.ref),
        ready=case_view.ready_replies(request) if request.is_open else [],
        call_form=forms.pop("call_form", None) or CallForm(),
        close_form=forms.pop("close_form", None) or CloseForm(),
        reply_form=reply,
        cancel_form=CancelForm(confirmed=YES),
        action_form=ActionForm(),
        outcomes=cases.OUTCOMES,
        min_reason=MIN_REASON,
        **forms,
    )
    return page, status


@bp.get("/callbacks/<ref>")
@requires(users.STAFF)
def case_page(ref: str) -> ResponseReturnValue:
    """The case view."""
    return _page(_found(ref))


@bp.get("/callbacks/<ref>/thread.json")
@requires(users.STAFF)
def case_thread(ref: str) -> ResponseReturnValue:
    """The case's messages, for the page's polling."""
    request = _found(ref)
    _mark_read_if_mine(request, actor_name())
    return jsonify(messages=case_view.thread_rows(request.ref), status=request.status)


@bp.post("/callbacks/<ref>/call")
@requires(users.STAFF)
def case_call(ref: str) -> ResponseReturnValue:
    """Claim if waiting, reveal the number after the inline reason, answer with the tel: link."""
    request, form = _found(ref), CallForm()
    if not form.validate_on_submit():
        return redirect(url_for("console.case_page", ref=request.ref))
    try:
        called, number = cases.call(
            services(), request.ref, actor_name(), actor(), form.reason.data or ""
        )
    except contacts.RevealError:
        form.reason.errors = [translate("case.reason_needed", count=MIN_REASON)]
        return _page(request, 400, call_form=form)
    except callbacks.CallbackError:
        flash(translate("case.not_yours", ref=request.ref))
        return redirect(url_for("console.case_page", ref=request.ref))
    return _page(called, number=number)


@bp.post("/callbacks/<ref>/extend")
@requires(users.STAFF)
def case_extend(ref: str) -> ResponseReturnValue:
    """A fresh lease for the claimer."""
    request = _found(ref)
    if ActionForm().validate_on_submit():
        try:
            extended = cases.extend(services(), request.ref, actor_name(), actor())
        except callbacks.CallbackError:
            flash(translate("case.not_yours", ref=request.ref))
        else:
            until = case_view.moment(extended.lease_until, "HH:mm")
            flash(translate("case.extended", ref=request.ref, time=until))
    return redirect(url_for("console.case_page", ref=request.ref))


@bp.post("/callbacks/<ref>/close")
@requires(users.STAFF)
def case_close(ref: str) -> ResponseReturnValue:
    """Record the call's outcome (no answer: back to the queue under today's retry rule)."""
    request, form = _found(ref), CloseForm()
    if not form.validate_on_submit():
        return redirect(url_for("console.case_page", ref=request.ref))
    outcome = form.outcome.data or ""
    problem = _close_problem(outcome, form.referred_to.data or "")
    if problem:
        form.outcome.errors = [translate(problem)]
        return _page(request, 400, close_form=form)
    try:
        closed = cases.close(
            services(), request.ref, outcome, staff=actor_name(), actor=actor(),
            referred_to=form.referred_to.data or "", private_note=form.private_note.data or "",
        )  # fmt: skip
    except callbacks.CallbackError:
        flash(translate("case.closed_already", ref=request.ref))
        return redirect(url_for("console.case_page", ref=request.ref))
    flash(_closed_message(closed))
    return redirect(url_for("console.callbacks_page"))


def _close_problem(outcome: str, referred_to: str) -> str:
    if outcome not in cases.OUTCOMES:
        return "case.outcome_missing"
    if outcome == cases.REFERRED and not referred_to.strip():
        return "case.referred_missing"
    return ""


def _closed_message(closed: callbacks.Callback) -> str:
    if closed.is_open:
        return translate("case.saved_retry", ref=closed.ref, attempts=closed.attempts)
    name = words.outcome_name(closed.outcome)
    return translate("case.saved_closed", ref=closed.ref, outcome=name)


@bp.post("/callbacks/<ref>/cancel")
@requires(users.STAFF)
def case_cancel(ref: str) -> ResponseReturnValue:
    """Cancel after the explicit second click (the form says which SMS the texter receives)."""
    request, form = _found(ref), CancelForm()
    if not form.validate_on_submit() or form.confirmed.data != YES:
        return redirect(url_for("console.case_page", ref=request.ref, _anchor="cancel"))
    try:
        cases.cancel(services(), request.ref, actor())
    except callbacks.CallbackError:
        flash(translate("case.closed_already", ref=request.ref))
        return redirect(url_for("console.case_page", ref=request.ref))
    flash(translate("case.cancelled", ref=request.ref))
    return redirect(url_for("console.callbacks_page"))


@bp.post("/callbacks/<ref>/write")
@requires(users.STAFF)
def case_write(ref: str) -> ResponseReturnValue:
    """Send staff's message to the texter (SMS or WhatsApp) and keep it on the case."""
    request, form = _found(ref), ReplyForm()
    if not form.validate_on_submit():
        form.text.errors = [translate("case.message_invalid")]
        return _page(request, 400, reply_form=form)
    try:
        thread.write(
            services(), request.ref, staff=actor_name(), actor=actor(), text=form.text.data or "",
            channel=form.channel.data, token=form.token.data or "",
        )  # fmt: skip
    except callbacks.CallbackError:
        flash(translate("case.closed_already", ref=request.ref))
        return redirect(url_for("console.case_page", ref=request.ref))
    flash(translate("case.sent", channel=translate("channel." + form.channel.data)))
    return redirect(url_for("console.case_page", ref=request.ref, _anchor="thread"))
