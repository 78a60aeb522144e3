"""The keyword index: what did the texter ask for?

Built once from the content store. A text matches, in this order:
1. a keyword phrase or word at the start ("retour volontaire", "SANTE", "OCMW", "English") —
   unless it is a greeting ("bonjour", "salam") and a topic is asked later in the text;
2. a menu number as first word ("3");
3. an info-topic keyword anywhere later in the text ("bonjour, j'ai une lettre du CPAS") —
   only info topics, so that "I can't stop" never opts anyone out;
4. a typo of a keyword of 4+ letters (rapidfuzz), when one topic is clearly closest; when two
   topics are about as close, the match is ambiguous and the texter is asked "did you mean…?".
Anything else is unknown, and the engine answers with the menu.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from hotline.content import Content, Topic, all_words
from hotline.text import normalize

EXACT = "exact"
NUMBER = "number"
FUZZY = "fuzzy"
AMBIGUOUS = "ambiguous"
UNKNOWN = "unknown"
EMPTY = "empty"
KINDS = frozenset({EXACT, NUMBER, FUZZY, AMBIGUOUS, UNKNOWN, EMPTY})  # how a text matched

FUZZY_MIN_LENGTH = 4
FUZZY_SCORE = 75.0  # fuzz.ratio: one typo in a 4-5 letter word still scores >= 75
FUZZY_MARGIN = 8.0  # the best topic must beat the next one by this much
FUZZY_WORDS = 3  # only the first words are typo-checked: short texts carry the keyword early
INFO = "info"
GREETINGS = "menu"  # the menu topic holds greetings: they give way to a topic asked later


@dataclass(frozen=True)
class Entry:
    """What one normalised keyword points at."""

    topic: str
    languages: tuple[str, ...]  # in content order: the first is the keyword's main language
    kind: str
    selects: str = ""  # for language names: the language they choose


@dataclass(frozen=True)
class Match:
    """The result of matching one text: which topic, how, and what came after the keyword."""

    kind: str
    topic: str = ""
    languages: tuple[str, ...] = ()
    rest: str = ""
    selects: str = ""
    number: int | None = None
    candidates: tuple[str, ...] = ()
    topic_kind: str = ""


class KeywordIndex:
    """Keywords and phrases of every topic, normalised, with a fuzzy fallback."""

    def __init__(self, content: Content):
        self.words: dict[str, Entry] = {}
        self.phrases: dict[tuple[str, ...], Entry] = {}
        for topic in content.topics.values():
            self._add_topic(topic)
        self.longest_phrase = max((len(p) for p in self.phrases), default=1)
        self.fuzzy_choices = [w for w in self.words if len(w) >= FUZZY_MIN_LENGTH]

    def _add_topic(self, topic: Topic) -> None:
        for lang, word in all_words(topic):
            norm = normalize(word)
            if not norm:
                continue
            selects = lang if word in topic.select.get(lang, ()) else ""
            table: dict = self.phrases if " " in norm else self.words
            key = tuple(norm.split()) if " " in norm else norm
            entry = table.get(key)
            known = entry.languages if entry else ()
            languages = known if lang in known else (*known, lang)
            selects = selects or (entry.selects if entry else "")
            table[key] = Entry(topic.id, languages, topic.kind, selects)

    def match(self, text: str) -> Match:
        """Match a raw text (normalised here) against the index."""
        words = normalize(text).split()
        if not words:
            return Match(EMPTY)
        leading = self._leading(words)
        if leading and leading.topic == GREETINGS:
            return self._anywhere(words) or leading
        return (
            leading
            or self._number(words)
            or self._anywhere(words)
            or self._fuzzy(words)
            or Match(UNKNOWN, rest=" ".join(words))
        )

    def _leading(self, words: list[str]) -> Match | None:
        for size in range(min(self.longest_phrase, len(words)), 1, -1):
            entry = self.phrases.get(tuple(words[:size]))
            if entry:
                return _matched(EXACT, entry, words[size:])
        entry = self.words.get(words[0])
        return _matched(EXACT, entry, words[1:]) if entry else None

    def _number(self, words: list[str]) -> Match | None:
        if words[0].isdigit() and len(words[0]) <= 3:
            return Match(NUMBER, number=int(words[0]), rest=" ".join(words[1:]))
        return None

    def _anywhere(self, words: list[str]) -> Match | None:
        for start in range(1, len(words)):
            found = self._leading(words[start:])
            if found and found.topic_kind == INFO:
                return found
        return None

    def _fuzzy(self, words: list[str]) -> Match | None:
        for position, word in enumerate(words[:FUZZY_WORDS]):
            if len(word) < FUZZY_MIN_LENGTH:
                continue
            found = self._fuzzy_word(word, words[position + 1 :], first=position == 0)
            if found:
                return found
        return None

    def _fuzzy_word(self, word: str, rest: list[str], first: bool) -> Match | None:
        scored = process.extract(word, self.fuzzy_choices, scorer=fuzz.ratio, limit=8)
        best_by_topic: dict[str, tuple[float, Entry]] = {}
        for choice, score, _ in scored:
            entry = self.words[choice]
            if score >= FUZZY_SCORE and (first or entry.kind == INFO):
                best_by_topic.setdefault(entry.topic, (score, entry))
        ranked = sorted(best_by_topic.values(), key=lambda item: -item[0])
        if not ranked:
            return None
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < FUZZY_MARGIN:
            return Match(AMBIGUOUS, candidates=tuple(e.topic for _, e in ranked[:3]))
        return _matched(FUZZY, ranked[0][1], rest)


def _matched(kind: str, entry: Entry, rest: Iterable[str]) -> Match:
    return Match(
        kind, entry.topic, entry.languages, " ".join(rest), entry.selects, topic_kind=entry.kind
    )
