"""The understanding measured on the labelled corpus (tests/data/understanding/), as a table.

Floors per language and per kind keep what has been reached from slipping back; the issue's
targets (95% overall, 90% per language and kind) are measured by bench/understanding.py and
written into BENCHMARKS.md. Safety has no floor: no text but an exact action keyword may act.
"""

from __future__ import annotations

import pytest

from hotline.understanding import Understanding
from tests import corpus

OVERALL_FLOOR = 0.93
LANGUAGE_FLOORS = {
    "fr": 0.93, "nl": 0.94, "en": 0.92, "ar": 0.92, "es": 0.91,
    "ro": 0.93, "tr": 0.92, "sq": 0.91, "fa": 0.92,
}  # fmt: skip
ASK_MISSES = 0.3  # share of the `ask` rows still answered without the action's question
KIND_FLOORS = {"keyword": 0.96, "typo": 0.90, "sentence": 0.91, "latin": 0.94}


@pytest.fixture(scope="module")
def outcomes(content) -> list[corpus.Outcome]:
    understanding = Understanding(content)
    return [corpus.judge(row, understanding.understand(row.text)) for row in corpus.load()]


def share(outcomes: list[corpus.Outcome]) -> float:
    return sum(outcome.right for outcome in outcomes) / len(outcomes)


def misses(outcomes: list[corpus.Outcome], limit: int = 15) -> str:
    wrong = [o for o in outcomes if not o.right][:limit]
    return "\n".join(f"{o.row.text!r}: {o.topic}/{o.language}, wanted {sorted(o.row.topics)}"
                     for o in wrong)  # fmt: skip


def test_overall_floor(outcomes):
    assert share(outcomes) >= OVERALL_FLOOR, misses(outcomes)


@pytest.mark.parametrize("language", sorted(LANGUAGE_FLOORS))
def test_floor_per_language(outcomes, language):
    mine = [o for o in outcomes if o.row.file == language]
    assert share(mine) >= LANGUAGE_FLOORS[language], misses(mine)


@pytest.mark.parametrize("kind", sorted(KIND_FLOORS))
def test_floor_per_kind(outcomes, kind):
    mine = [o for o in outcomes if o.row.kind == kind]
    assert share(mine) >= KIND_FLOORS[kind], misses(mine)


def test_no_text_but_an_exact_action_keyword_acts(outcomes):
    accidental = [
        o.row.text for o in outcomes if o.row.action != "act" and corpus.side_effect(o.understood)
    ]
    assert accidental == []


def test_every_exact_action_keyword_acts(outcomes):
    missed = [o.row.text for o in outcomes if o.row.action == "act" and not o.acted]
    assert missed == []


def test_action_intents_in_other_words_get_a_question(outcomes):
    unasked = [o.row.text for o in outcomes if o.row.action == "ask" and not o.asked]
    assert len(unasked) <= ASK_MISSES * sum(o.row.action == "ask" for o in outcomes), unasked
