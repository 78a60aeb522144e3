"""Deployment-wide counters, kept in Redis: what the engine answered and what outbound sent.

Written by the engine and by outbound on their own pipelines (no round trip of their own) and
read by the Prometheus collector in `hotline.reporting`, which is why they sit at the bottom:
outbound must be able to count without importing the reporting layer. Labels come only from
closed sets (see `hotline.reporting.metrics`), so no number or free text becomes a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hotline.languages import LANGUAGES
from hotline.platform import store
from hotline.platform.channels import CHANNELS
from hotline.platform.decoded import DecodedRedis

OTHER = "other"
NONE = "none"
SEPARATOR = "|"
# Twilio's message statuses, plus "skipped" (the hotline decided not to send).
STATUSES = frozenset(
    {
        "queued",
        "sending",
        "sent",
        "delivered",
        "undelivered",
        "failed",
        "read",
        "accepted",
        "scheduled",
        "canceled",
        "partially_delivered",
        "skipped",
    }
)
_ERROR_CODE = re.compile(r"\d{1,5}")  # Twilio codes are 5 digits; a phone number never fits


@dataclass(frozen=True)
class CounterSpec:
    """One shared counter: its Redis hash, Prometheus name, help text and label names."""

    key: str
    name: str
    help: str
    labels: tuple[str, ...]


INBOUND = CounterSpec(
    "inbound",
    "hotline_inbound_messages",
    "Inbound messages answered, by channel and the language answered in.",
    ("channel", "language"),
)
REPLIES = CounterSpec(
    "replies", "hotline_replies", "Replies sent in the webhook answer, by topic.", ("topic",)
)
MATCHES = CounterSpec(
    "matches", "hotline_matches", "Inbound messages by how the keyword matched.", ("kind",)
)
OUTBOUND = CounterSpec(
    "outbound",
    "hotline_outbound_messages",
    "Outbound message status changes, by status and Twilio error code (none = no error).",
    ("status", "error_code"),
)
COUNTERS = (INBOUND, REPLIES, MATCHES, OUTBOUND)


def closed(value: str, allowed: Iterable[str]) -> str:
    """`value` when it belongs to the closed set `allowed`, else "other" (never free text)."""
    return value if value in allowed else OTHER


def error_code(code: object) -> str:
    """A Twilio error code as a label: digits only (at most 5), "none" when absent."""
    text = str(code or "").strip()
    if not text or text == NONE:
        return NONE
    return text if _ERROR_CODE.fullmatch(text) else OTHER


def record_answer(
    client: DecodedRedis,
    *,
    channel: str,
    language: str,
    topic: str,
    match_kind: str,
    topics: Iterable[str],
    match_kinds: Iterable[str],
) -> None:
    """Count one answered inbound message; `topics` and `match_kinds`: the known values.

    Only issues commands: the engine passes its pipeline so this costs no round trip.
    """
    labels = (closed(channel, CHANNELS), closed(language, LANGUAGES))
    client.hincrby(store.metric(INBOUND.key), SEPARATOR.join(labels), 1)
    if topic:
        client.hincrby(store.metric(REPLIES.key), closed(topic, topics), 1)
    client.hincrby(store.metric(MATCHES.key), closed(match_kind, match_kinds), 1)


def record_outbound(client: DecodedRedis, status: str, code: object = "") -> None:
    """Count one outbound message reaching `status` (with Twilio's error code, if any)."""
    field = SEPARATOR.join((closed(status, STATUSES), error_code(code)))
    client.hincrby(store.metric(OUTBOUND.key), field, 1)


def read_counters(client: DecodedRedis) -> dict[str, dict[str, int]]:
    """Every shared counter's values, by counter key then "label|label" field."""
    pipe = client.pipeline(transaction=False)
    for spec in COUNTERS:
        pipe.hgetall(store.metric(spec.key))
    values = pipe.execute()
    return {
        spec.key: {field: int(count) for field, count in raw.items()}
        for spec, raw in zip(COUNTERS, values, strict=True)
    }
