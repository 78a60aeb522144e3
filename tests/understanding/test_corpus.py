"""The understanding measured on the labelled corpora, as a table: the main corpus
(tests/data/understanding/) and the held-out one (…/heldout/, written by someone who had not
read the lexicons). The floors are the issue's targets: 95% overall, 90% in every language and
every kind; bench/understanding.py writes the figures into BENCHMARKS.md. Safety has no floor:
no text but an exact action keyword may act.
"""

from __future__ import annotations

import pytest

from hotline.understanding import Understanding
from tests import corpus

ASK_MISSES = 0.3  # share of the `ask` rows still answered without the action's question
# (overall, each language and kind): the targets on the corpora the work looked at; on
# the later held-out sets, written blind, floors that keep what generalises from slipping back.
FLOORS = {
    "main": (0.95, 0.90),
    "heldout": (0.95, 0.90),
    "heldout2": (0.90, 0.80),
    "heldout3": (0.90, 0.80),
}
CORPORA = {
    "main": corpus.CORPUS,
    "heldout": corpus.HELDOUT,
    "heldout2": corpus.HELDOUT2,
    "heldout3": corpus.HELDOUT3,
}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus_name(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def outcomes(corpus_name, content) -> list[corpus.Outcome]:
    understanding = Understanding(content)
    rows = corpus.load(CORPORA[corpus_name])
    return [corpus.judge(row, understanding.understand(row.text)) for row in rows]


def share(outcomes: list[corpus.Outcome]) -> float:
    return sum(outcome.right for outcome in outcomes) / len(outcomes)


def misses(outcomes: list[corpus.Outcome], limit: int = 15) -> str:
    wrong = [o for o in outcomes if not o.right][:limit]
    return "\n".join(f"{o.row.text!r}: {o.topic}/{o.language}, wanted {sorted(o.row.topics)}"
                     for o in wrong)  # fmt: skip


def test_overall_floor(outcomes, corpus_name):
    assert share(outcomes) >= FLOORS[corpus_name][0], misses(outcomes)


@pytest.mark.parametrize("language", corpus.LANGUAGES)
def test_floor_per_language(outcomes, corpus_name, language):
    mine = [o for o in outcomes if o.row.file == language]
    assert share(mine) >= FLOORS[corpus_name][1], misses(mine)


@pytest.mark.parametrize("kind", corpus.KINDS)
def test_floor_per_kind(outcomes, corpus_name, kind):
    mine = [o for o in outcomes if o.row.kind == kind]
    assert share(mine) >= FLOORS[corpus_name][1], misses(mine)


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
