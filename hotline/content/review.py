"""The content matrix coordinators read in the console: every message × language at a glance.

Each cell says whether the text is reviewed by a person, a machine-translation draft, written
but not reviewed, or missing (the texter then gets French), with its SMS segments and encoding
as really sent. A topic whose facts were verified more than a year ago is marked stale.
Read-only: content is edited in `content/` (files or the CSV round-trip).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotline.content.checker import STALE_AFTER_MONTHS
from hotline.content.model import VERIFIED_ON, Content, Topic
from hotline.languages import LANGUAGES
from hotline.text import sms

REVIEWED = "reviewed"
MACHINE = "machine"
UNREVIEWED = "unreviewed"
MISSING = "missing"
STATUSES = (REVIEWED, UNREVIEWED, MACHINE, MISSING)


@dataclass(frozen=True)
class Cell:
    """One message in one language."""

    language: str
    status: str
    segments: int = 0
    encoding: str = ""


@dataclass(frozen=True)
class Row:
    """One message of one topic, across the nine languages."""

    topic: str
    message: str
    verified_on: str
    stale: bool
    cells: tuple[Cell, ...]


def is_stale(topic: Topic, today: dt.date) -> bool:
    """True when the topic's facts were verified more than a year ago (or never)."""
    if not VERIFIED_ON.match(topic.verified_on):
        return True
    year, month = int(topic.verified_on[:4]), int(topic.verified_on[5:7])
    return (today.year - year) * 12 + today.month - month > STALE_AFTER_MONTHS


def _cell(topic: Topic, message: str, language: str) -> Cell:
    text = topic.messages[message].get(language)
    if text is None:
        return Cell(language, MISSING)
    status = REVIEWED if text.reviewed else MACHINE if text.machine else UNREVIEWED
    info = sms.segment_info(sms.render_sms(text.sms))
    return Cell(language, status, info.segments, info.encoding)


def matrix(content: Content, today: dt.date) -> list[Row]:
    """Every topic's messages, in topic order, with one cell per language."""
    return [
        Row(
            topic.id,
            message,
            topic.verified_on,
            is_stale(topic, today),
            tuple(_cell(topic, message, language) for language in LANGUAGES),
        )
        for topic in sorted(content.topics.values(), key=lambda t: (t.menu or 99, t.id))
        for message in topic.messages
    ]


def totals(rows: list[Row]) -> dict[str, int]:
    """How many cells are in each status (for the summary line)."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        for cell in row.cells:
            counts[cell.status] += 1
    return counts
