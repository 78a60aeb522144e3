"""Checks the labelled corpus in tests/data/understanding/ is well formed, without running any code.

The corpus measures how well the hotline understands what people really text; a row with a typo
in its label would silently lower (or raise) that measure. So this module validates only the data:
shape, codes, labels, duplicates and the size floors the measure relies on. It must not import the
understanding code, so that a bug there cannot hide a bad label here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "understanding"
HEADER = ["text", "language", "topic", "kind", "action"]
LANGUAGES = ("fr", "nl", "en", "ar", "es", "ro", "tr", "sq", "fa")
KINDS = {"keyword", "typo", "sentence", "latin"}
# Arabizi/Darija and Dari typed in Latin letters: only these languages have the latin kind.
LATIN_LANGUAGES = {"ar", "fa"}
ACTIONS = {"", "act", "ask"}
# Intents that change something for the texter (or list what they can act on): the only topics
# an `act` row may carry, and at least one of the topics of an `ask` row.
ACTION_TOPICS = {"atelier", "rappel", "stop", "start", "oublier", "annuler", "langue", "suivre"}
# Content ids the corpus does not label: staff alerts; the answers to attachments (voice notes,
# pictures: content/canal.yaml) and to a shared location (content/lieux.yaml); the questions back
# (answers to how an action was asked, content/question.yaml); thanks (labelled `thanks`).
STAFF_ONLY_TOPICS = {"alerte", "canal", "lieux", "question", "merci"}
MIN_TOTAL = 1100
MIN_PER_LANGUAGE = 110
MIN_LATIN = 35
MIN_SENTENCE_SHARE = 0.5


def content_ids() -> set[str]:
    """The topic ids the content defines, read from content/*.yaml."""
    ids = set()
    for path in (ROOT / "content").glob("*.yaml"):
        ids.add(yaml.safe_load(path.read_text(encoding="utf-8"))["id"])
    return ids


TOPICS = content_ids() | {"thanks"}


def read_rows(language: str) -> list[list[str]]:
    """The rows of one language's file, header checked and dropped."""
    lines = (CORPUS / f"{language}.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t") == HEADER
    assert lines[-1] == "", "the file ends with one newline"
    return [line.split("\t") for line in lines[1:-1]]


ROWS = {language: read_rows(language) for language in LANGUAGES}


def alternatives(field: str) -> list[str]:
    """The `|`-separated alternatives of a language or topic field."""
    return field.split("|")


def test_each_of_the_nine_languages_has_a_file_and_nothing_else_is_there():
    assert sorted(p.stem for p in CORPUS.glob("*.tsv")) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_row_has_five_fields_and_a_clean_text(language):
    for row in ROWS[language]:
        assert len(row) == 5, row
        text = row[0]
        assert text and text == text.strip(), row
        assert not any(ch in text for ch in "\r\n\t\x00"), row


@pytest.mark.parametrize("language", LANGUAGES)
def test_languages_are_the_nine_codes_without_repeats(language):
    for text, languages, *_ in ROWS[language]:
        codes = alternatives(languages)
        assert set(codes) <= set(LANGUAGES), (text, languages)
        assert len(codes) == len(set(codes)), (text, languages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_topics_are_content_ids_or_thanks(language):
    for text, _, topics, *_ in ROWS[language]:
        names = alternatives(topics)
        assert set(names) <= TOPICS - STAFF_ONLY_TOPICS, (text, topics)
        assert len(names) == len(set(names)), (text, topics)


@pytest.mark.parametrize("language", LANGUAGES)
def test_kinds_are_valid_and_latin_only_in_arabic_and_dari(language):
    for text, _, _, kind, _ in ROWS[language]:
        assert kind in KINDS, (text, kind)
        assert kind != "latin" or language in LATIN_LANGUAGES, (text, kind)


@pytest.mark.parametrize("language", LANGUAGES)
def test_actions_are_valid_and_carried_by_action_topics(language):
    for text, _, topics, kind, action in ROWS[language]:
        assert action in ACTIONS, (text, action)
        names = set(alternatives(topics))
        if action == "act":
            # Only a bare command (the exact keyword, maybe with its argument) may act.
            assert kind == "keyword", (text, kind)
            assert names <= ACTION_TOPICS, (text, topics)
        if action == "ask":
            assert names & ACTION_TOPICS, (text, topics)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_appears_twice_in_a_language(language):
    counts = Counter(row[0] for row in ROWS[language])
    assert [text for text, n in counts.items() if n > 1] == []


def test_the_corpus_is_big_enough():
    assert sum(len(rows) for rows in ROWS.values()) >= MIN_TOTAL


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_meets_its_floors(language):
    rows = ROWS[language]
    kinds = Counter(row[3] for row in rows)
    assert len(rows) >= MIN_PER_LANGUAGE
    assert kinds["keyword"] and kinds["typo"] and kinds["sentence"], kinds
    if language in LATIN_LANGUAGES:
        assert kinds["latin"] >= MIN_LATIN, kinds
    assert kinds["sentence"] >= MIN_SENTENCE_SHARE * len(rows), kinds


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_covers_every_topic_a_texter_can_reach(language):
    covered = {name for row in ROWS[language] for name in alternatives(row[2])}
    assert TOPICS - STAFF_ONLY_TOPICS - covered == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_texts_to_act_on_to_ask_about_and_traps(language):
    actions = Counter(row[4] for row in ROWS[language])
    assert actions["act"] and actions["ask"] and actions[""], actions
