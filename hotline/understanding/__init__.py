"""Understanding: what did this person ask, in which language, and how sure are we?

The one place that reads words. Built once from the content (`Understanding(content)`), it
answers `understand(text) -> Understood` for the engine, and a few narrower questions for the
handlers (the keyword at the start of the words after a keyword, a yes word).

How a text is read, in order:
1. an exact keyword (or phrase) at the start — the only way an action (STOP, RAPPEL, OUBLIER,
   ANNULER, SUIVRE, START, a language name, a workshop number) may run (`may_act`);
2. a number at the start (a menu or list item);
3. an emergency anywhere (can't breathe, bleeding, unconscious, labour…): URGENCE;
4. a non-action keyword at the start (a greeting gives way to a topic asked later);
5. the whole text scored against every topic's keywords and synonyms, in the text's language
   (see `score`); a clear winner is the topic, close ones are "did you mean…?", refusals turn
   a topic down, and an action recognised this way is only a question back (`asks`);
6. typos of known words, when nothing else matched (never onto an action or a language name);
7. nothing: UNKNOWN, answered with the menu in the language guessed (`identify`).
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from hotline import languages
from hotline.understanding import identify as identification
from hotline.understanding import lexicon, score
from hotline.understanding.identify import LATIN_LANGUAGES, Guess
from hotline.understanding.morphology import stem
from hotline.understanding.normalize import (
    ARABIC,
    LATIN,
    normalize,
    script_of,
    script_of_marks,
    words,
)

if TYPE_CHECKING:
    from hotline.content import Content

__all__ = [
    "AMBIGUOUS",
    "EMERGENCY",
    "EMPTY",
    "EXACT",
    "FUZZY",
    "KINDS",
    "NUMBER",
    "SCORED",
    "UNKNOWN",
    "Understanding",
    "Understood",
    "normalize",
    "report_text",
    "warm_up",
    "words",
]

EXACT = "exact"  # a keyword at the start
NUMBER = "number"  # a number at the start
SCORED = "scored"  # the words of the text, scored
EMERGENCY = "emergency"  # an emergency phrase anywhere
FUZZY = "fuzzy"  # a typo of a known word
AMBIGUOUS = "ambiguous"  # two or three topics about as likely
UNKNOWN = "unknown"  # nothing known
EMPTY = "empty"  # no words at all (emoji, a picture)
KINDS = frozenset({EXACT, NUMBER, SCORED, EMERGENCY, FUZZY, AMBIGUOUS, UNKNOWN, EMPTY})

MIN_SCORE = 0.05
MIN_RIVAL = 0.5  # a second topic this weak (an action's word, a hint) makes nothing ambiguous
MAX_PICK_WORDS = 2
SPELLED_OUT = 3  # this many single letters and nothing else are one word spelled out
REFERENCE_PREFIX = "r"  # callback references read "R-7K3F"
REFERENCE_WORDS = 2
REFERENCE_LENGTH = 4
ARGUMENT_STEM = 5  # a word starting with a keyword this long is that keyword with an ending
AMBIGUITY = 1.5  # a topic within this factor of the best one makes the text ambiguous
MAX_CANDIDATES = 3
MAX_NUMBER_DIGITS = 3
INFO = "info"
GRAMMAR_VOTE = 2.0  # a language's function word votes twice: French nouns travel, grammar less
SMALL_TALK = frozenset({lexicon.MENU, lexicon.THANKS})


@dataclass(frozen=True)
class Understood:
    """What one text asks for, in which language, how sure, and what may happen."""

    kind: str
    topic: str = ""
    languages: tuple[str, ...] = ()  # acceptable reply languages, likeliest first
    rest: str = ""  # after a leading keyword: the rest, normalised ("SANTE 2" -> "2")
    selects: str = ""  # a language name at the start: the language it chooses
    number: int | None = None
    candidates: tuple[str, ...] = ()  # AMBIGUOUS: the topics to offer
    topic_kind: str = ""
    confidence: float = 0.0  # 0..1
    may_act: bool = False  # True only for an exact keyword (or a number) at the start
    language_sure: bool = False  # False: a guess that should not replace a known language
    rest_raw: str = ""  # after a leading keyword: the texter's own words, as written
    action: bool = False  # the topic changes something (STOP, RAPPEL, …)

    @property
    def language(self) -> str:
        """The likeliest language of the text, or ""."""
        return self.languages[0] if self.languages else ""

    @property
    def asks(self) -> bool:
        """An action recognised other than by its exact keyword: ask, never act."""
        return self.action and not self.may_act


@dataclass(frozen=True)
class _Text:
    """A text's normalised words and, for each, the raw word it came from."""

    raw: str
    tokens: list[str]
    chunk_of: list[int]
    chunks: list[str]

    def rest_raw(self, start: int) -> str:
        """The raw text from the word at `start` on."""
        return " ".join(self.chunks[self.chunk_of[start] :]) if start < len(self.tokens) else ""


class Understanding:
    """The index of the content's words, and the reading of texts against it."""

    def __init__(self, content: Content):
        self.index = _index_for(content)

    def understand(self, text: str) -> Understood:
        """Read one raw text (normalised here)."""
        parsed = _parse(text)
        if not parsed.tokens:
            return Understood(EMPTY, languages=_script_languages(text))  # "؟", an emoji
        lead = self._lead(parsed)
        if lead and not lead.rest:
            return _by_letters(lead, text)  # the keyword alone, the commonest text
        guess = self._identify(parsed)
        if lead and (lead.action or lead.selects):
            if self._only_arguments(lead):
                narrowed = self._by_rest(_by_letters(lead, text))
                return self._unless_emergency(parsed, guess, narrowed)
            lead = None  # "stop violence in my home": a sentence, read as one
        if _is_number(parsed.tokens[0]) and self._menu_pick(parsed):
            return self._number(parsed, guess)
        return self._read(parsed, guess, lead)

    def _menu_pick(self, parsed: _Text) -> bool:
        """A number alone or with a politeness word ("3", "3 svp") picks from a list; a number
        starting a sentence ("4 aylık hamileyim…") does not."""
        rest = parsed.tokens[1:]
        return len(rest) <= MAX_PICK_WORDS and all(
            word in self.index.common or word.isdigit() for word in rest
        )  # "3 svp", "1 2" (the first topic's continuation)

    def lead(self, text: str) -> Understood:
        """Only the exact keyword or number at the start of `text` (UNKNOWN otherwise).

        For handlers reading the words after their own keyword: "ANNULER ATELIER 3",
        "SUIVRE SANTE", "START SANTE".
        """
        parsed = _parse(text)
        if not parsed.tokens:
            return Understood(EMPTY)
        if _is_number(parsed.tokens[0]):
            return self._number(parsed, Guess())
        return self._lead(parsed) or Understood(UNKNOWN, rest=" ".join(parsed.tokens))

    def confirms(self, rest: str) -> bool:
        """True when the first word of `rest` is a yes word of any language ("OUBLIER OUI")."""
        found = words(rest)
        return bool(found) and found[0] in self.index.confirm

    def _unless_emergency(self, parsed: _Text, guess: Guess, lead: Understood) -> Understood:
        """An action with the texter's own words after it, unless those say it is an emergency
        ("اتصال بالإسعاف، زوجتي تنزف" needs URGENCE now, not a callback tomorrow) or ask for
        another action (cancelling the callback): then the whole text is read, and only asks."""
        if not self.index.takes_note.get(lead.topic) or not lead.rest:
            return lead  # "STOP", "SUIVRE SANTE", "OUBLIER OUI", "Rappel svp", "English"
        read = self._read(parsed, guess, None)
        other_action = read.action and read.topic != lead.topic  # "geri arama talebimi iptal…"
        return read if read.kind == EMERGENCY or other_action else lead

    def _only_arguments(self, lead: Understood) -> bool:
        """True when the words after an action's keyword are the ones it takes.

        A keyword (a topic, a workshop), a number, a reference, a yes word or a politeness
        word: "SUIVRE SANTE", "OUBLIER OUI", "Rappel svp". An action that takes a note
        (RAPPEL) takes any words after such a first one ("RAPPEL logement, j'ai une lettre").
        A language name takes only politeness words. Anything else is a sentence that
        happens to start with the word: "stop violence in my home", "دنبال کار هستم".
        """
        words = lead.rest.split()
        if lead.selects:
            return all(word in self.index.common for word in words)
        if self.index.takes_note.get(lead.topic) and words:
            return self._argument(words[0], lead.languages)
        words = _without_reference(words)
        return all(self._argument(word, lead.languages) for word in words)

    def _argument(self, word: str, languages: tuple[str, ...]) -> bool:
        if word in self.index.arguments or any(ch.isdigit() for ch in word):
            return True
        if any(word[:size] in self.index.arguments for size in range(ARGUMENT_STEM, len(word))):
            return True  # a keyword with an ending: "ndiq shendetin", "متابعة الصحة"
        return any((lang, stem(word, lang)) in self.index.argument_stems for lang in languages)

    def _lead(self, parsed: _Text) -> Understood | None:
        tokens = parsed.tokens
        for size in range(min(self.index.longest_keyword, len(tokens)), 0, -1):
            entry = self.index.keywords.get(tuple(tokens[:size]))
            if entry:
                return Understood(
                    EXACT,
                    entry.topic,
                    entry.languages,
                    rest=" ".join(tokens[size:]),
                    selects=entry.selects,
                    topic_kind=entry.kind,
                    confidence=1.0,
                    may_act=True,
                    language_sure=True,  # a keyword in several languages: the texter's wins
                    rest_raw=parsed.rest_raw(self._note_start(tokens, size)),
                    action=entry.action,
                )
        return None

    def _by_rest(self, lead: Understood) -> Understood:
        """A keyword of several languages narrowed by the words after it: "stop por favor" is
        Spanish, "stop aub" Dutch, "حذف بلی" Dari."""
        if len(lead.languages) < 2 or not lead.rest:
            return lead
        of = self.index.languages_of
        known = [of[word] for word in lead.rest.split() if word in of]
        said = set.intersection(*known) if known else set()  # "va rog": Romanian, not French "va"
        own = tuple(lang for lang in lead.languages if lang in said)
        return replace(lead, languages=own) if own else lead

    def _note_start(self, tokens: list[str], start: int) -> int:
        """Where the texter's own words begin after a keyword: "RAPPEL svp, j'ai une lettre"."""
        while start < len(tokens) and tokens[start] in self.index.common:
            start += 1
        return start

    def _number(self, parsed: _Text, guess: Guess) -> Understood:
        return Understood(
            NUMBER,
            languages=guess.languages,
            rest=" ".join(parsed.tokens[1:]),
            number=int(parsed.tokens[0]),
            confidence=1.0,
            may_act=True,
            language_sure=guess.sure,
            rest_raw=parsed.rest_raw(1),
        )

    def _identify(self, parsed: _Text) -> Guess:
        votes: Counter = Counter()
        grammar = self.index.markers
        for token in parsed.tokens:
            languages = self.index.languages_of.get(token, set())
            for language in languages:
                # a grammar word says more than a borrowed one: "cpas assistant social ile nasil"
                weight = GRAMMAR_VOTE if token in grammar.get(language, ()) else 1.0
                # float votes: Counter allows any number, typeshed's Counter says int only
                votes[language] += weight / len(languages)  # type: ignore[assignment]
        script = script_of(parsed.raw)
        return identification.identify(parsed.raw, parsed.tokens, script, votes)

    def _read(self, parsed: _Text, guess: Guess, lead: Understood | None) -> Understood:
        preferred = guess.language if guess.sure else ""
        scores = score.score(self.index, parsed.tokens, _stem_languages(parsed, guess), preferred)
        languages, sure = _reply_languages(guess, scores, lead)
        if scores.emergency:
            return self._topic(EMERGENCY, lexicon.URGENCY, languages, sure, 1.0)
        if lead and self._lead_stands(lead, scores):
            keep_language = _lead_languages(lead, guess, languages, self._only_arguments(lead))
            understood = _with_languages(lead, keep_language, sure or lead.language_sure)
            # "ATELIER 2" may register; "ورکشاپ بعدی کی است؟" only lists
            return replace(understood, may_act=self._only_arguments(lead))
        return self._decide(scores, languages, sure, lead)

    def _lead_stands(self, lead: Understood, scores: score.Scores) -> bool:
        """A keyword at the start is the answer when the rest adds nothing of its own ("SANTE 2",
        "docteur svp") or agrees; a sentence that starts with one ("fle ne rruge…", "زبان
        فرانسوی را چطور یاد بگیرم") is read as a whole."""
        if lead.topic in scores.refused or _gives_way(lead, scores):
            return False
        best = scores.ranked[0][0] if scores.ranked else lead.topic
        return best == lead.topic or self._only_arguments(lead)

    def _decide(
        self, scores: score.Scores, languages: tuple[str, ...], sure: bool, lead: Understood | None
    ) -> Understood:
        ranked = [(topic, points) for topic, points in scores.ranked if points >= MIN_SCORE]
        if not ranked:
            return self._nothing(scores, languages, sure, lead)
        top, points = ranked[0]
        small_talk = frozenset() if scores.typo_only else SMALL_TALK  # "saluu": SALUT or SALUD?
        close = [
            t for t, p in ranked[1:]
            if p * AMBIGUITY > points and p >= MIN_RIVAL and t not in small_talk
        ]  # fmt: skip
        if close and top not in small_talk:
            candidates = (top, *close[: MAX_CANDIDATES - 1])
            return Understood(AMBIGUOUS, languages=languages, candidates=candidates,
                              confidence=0.4, language_sure=sure)  # fmt: skip
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = round(points / (points + second) * min(1.0, points), 2)
        kind = FUZZY if scores.typo_only else SCORED
        return self._topic(kind, top, languages, sure, confidence)

    def _nothing(
        self, scores: score.Scores, languages: tuple[str, ...], sure: bool, lead: Understood | None
    ) -> Understood:
        """No topic scored: a refused topic's alternative, a lone greeting, or UNKNOWN."""
        for refused in sorted(scores.refused):
            alternative = self.index.when_refused.get(refused)
            if alternative:
                return self._topic(SCORED, alternative, languages, sure, 0.5)
        if lead:
            return _with_languages(lead, lead.languages, lead.language_sure)
        return Understood(UNKNOWN, languages=languages, language_sure=sure)

    def _topic(
        self, kind: str, topic: str, languages: tuple[str, ...], sure: bool, confidence: float
    ) -> Understood:
        return Understood(
            kind,
            topic,
            languages,
            topic_kind=self.index.topic_kinds.get(topic, ""),
            confidence=confidence,
            language_sure=sure,
            action=topic in self.index.actions,
        )


# Built indexes by content object: every Services of a process (each test builds its own) shares
# the one index of the content it was given. Keyed by id, checked by a weak reference.
_BUILT: dict[int, tuple[weakref.ref, lexicon.Index]] = {}


def _index_for(content: Content) -> lexicon.Index:
    """The index of `content`, built once per content object (it takes a second or two)."""
    cached = _BUILT.get(id(content))
    if cached and cached[0]() is content:
        return cached[1]
    index = lexicon.build(content)
    _BUILT[id(content)] = (weakref.ref(content), index)
    return index


def _parse(text: str) -> _Text:
    tokens: list[str] = []
    chunk_of: list[int] = []
    chunks = text.split()
    for position, chunk in enumerate(chunks):
        found = normalize(chunk).split()
        tokens += found
        chunk_of += [position] * len(found)
    if len(tokens) >= SPELLED_OUT and all(len(token) == 1 for token in tokens):
        tokens, chunk_of = ["".join(tokens)], [0]  # "C P A S", "s a n t e"
    return _Text(text, tokens, chunk_of, chunks)


def _script_languages(text: str) -> tuple[str, ...]:
    """A text without words still shows its script: "؟" is Arabic or Dari, never French."""
    return identification.ARABIC_SCRIPT if script_of_marks(text) == ARABIC else ()


def _by_letters(lead: Understood, text: str) -> Understood:
    """A keyword of several languages narrowed to the one whose own letters the text holds:
    "menú" is Spanish, "مرسی" (with the Persian ye) Dari."""
    if len(lead.languages) < 2:
        return lead
    own = [lang for lang in lead.languages if lang in languages.by_letters(text)]
    return replace(lead, languages=tuple(own[:1])) if len(own) == 1 else lead


def _without_reference(words: list[str]) -> list[str]:
    """The words without a callback reference ("ANNULER R-7K3F": "r", "7k3f"; or "7k3f")."""
    if len(words) >= REFERENCE_WORDS and words[-2] == REFERENCE_PREFIX and words[-1].isalnum():
        return words[:-2]
    if len(words) == 1 and len(words[0]) == REFERENCE_LENGTH and words[0].isalnum():
        return []
    return words


def _is_number(token: str) -> bool:
    return token.isdigit() and len(token) <= MAX_NUMBER_DIGITS


def _stem_languages(parsed: _Text, guess: Guess) -> tuple[str, ...]:
    """The languages to stem the words in: the sure ones, else every one of the script."""
    if guess.sure:
        return guess.languages[:2]
    if script_of(parsed.raw) == ARABIC:
        return ("ar", "fa")
    return (*LATIN_LANGUAGES, "ar", "fa") if script_of(parsed.raw) == LATIN else ()


def _reply_languages(
    guess: Guess, scores: score.Scores, lead: Understood | None
) -> tuple[tuple[str, ...], bool]:
    """The reply languages: a sure guess; else the matched words' languages; else the guess."""
    if guess.sure and guess.by_script and len(set(scores.languages)) == 1:
        return scores.languages[:1], True  # Arabic script without Persian letters: the words say
    if guess.sure:
        return guess.languages[:1], True
    matched = scores.languages or (lead.languages if lead else ())
    if guess.language and guess.language in matched:
        return (guess.language,), False  # the likeliest language that has the words: a guess
    if matched:
        ordered = sorted(matched, key=lambda lang: _rank(guess.languages, lang))
        return tuple(ordered), len(ordered) == 1
    return guess.languages, False


def _lead_languages(
    lead: Understood, guess: Guess, languages: tuple[str, ...], only_arguments: bool
) -> tuple[str, ...]:
    """A keyword with only its arguments ("CPAS 2", "docteur svp") keeps the keyword's
    languages, narrowed to the guess when it is sure; in a sentence, the sentence's language."""
    if not only_arguments:
        return languages
    if guess.sure and guess.language in lead.languages:
        return (guess.language,)
    return lead.languages


def _rank(languages: tuple[str, ...], language: str) -> int:
    return languages.index(language) if language in languages else len(languages)


def _gives_way(lead: Understood, scores: score.Scores) -> bool:
    """A greeting (or thanks) at the start gives way to a topic asked later in the text."""
    if lead.topic not in SMALL_TALK or not lead.rest:
        return False
    return any(topic not in SMALL_TALK for topic, _ in scores.ranked)


def _with_languages(lead: Understood, languages: tuple[str, ...], sure: bool) -> Understood:
    return replace(lead, languages=languages, language_sure=sure)


REPORT_TEXT_MAX = 60


def report_text(text: str) -> str:
    """A text as writers see it in the unknown-texts list: normalised, no digits, cut short.

    Digits go because they could be a phone number or a reference; nothing links the text to
    whoever sent it.
    """
    kept = "".join(ch for ch in normalize(text) if not ch.isdigit())
    return " ".join(kept.split())[:REPORT_TEXT_MAX].strip()


def warm_up() -> None:
    """Load the language model now, at start-up, not on the first text that needs it."""
    identification.warm_up()
