"""Broadcasts for coordinators: compose per language, preview, confirm, watch, cancel.

Composing shows a live segment and encoding counter per language (the `segments.json` endpoint
runs `hotline.sms` on the text as it will be sent). "Preview" saves a draft with
`hotline.broadcasts.create` — recipients per language and total segments — and nothing is sent
until the coordinator confirms. The broadcast page polls `progress` while batches go out: recipients
planned, handed over, sent, failed, skipped, waiting, and how many a cancel stopped.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from hotline import broadcasts, workshops
from hotline.accounts import users
from hotline.broadcasts import audiences, subscriptions
from hotline.console.auth import actor, requires
from hotline.console.blueprint import bp, services
from hotline.console.forms import AUDIENCE_KINDS, ActionForm, BroadcastForm
from hotline.console.i18n import date_filter, translate
from hotline.languages import LANGUAGES
from hotline.platform import dates
from hotline.text import sms


@bp.get("/broadcasts")
@requires(users.COORDINATOR)
def broadcasts_page() -> ResponseReturnValue:
    """Every broadcast, newest first, and the compose form."""
    return _compose(BroadcastForm())


def _compose(form: BroadcastForm, status: int = 200) -> ResponseReturnValue:
    page = render_template(
        "console/broadcasts.html",
        rows=broadcasts.all_broadcasts(services()),
        form=form,
        languages=LANGUAGES,
        kinds=AUDIENCE_KINDS,
        topics=sorted(services().content.topics),
        subscribers=subscriptions.counts(services()),  # audience topic:ID, counts only
        language_counts=audiences.language_counts(services()),
        workshop_choices=_workshop_choices(),
    )
    return page, status


def _workshop_choices() -> list[dict]:
    """Workshops not cancelled, newest first, with their registrants' count."""
    found = [w for w in workshops.all_workshops(services()) if w.status == workshops.SCHEDULED]
    return [
        {
            "id": w.id,
            "label": translate(
                "broadcasts.workshop_option",
                id=w.id,
                title=w.titles.get("fr", ""),
                when=date_filter(w.starts_at, "medium"),
                count=workshops.counts(services(), w.id)[0],
            ),
        }
        for w in reversed(found)
    ]


@bp.post("/broadcasts")
@requires(users.COORDINATOR)
def broadcasts_preview() -> ResponseReturnValue:
    """Save a draft and show who would get what; nothing is sent yet."""
    form = BroadcastForm()
    if not form.validate_on_submit():
        return _compose(form, 400)
    try:
        message = broadcasts.message_from(form.message_data(), services())
        when = form.send_at.data or ""
        send_at = dates.parse_local(when.replace("T", " "), _tz()) if when else None
        broadcast_id, _ = broadcasts.create(services(), form.audience(), message, send_at)
    except (broadcasts.BroadcastError, audiences.AudienceError) as error:
        form.audience_kind.errors = [translate(f"broadcasts.error.{error.code or 'audience'}")]
        return _compose(form, 400)
    except ValueError:  # the sending date
        form.audience_kind.errors = [translate("broadcasts.error.send_at")]
        return _compose(form, 400)
    return redirect(url_for("console.broadcast_detail", broadcast_id=broadcast_id))


def _tz() -> str:
    return services().settings.timezone


def _record(broadcast_id: str) -> broadcasts.Broadcast:
    found = broadcasts.get(services(), broadcast_id)
    if found is None:
        abort(404)
    return found


@bp.get("/broadcasts/<broadcast_id>")
@requires(users.COORDINATOR)
def broadcast_detail(broadcast_id: str) -> ResponseReturnValue:
    """The preview (per language: recipients, segments), confirm/cancel, and the progress."""
    record = _record(broadcast_id)
    texts = {
        lang: record.message.render(services(), lang, "sms") for lang in record.preview.recipients
    }
    progress = broadcasts.progress_of(record)
    return render_template(
        "console/broadcast.html",
        b=record,
        send_at=record.local_send_at(_tz()),
        texts=texts,
        progress=progress,
        action=ActionForm(),
        is_open=broadcasts.cancellable(progress),
    )


@bp.get("/broadcasts/<broadcast_id>/progress.json")
@requires(users.COORDINATOR)
def broadcast_progress(broadcast_id: str) -> ResponseReturnValue:
    """Status and counters for the progress bar (and whether a cancel would stop anything)."""
    progress = broadcasts.progress_of(_record(broadcast_id))
    return jsonify({**progress, "cancellable": broadcasts.cancellable(progress)})


@bp.post("/broadcasts/<broadcast_id>/confirm")
@requires(users.COORDINATOR)
def broadcast_confirm(broadcast_id: str) -> ResponseReturnValue:
    """The explicit go: planning starts now (or at the chosen time)."""
    _record(broadcast_id)
    if ActionForm().validate_on_submit():
        try:
            broadcasts.confirm(services(), broadcast_id, actor=actor())
            flash(translate("broadcasts.confirmed"))
        except broadcasts.BroadcastError:
            flash(translate("broadcasts.not_draft"))
    return redirect(url_for("console.broadcast_detail", broadcast_id=broadcast_id))


@bp.post("/broadcasts/<broadcast_id>/cancel")
@requires(users.COORDINATOR)
def broadcast_cancel(broadcast_id: str) -> ResponseReturnValue:
    """Stop it: nothing not sent yet goes out, even messages already handed to outbound."""
    _record(broadcast_id)
    if ActionForm().validate_on_submit():
        done = broadcasts.cancel(services(), broadcast_id, actor=actor())
        flash(translate("broadcasts.cancelled" if done else "broadcasts.finished"))
    return redirect(url_for("console.broadcast_detail", broadcast_id=broadcast_id))


@bp.post("/segments.json")
@requires(users.STAFF)  # staff count their replies to texters too (the case view)
def segments() -> ResponseReturnValue:
    """Segments and encoding of a text as it will really be sent by SMS (CSRF header)."""
    text = str((request.get_json(silent=True) or {}).get("text") or "")[:1600]
    info = sms.segment_info(sms.render_sms(text))
    return jsonify(
        segments=info.segments, encoding=info.encoding, units=info.units, ucs2=list(info.ucs2_chars)
    )
