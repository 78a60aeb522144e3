"""Broadcasts as types: what to say (`Message`), the preview's figures (`Preview`) and the stored
broadcast (`Broadcast`), with its Redis hash form.

A broadcast is one hash (`store.broadcast(id)`), written whole when the draft is created
(`to_hash`), then changed field by field: its status by compare-and-set scripts, its counters by
HINCRBY (the planner's hand-over, and each message's outcome from hotline/outbound/status.py).
`from_hash` reads any broadcast stored since the first release: the layout (field names, text
encodings) is the one those writes use — numbers as Python writes them, the message and the
preview as JSON, "" for no `send_at`, `planned` "1" once planning has finished.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hotline.languages import REFERENCE_LANGUAGE
from hotline.platform import Services, dates
from hotline.text import sms

# Counters of a broadcast's hash: its batches; recipients handed to outbound ("queued") or left
# out then ("skipped": number forgotten since planning); then each handed-over message's outcome,
# counted by hotline/outbound/status.py on its status transition (BROADCAST_COUNTS).
HANDOVER_COUNTERS = ("batches", "batches_done", "queued", "skipped")
SEND_COUNTERS = ("sent", "failed", "skipped_at_send", "stopped", "delivered")
COUNTERS = HANDOVER_COUNTERS + SEND_COUNTERS


@dataclass(frozen=True)
class Message:
    """What to say: texts per language, or a content topic's answer."""

    texts: dict[str, str] = field(default_factory=dict)
    topic: str = ""

    def language_for(self, language: str) -> str:
        """The language a texter gets: theirs when written, else French (texts mode)."""
        if self.topic or language in self.texts:
            return language
        return REFERENCE_LANGUAGE

    def render(self, services: Services, language: str, channel: str) -> str:
        """The final text for one language and channel."""
        if self.topic:
            return services.content.render(self.topic, "answer", language, channel)
        text = self.texts[self.language_for(language)]
        return sms.render_sms(text) if channel == "sms" else sms.render_whatsapp(text)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the texts and the topic."""
        return {"texts": self.texts, "topic": self.topic}

    def to_json(self) -> str:
        """Stored form."""
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> Message:
        """The message of its stored form."""
        data = json.loads(raw or "{}")
        return cls(texts=data.get("texts") or {}, topic=data.get("topic") or "")


@dataclass
class Preview:
    """Who would get what, and what it costs, before confirming."""

    recipients: dict[str, int] = field(default_factory=dict)  # by message language
    sms_recipients: dict[str, int] = field(default_factory=dict)
    segments: dict[str, int] = field(default_factory=dict)  # SMS segments of one message
    opted_out: int = 0
    unreachable: int = 0

    @property
    def total_recipients(self) -> int:
        """Texters who will be sent the message."""
        return sum(self.recipients.values())

    @property
    def total_segments(self) -> int:
        """SMS segments billed for the whole broadcast (WhatsApp messages are not segments)."""
        return sum(n * self.segments.get(lang, 0) for lang, n in self.sms_recipients.items())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "recipients": self.recipients,
            "sms_recipients": self.sms_recipients,
            "segments": self.segments,
            "total_recipients": self.total_recipients,
            "total_segments": self.total_segments,
            "opted_out": self.opted_out,
            "unreachable": self.unreachable,
        }

    def to_json(self) -> str:
        """Stored form (the totals included, for readers of the raw hash)."""
        return json.dumps(self.as_dict())

    @classmethod
    def from_json(cls, raw: str) -> Preview:
        """The figures of their stored form (the totals are computed again)."""
        data = json.loads(raw or "{}")
        return cls(
            recipients=data.get("recipients") or {},
            sms_recipients=data.get("sms_recipients") or {},
            segments=data.get("segments") or {},
            opted_out=int(data.get("opted_out") or 0),
            unreachable=int(data.get("unreachable") or 0),
        )


@dataclass(frozen=True)
class Broadcast:
    """One stored broadcast: its audience, message, status, preview and counters (the fields
    in the hash's order; a field the hash lacks takes its default)."""

    id: str = ""
    audience: str = ""  # as `audiences.parse` reads it
    message: Message = field(default_factory=Message)
    status: str = ""
    created_at: float = 0.0
    send_at: float | None = None  # epoch seconds: planning starts then (None: at confirm)
    preview: Preview = field(default_factory=Preview)
    attempt: int = 0  # the planning run (each run's batches name it)
    batches: int = 0
    batches_done: int = 0
    queued: int = 0
    skipped: int = 0
    sent: int = 0
    failed: int = 0
    skipped_at_send: int = 0
    stopped: int = 0
    delivered: int = 0
    planned: bool = False  # every batch of the current run is stored and enqueued

    @property
    def send_time(self) -> dt.datetime | None:
        """`send_at` as an aware datetime (None: none was chosen)."""
        return dt.datetime.fromtimestamp(self.send_at, dt.UTC) if self.send_at else None

    def local_send_at(self, timezone: str) -> str:
        """`send_at` for coordinators, "2026-12-03 17:00" in local time ("" when none)."""
        when = self.send_time
        return dates.show_local(when, timezone) if when else ""

    def counters(self) -> dict[str, int]:
        """The counters by name (COUNTERS)."""
        return {name: getattr(self, name) for name in COUNTERS}

    @classmethod
    def from_hash(cls, data: Mapping[str, str]) -> Broadcast:
        """The broadcast of a stored hash."""
        send_at = data.get("send_at")
        return cls(
            id=data.get("id", ""),
            audience=data.get("audience", ""),
            message=Message.from_json(data.get("message", "")),
            status=data.get("status", ""),
            created_at=float(data.get("created_at") or 0),
            send_at=float(send_at) if send_at else None,
            preview=Preview.from_json(data.get("preview", "")),
            attempt=int(data.get("attempt") or 0),
            planned=bool(data.get("planned")),
            **{name: int(data.get(name) or 0) for name in COUNTERS},
        )

    def to_hash(self) -> dict[str, str]:
        """The Redis hash of this broadcast, as `from_hash` reads it."""
        stored = {
            "id": self.id,
            "audience": self.audience,
            "message": self.message.to_json(),
            "status": self.status,
            "created_at": repr(self.created_at),
            "send_at": "" if self.send_at is None else repr(self.send_at),
            "preview": self.preview.to_json(),
            "attempt": str(self.attempt),
            **{name: str(count) for name, count in self.counters().items()},
        }
        if self.planned:
            stored["planned"] = "1"
        return stored

    def view(self, timezone: str) -> dict[str, Any]:
        """JSON-ready, as `hotline broadcasts list --json` prints it: the stored fields, the
        message and preview decoded, the counters as numbers, `send_at` in local time."""
        return {
            **self.to_hash(),
            "message": self.message.as_dict(),
            "preview": self.preview.as_dict(),
            **self.counters(),
            "send_at": self.local_send_at(timezone),
        }
