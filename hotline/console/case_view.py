"""What staff see of a request, in their language: the queue's card and the case view.

Views hand a `Callback` here and get plain dicts back (for templates and for the queue's JSON
polling): codes turned into words, times as "12 minutes" and "lundi 09:00", the number masked,
and the actions the request's state allows. Nothing here changes anything.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_datetime, format_timedelta
from flask import g, url_for

from hotline import callbacks
from hotline.callbacks import cases, notices, thread
from hotline.console import words
from hotline.console.blueprint import services
from hotline.console.i18n import DEFAULT, local_time, translate
from hotline.platform import office
from hotline.text import display

NOTE_PREVIEW = 90  # characters of the note's first line on a card


def _locale() -> str:
    return g.get("ui_language") or DEFAULT


def waited(since: float, now: dt.datetime) -> str:
    """ "12 minutes", "3 heures": how long a request has waited, in the UI language."""
    delta = now - dt.datetime.fromtimestamp(since, dt.UTC)
    shown = max(delta, dt.timedelta(minutes=1))  # "1 minute", never "0 seconde"
    return format_timedelta(shown, granularity="minute", threshold=1.2, locale=_locale())


def moment(value: dt.datetime | float, shape: str = "EEEE d MMMM, HH:mm") -> str:
    """A moment in Brussels time ("lundi 28 décembre, 09:00")."""
    local = local_time(value)
    return format_datetime(local, shape, tzinfo=local.tzinfo, locale=_locale()) if local else ""


def office_status(now: dt.datetime) -> dict:
    """The banner above the queue: open until when, or closed (why) and reopening when."""
    hours = office.office_hours(services())
    if hours.is_open(now):
        closes = hours.closes_at(now)
        return {"open": True, "text": translate("office.open_now", time=_hour(closes))}
    opening = hours.next_opening(now)
    today = local_time(now).date()
    reason = office.reason_closed(services(), today, _locale())
    text = translate(
        "office.closed_now",
        reason=f" ({reason})" if reason else "",
        when=moment(opening) if opening else "—",
    )
    return {"open": False, "text": text, "opening": moment(opening) if opening else ""}


def _hour(at: dt.datetime | None) -> str:
    return at.strftime("%H:%M") if at else "—"


def _first_line(text: str) -> str:
    text = display.readable(text)
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= NOTE_PREVIEW else line[: NOTE_PREVIEW - 1] + "…"


def _translation(request: callbacks.Callback) -> dict:
    if request.note_fr:
        return {"state": "done", "text": display.readable(request.note_fr)}
    needed = request.note and request.language != callbacks.TRANSLATION_TARGET
    if not needed:
        return {"state": "none", "text": ""}
    failed = request.translation == callbacks.TRANSLATION_FAILED
    return {"state": "unavailable" if failed else "pending", "text": ""}


def queue_row(request: callbacks.Callback, me: str, now: dt.datetime, expected: str) -> dict:
    """One request as the queue shows it (a table row on a desk, a card on a phone)."""
    shown = callbacks.describe(services(), request)
    mine = request.status == callbacks.CLAIMED and request.staff == me
    return {
        **shown,
        "ref": request.ref,
        "language_name": words.language_name(request.language),
        "topic_name": words.topic_name(request.topic),
        "waited": waited(request.created_at, now),
        "note_line": _first_line(request.note),
        "translation": _translation(request),
        "unread": request.unread,
        "mine": mine,
        "expected": expected if request.status == callbacks.WAITING else "",
        "case_url": url_for("console.case_page", ref=request.ref),
        "actions": _queue_actions(request, mine),
    }


def _queue_actions(request: callbacks.Callback, mine: bool) -> list[str]:
    if request.status == callbacks.WAITING:
        return ["claim", "call"]
    if mine:
        return ["call"]
    return []


def lease(request: callbacks.Callback, me: str, now: dt.datetime) -> dict | None:
    """The claim's remaining time (seconds, for the countdown) and whether it is mine."""
    if request.status != callbacks.CLAIMED:
        return None
    left = max(0, int(request.lease_until - now.timestamp()))
    return {
        "staff": request.staff,
        "mine": request.staff == me,
        "seconds": left,
        "until": moment(request.lease_until, "HH:mm"),
        "minutes": services().settings.callback_lease_minutes,
    }


def case(request: callbacks.Callback, me: str, now: dt.datetime) -> dict:
    """Everything the case view shows about one request."""
    srv = services()
    return {
        **queue_row(request, me, now, ""),
        "source_name": words.source_name(cases.source_of(request)),
        "received": moment(request.created_at),
        "lease": lease(request, me, now),
        "outcome_name": words.outcome_name(request.outcome) if request.outcome else "",
        "referred_to": request.referred_to,
        "handled_by": request.handled_by,
        "private_note": cases.private_note(srv, request),
        "outcomes": [_outcome(o) for o in cases.outcomes_of(request)],
        "cancel_text": cases.cancellation_text(srv, request) if request.is_open else "",
        "is_open": request.is_open,
    }


def _outcome(item: cases.Outcome) -> dict:
    return {"name": words.outcome_name(item.outcome), "staff": item.staff, "at": moment(item.at)}


def history_rows(request: callbacks.Callback) -> list[dict]:
    """The texter's earlier requests: date, state, outcome, topic (never their words)."""
    return [
        {
            "ref": other.ref,
            "url": url_for("console.case_page", ref=other.ref),
            "received": moment(other.created_at, "d MMM yyyy"),
            "status": other.status,
            "outcome_name": words.outcome_name(other.outcome) if other.outcome else "",
            "topic_name": words.topic_name(other.topic),
            "attempts": other.attempts,
        }
        for other in cases.history(services(), request)
    ]


def thread_rows(ref: str) -> list[dict]:
    """The case's messages for the page and its polling."""
    return [
        {
            "direction": message.direction,
            "text": message.text,
            "channel": message.channel,
            "channel_name": translate("channel." + message.channel),
            "who": message.staff or translate("case.from_texter"),
            "at": moment(message.at, "d MMM, HH:mm"),
        }
        for message in thread.messages(services(), ref)
    ]


def ready_replies(request: callbacks.Callback) -> list[dict]:
    """The information topics' answers in the texter's language, SMS and WhatsApp versions."""
    content = services().content
    topics = sorted(
        (t for t in content.topics.values() if t.kind == "info"), key=lambda t: t.menu or 99
    )
    return [
        {
            "topic": topic.id,
            "name": words.topic_name(topic.id),
            "sms": content.render(topic.id, "answer", request.language, "sms"),
            "whatsapp": content.render(topic.id, "answer", request.language, "whatsapp"),
        }
        for topic in topics
    ]


def expected_call(now: dt.datetime) -> str:
    """When a waiting request will be called: "" while the office is open, else its reopening."""
    opening = notices.expected_call(services(), now)
    return moment(opening, "EEEE d MMM, HH:mm") if opening else ""
