"""Outbound records as types: what a caller asks to send, and what is stored about it.

`OutboundRequest` is what `outbound.queue` (and `batch.queue_many`) is given: a recipient, a
final text or a content message, and how to send it. `OutboundMessage` is the stored record,
one Redis hash per message (`store.outbound(id)`): written whole once, when the message is
queued (`to_hash`), then changed field by field by its lifecycle (hotline/outbound/status.py
writes only the fields that change, in Lua scripts). `from_hash` reads any record stored since
the first release: the hash layout (field names, text encodings) is the one those writes use.

The hash holds text: numbers as Python writes them (`repr` of a float, as redis-py sends it),
flags as "1" or "", JSON for the message fields and template variables, and "" for a time not
set. A field is only in the hash once it has a value, except the fields every new record holds;
a group of fields written together (an interactive template, an attempt) is present together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import redis

from hotline.platform import WHATSAPP_PREFIX, Services, mask, queues, store

if TYPE_CHECKING:
    from hotline.outbound.whatsapp_templates import Tappable


@dataclass(frozen=True)
class OutboundRequest:
    """One message a caller asks to send (see `outbound.queue` for what each field does).

    Either `body` (final text) or `topic` (+ `message`, `fields`: a content message rendered at
    send time) is given. The number and the text stay out of its repr (logs, tracebacks)."""

    to: str = field(repr=False)
    channel: str
    purpose: str
    idempotency_key: str
    body: str = field(default="", repr=False)
    topic: str = ""
    message: str = "answer"
    fields: Mapping[str, object] = field(default_factory=dict, repr=False)
    language: str = "fr"
    texter_id: str = ""
    queue_name: str = queues.URGENT
    unsolicited: bool = False
    send_at: dt.datetime | None = None
    broadcast_id: str = ""
    outside_window: bool = False
    interactive: Tappable | None = field(default=None, repr=False)


@dataclass(frozen=True)
class OutboundMessage:
    """One stored outbound message, as its Redis hash holds it (the recipient encrypted).

    The fields are in the hash's order; a field the hash lacks takes its default, "" or none.
    Texts and the recipient stay out of its repr."""

    # Written when the message is queued (always present).
    id: str = ""
    status: str = ""  # QUEUED when new ("" only in the remnant of an erased record)
    to: str = field(default="", repr=False)  # Fernet token; `recipient` decrypts it
    texter_id: str = ""
    channel: str = ""
    purpose: str = ""
    idempotency_key: str = ""
    body: str = field(default="", repr=False)
    topic: str = ""
    message: str = ""  # the content message of `topic` ("" for a final text)
    fields: dict[str, Any] = field(default_factory=dict, repr=False)
    language: str = ""
    queue: str = ""  # its RQ queue's name
    unsolicited: bool = False
    send_at: float | None = None  # epoch seconds: not before then
    created_at: float = 0.0
    attempts: int = 0
    # Written when the message is queued, when they apply.
    broadcast_id: str = ""
    outside_window: bool = False  # Twilio said 63016: a template (else an SMS) at once
    interactive_sid: str = ""  # a WhatsApp reply's tappable template (whatsapp_templates)
    interactive_variables: dict[str, str] = field(default_factory=dict, repr=False)
    interactive_template: str = ""
    menu: str = field(default="", repr=False)
    sms_body: str = field(default="", repr=False)  # that reply's SMS wording
    job_id: str = ""  # the RQ job holding the message (hotline/outbound/status.py `hold`)
    deferred_until: str = ""  # ISO time: pushed past quiet hours, or the daily cap
    # Written by the lifecycle (hotline/outbound/status.py, hotline/outbound/attempts.py).
    updated_at: float | None = None
    attempt_at: float | None = None  # the last attempt: when, on which channel, what
    sent_channel: str = ""
    text: str = field(default="", repr=False)
    content_sid: str = ""
    content_variables: dict[str, str] = field(default_factory=dict, repr=False)
    attempt_state: str = ""  # pending | accepted | rejected (hotline/outbound/attempts.py)
    sid: str = ""  # the provider's id
    provider_status: str = ""
    error_code: str = ""
    error: str = ""  # the provider's wording, numbers masked
    reason: str = ""  # why it was skipped or failed
    late_error: str = ""  # the error code of a late report, acted on once (delivery_reports)
    sweep_adrift_job: str = ""  # a job the sweep found adrift (hotline/outbound/sweep.py)

    @classmethod
    def from_hash(cls, data: Mapping[str, str]) -> OutboundMessage:
        """The record of a stored hash; fields it lacks take their defaults, unknown ones are
        ignored."""
        return cls(**{name: _decode(name, data[name]) for name in _NAMES if name in data})

    def to_hash(self) -> dict[str, str]:
        """The Redis hash of this record, as `from_hash` reads it (see the module docstring)."""
        encoded = {name: _encode(name, getattr(self, name)) for name in _NAMES}
        return {name: value for name, value in encoded.items() if _stored(name, encoded)}


_NAMES = tuple(f.name for f in dataclasses.fields(OutboundMessage))
_ALWAYS = frozenset(_NAMES[: _NAMES.index("attempts") + 1])
# Fields written together, present when the first one has a value.
_GROUPS = {
    **dict.fromkeys(("interactive_variables", "interactive_template", "menu", "sms_body"),
                    "interactive_sid"),
    **dict.fromkeys(("sent_channel", "text", "content_sid", "content_variables"), "attempt_at"),
}  # fmt: skip
_FLOATS = frozenset({"send_at", "created_at", "updated_at", "attempt_at"})
_FLAGS = frozenset({"unsolicited", "outside_window"})
_JSON = frozenset({"fields", "interactive_variables", "content_variables"})


def _decode(name: str, raw: str) -> Any:
    if name in _FLOATS:
        return float(raw) if raw else (0.0 if name == "created_at" else None)
    if name == "attempts":
        return int(raw or 0)
    if name in _FLAGS:
        return bool(raw)
    if name in _JSON:
        return json.loads(raw or "{}")
    return raw


def _encode(name: str, value: object) -> str:
    if name in _FLOATS:
        return "" if value is None else repr(float(cast(float, value)))
    if name in _FLAGS:
        return "1" if value else ""
    if name in _JSON:
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _stored(name: str, encoded: Mapping[str, str]) -> bool:
    if name in _ALWAYS:
        return True
    return encoded[_GROUPS.get(name, name)] != ""


def load(client: redis.Redis, message_id: str) -> OutboundMessage | None:
    """The stored record (None when unknown or expired); the recipient stays encrypted."""
    data = cast("dict[str, str]", client.hgetall(store.outbound(message_id)))
    return OutboundMessage.from_hash(data) if data else None


def recipient(services: Services, record: OutboundMessage) -> str:
    """The decrypted E.164 number of a record (for the sender only; never log it)."""
    return services.privacy.decrypt(record.to).removeprefix(WHATSAPP_PREFIX)


def get(services: Services, message_id: str) -> dict[str, Any] | None:
    """One message for display (the console, `hotline outbox --json`): its stored fields, the
    recipient masked, fields decoded, attempts a number, unsolicited a flag."""
    data = cast("dict[str, str]", services.redis.hgetall(store.outbound(message_id)))
    if not data:
        return None
    return _public(services, data)


def _public(services: Services, data: Mapping[str, str]) -> dict[str, Any]:
    shown: dict[str, Any] = dict(data)
    token = shown.pop("to", "")
    try:
        shown["to"] = mask(services.privacy.decrypt(token)) if token else ""
    except ValueError:
        shown["to"] = "?"
    shown["fields"] = json.loads(shown.get("fields") or "{}")
    shown["attempts"] = int(shown.get("attempts") or 0)
    shown["unsolicited"] = bool(shown.get("unsolicited"))
    return shown


def outbox(services: Services, limit: int = 100) -> list[dict[str, Any]]:
    """Messages "sent" in outbox mode, newest first (what would have left the machine), as
    `get` shows them."""
    ids = cast("list[str]", services.redis.zrevrange(store.outbox(), 0, max(limit, 1) - 1))
    records = (get(services, message_id) for message_id in ids)
    return [record for record in records if record]
