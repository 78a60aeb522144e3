"""A callback request as a case staff work: call it, close it with an outcome, see its past.

The queue (`requests`) knows states; staff need more to do the work and to account for it:
what happened on each call (reached, no answer, wrong number, referred — to whom —, other),
a private note that only staff read (encrypted at rest, blanked with the texter's note 30 days
after closing by the retention sweep), who handled the case and how long the texter waited for
the first call (the per-staff figures of the reports), and the texter's earlier requests still
kept by the retention rules. Calling reveals the number through `hotline.accounts.contacts`, so
every call is in the audit log with its reason.

Outcomes::

    reached | wrong number | referred (to whom) | other ──► done
    no answer ──► waiting (attempts < 3, today's retry rule) | closed (3rd attempt)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hotline.accounts import contacts
from hotline.callbacks import notices, records, requests
from hotline.callbacks.records import OPEN, WAITING, Callback, CallbackError
from hotline.platform import Services, audit

REACHED = "reached"
NO_ANSWER = "no_answer"
WRONG_NUMBER = "wrong_number"
REFERRED = "referred"
OTHER = "other"
OUTCOMES = (REACHED, NO_ANSWER, WRONG_NUMBER, REFERRED, OTHER)
REFERRED_MAX = 120
PRIVATE_NOTE_MAX = 1000
NOTE_JOIN = "\n"

SOURCE_SMS = "sms"  # SMS RAPPEL
SOURCE_MISSED_CALL = "missed_call"
SOURCE_WHATSAPP = "whatsapp"

# audit actions: what staff did to a case (never a number or a message body)
CLOSED_WITH = "callback.closed"
CANCELLED_BY_STAFF = "callback.cancelled"
CLAIMED_BY = "callback.claimed"
EXTENDED = "callback.extended"


@dataclass(frozen=True)
class Outcome:
    """One call's result: what happened, who recorded it, when."""

    outcome: str
    staff: str
    at: float


def source_of(request: Callback) -> str:
    """Where the request came from: a missed call, WhatsApp, or an SMS RAPPEL."""
    if request.source == records.VOICE_SOURCE:
        return SOURCE_MISSED_CALL
    return SOURCE_WHATSAPP if request.channel == "whatsapp" else SOURCE_SMS


def outcomes_of(request: Callback) -> list[Outcome]:
    """Every call result recorded on the request, oldest first."""
    return [Outcome(**item) for item in json.loads(request.outcomes or "[]")]


def claim(services: Services, ref: str, staff: str, actor: str) -> Callback:
    """Claim a waiting request (the texter is told), audited under the console account."""
    request = requests.claim(services, ref, staff)
    audit.record(services.redis, CLAIMED_BY, actor=actor, about=f"callback:{request.ref}")
    return request


def extend(services: Services, ref: str, staff: str, actor: str) -> Callback:
    """Give the claimer a fresh lease, audited."""
    request = requests.extend(services, ref, staff)
    audit.record(services.redis, EXTENDED, actor=actor, about=f"callback:{request.ref}")
    return request


def call(services: Services, ref: str, staff: str, actor: str, reason: str) -> tuple[Callback, str]:
    """Claim the request if it waits, then reveal the number for the `tel:` link (audited).

    Raises CallbackError when someone else holds it or it is closed, and
    `contacts.RevealError` when the reason is missing: nothing is claimed then.
    """
    request = requests.get(services, ref)
    if request is None or not request.is_open:
        raise CallbackError(f"{ref} is not open")
    if request.status == records.CLAIMED and request.staff != staff:
        raise CallbackError(f"{request.ref} is claimed by someone else")
    if len(reason.strip()) < contacts.MIN_REASON:
        raise contacts.RevealError("a reason is required")
    if request.status == WAITING:
        request = claim(services, request.ref, staff, actor)
    about = f"callback:{request.ref}"  # the reveal is the call's audit entry, with its reason
    number = contacts.reveal_token(services, request.phone, actor, reason, about)
    return _first_call(services, request, staff), number


def _first_call(services: Services, request: Callback, staff: str) -> Callback:
    if request.called_at:
        return request
    now = services.clock().timestamp()
    return records.transition(
        services, request.ref, OPEN, lambda _: {"called_at": now, "called_by": staff}
    )


def close(
    services: Services,
    ref: str,
    outcome: str,
    *,
    staff: str,
    actor: str,
    referred_to: str = "",
    private_note: str = "",
) -> Callback:
    """Record a call's outcome: no answer follows the retry rule, any other closes the case."""
    if outcome not in OUTCOMES:
        raise CallbackError(f"unknown outcome {outcome!r}")
    referred_to = referred_to.strip()[:REFERRED_MAX]
    if outcome == REFERRED and not referred_to:
        raise CallbackError("referred: to whom?")

    def details(current: Callback) -> dict:
        return _outcome_fields(services, current, outcome, staff, referred_to, private_note)

    if outcome == NO_ANSWER:
        request = requests.no_answer(services, ref, details)
    else:
        request = requests.done(services, ref, details)
    about = f"callback:{request.ref}"
    audit.record(services.redis, CLOSED_WITH, actor=actor, about=about, outcome=outcome)
    return request


def _outcome_fields(
    services: Services,
    current: Callback,
    outcome: str,
    staff: str,
    referred_to: str,
    private_note: str,
) -> dict:
    now = services.clock().timestamp()
    history = json.loads(current.outcomes or "[]")
    history.append({"outcome": outcome, "staff": staff, "at": now})
    fields: dict[str, str | float] = {
        "outcome": outcome,
        "outcomes": json.dumps(history),
        "handled_by": staff,
    }
    fields |= {"referred_to": referred_to if outcome == REFERRED else ""}
    fields |= {} if current.called_at else {"called_at": now, "called_by": staff}
    note = _joined_note(services, current.staff_note, private_note)
    return fields | ({"staff_note": note} if note != current.staff_note else {})


def _joined_note(services: Services, token: str, added: str) -> str:
    """The private note with `added` appended, encrypted again ("" stays "")."""
    added = added.strip()[:PRIVATE_NOTE_MAX]
    if not added:
        return token
    earlier = services.privacy.decrypt(token) if token else ""
    return services.privacy.encrypt(NOTE_JOIN.join(n for n in (earlier, added) if n))


def private_note(services: Services, request: Callback) -> str:
    """The staff's private note in clear, for the case view only ("" when none or blanked)."""
    return services.privacy.decrypt(request.staff_note) if request.staff_note else ""


def cancel(services: Services, ref: str, actor: str) -> Callback:
    """Staff cancel the request; the texter gets the SMS `cancellation_text` shows (audited)."""
    request = requests.cancel(services, ref)
    audit.record(services.redis, CANCELLED_BY_STAFF, actor=actor, about=f"callback:{request.ref}")
    return request


def cancellation_text(services: Services, request: Callback) -> str:
    """The exact message the texter will receive if staff cancel (their language, channel)."""
    return services.content.render(
        notices.TOPIC, "cancelled", request.language, request.channel, ref=request.ref
    )


def history(services: Services, request: Callback) -> list[Callback]:
    """The texter's other requests still kept (retention deletes old ones), newest first."""
    mine = [
        other
        for other in records.load_many(services, records.all_refs(services))
        if other.texter_id == request.texter_id and other.ref != request.ref
    ]
    return sorted(mine, key=lambda other: -other.created_at)
