"""The read-only content matrix: review state and segments per message and language."""

from __future__ import annotations

import datetime as dt

from hotline.content import review as content_matrix
from hotline.languages import LANGUAGES


def test_every_message_has_a_cell_per_language(content):
    rows = content_matrix.matrix(content, dt.date(2026, 11, 23))
    assert rows
    for row in rows:
        assert [cell.language for cell in row.cells] == list(LANGUAGES)
    sante = next(r for r in rows if r.topic == "sante" and r.message == "answer")
    french = sante.cells[0]
    assert french.status == content_matrix.REVIEWED
    assert 1 <= french.segments <= 3


def test_stale_after_a_year(content):
    topic = content.topic("sante")
    verified = dt.date.fromisoformat(topic.verified_on[:7] + "-01")
    assert not content_matrix.is_stale(topic, verified)
    assert content_matrix.is_stale(topic, verified + dt.timedelta(days=800))


def test_totals_count_every_cell(content):
    rows = content_matrix.matrix(content, dt.date(2026, 11, 23))
    assert sum(content_matrix.totals(rows).values()) == len(rows) * len(LANGUAGES)
