"""The labelled corpus (tests/data/understanding/*.tsv) read against `hotline.understanding`.

Shared by the table test (tests/understanding/test_corpus.py) and bench/understanding.py: what
counts as right is defined once. A text is right when its topic is one of the labelled topics
(a "did you mean…?" is right only when every topic it offers is) and its reply language is one
of the labelled languages, the language being the one the engine would answer a new texter with
a Belgian number in. An action runs only for rows labelled `act`; rows labelled `ask` must get a
question back (the action's question, or a "did you mean…?" naming it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from hotline.understanding import AMBIGUOUS, EMPTY, EXACT, NUMBER, UNKNOWN, Understood

CORPUS = Path(__file__).resolve().parent / "data" / "understanding"
HELDOUT = CORPUS / "heldout"  # written without reading the lexicons: how well it generalises
HELDOUT2 = CORPUS / "heldout2"  # written later, the same way, without reading the others
HELDOUT3 = CORPUS / "heldout3"  # the last, measured blind (see its README)
HELDOUT_SETS = (HELDOUT, HELDOUT2, HELDOUT3)
LANGUAGES = ("fr", "nl", "en", "ar", "es", "ro", "tr", "sq", "fa")
KINDS = ("keyword", "typo", "sentence", "latin")
DEFAULT_LANGUAGE = "fr"  # a new texter with a Belgian number, nothing stored
TOPIC_OF_LABEL = {"thanks": "merci"}
MENU = "menu"
WORKSHOP = "atelier"


@dataclass(frozen=True)
class Row:
    """One labelled text."""

    file: str  # the language file it comes from
    text: str
    languages: frozenset[str]
    topics: frozenset[str]
    kind: str
    action: str  # "act", "ask" or ""


@dataclass(frozen=True)
class Outcome:
    """How one text was understood, judged against its labels."""

    row: Row
    understood: Understood
    topic: str  # the topic answered ("menu" for unknown texts; "?a|b" for did-you-mean)
    language: str
    topic_right: bool
    language_right: bool
    acted: bool
    asked: bool

    @property
    def right(self) -> bool:
        """Right topic, right language, and an action only where one is asked for by keyword."""
        return self.topic_right and self.language_right and self.action_right

    @property
    def action_right(self) -> bool:
        """`act` rows act; `ask` rows get a question; no other row acts."""
        if self.row.action == "act":
            return self.acted
        if self.row.action == "ask":
            return self.asked and not self.acted
        return not self.acted


def load(directory: Path = CORPUS) -> list[Row]:
    """Every row of every language file in `directory` (the corpus, or a held-out set)."""
    rows = []
    for language in LANGUAGES:
        lines = (directory / f"{language}.tsv").read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:
            text, langs, topics, kind, action = line.split("\t")
            labelled = frozenset(TOPIC_OF_LABEL.get(t, t) for t in topics.split("|"))
            rows.append(Row(language, text, frozenset(langs.split("|")), labelled, kind, action))
    return rows


def judge(row: Row, understood: Understood) -> Outcome:
    """The outcome of one understood text."""
    topic = answered_topic(understood)
    language = reply_language(understood)
    if understood.kind == AMBIGUOUS:
        topic_right = set(understood.candidates) <= row.topics
    else:
        topic_right = topic in row.topics
    return Outcome(
        row,
        understood,
        topic,
        language,
        topic_right,
        language in row.languages,
        acts(understood),
        asks(understood),
    )


def answered_topic(understood: Understood) -> str:
    """The topic the engine answers with."""
    if understood.kind in (UNKNOWN, EMPTY):
        return MENU
    if understood.kind == AMBIGUOUS:
        return "?" + "|".join(understood.candidates)
    return understood.topic


def reply_language(understood: Understood) -> str:
    """The language the engine answers a new Belgian texter in (texters.resolve_language)."""
    languages = understood.languages
    if len(languages) == 1:
        return languages[0]
    if DEFAULT_LANGUAGE in languages or not languages:
        return DEFAULT_LANGUAGE
    return languages[0]


def acts(understood: Understood) -> bool:
    """True when the text would run an action or show what one can act on by keyword."""
    if not understood.may_act or understood.kind not in (EXACT, NUMBER):
        return False
    return understood.action or bool(understood.selects) or understood.topic in ACT_TOPICS


ACT_TOPICS = frozenset({WORKSHOP, "langue"})  # listing what one registers for / chooses


def asks(understood: Understood) -> bool:
    """A question back about an action: its question, or a did-you-mean naming it."""
    if understood.kind == AMBIGUOUS:
        return True
    return understood.asks or (understood.topic in ACT_TOPICS and not understood.may_act)


def side_effect(understood: Understood) -> bool:
    """True when the text would change something: an action, a language choice, a registration."""
    if not understood.may_act or understood.kind != EXACT:
        return False
    registers = understood.topic == WORKSHOP and understood.rest[:1].isdigit()
    return understood.action or bool(understood.selects) or registers


def rates(outcomes: list[Outcome], key) -> dict[str, tuple[int, int]]:
    """(right, total) per value of `key(outcome)`."""
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        cell = counted[key(outcome)]
        cell[0] += outcome.right
        cell[1] += 1
    return {name: (right, total) for name, (right, total) in counted.items()}
