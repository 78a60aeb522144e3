"""The outbox (admins): in outbox mode, every message that would have left the machine."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from hotline import outbound
from hotline.accounts import users
from hotline.console.auth import requires
from hotline.console.blueprint import bp, services
from hotline.text import sms

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


@bp.get("/outbox")
@requires(users.ADMIN)
def outbox() -> ResponseReturnValue:
    """The newest outbox messages: masked recipient, purpose, status, text and its segments."""
    limit = max(1, min(request.args.get("limit", DEFAULT_LIMIT, type=int) or 1, MAX_LIMIT))
    records = outbound.outbox(services(), limit)
    for record in records:
        record["shown_text"] = record.get("text") or record.get("body") or ""
        record["shape"] = sms.segment_info(record["shown_text"])
    return render_template(
        "console/outbox.html",
        records=records,
        limit=limit,
        outbox_mode=not services().settings.twilio_configured,
    )
