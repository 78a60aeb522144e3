"""Reading one text: the keyword at the start, a number, an emergency, the whole text scored,
typos; what the engine and the handlers ask the understanding (see the package docstring for
the order, and why)."""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from hotline.understanding import identify as identification
from hotline.understanding import lexicon, score
from hotline.understanding.identify import Guess
from hotline.understanding.morphology import stem
from hotline.understanding.normalize import script_of, words
from hotline.understanding.parsing import Text, is_number, parse, without_reference
from hotline.understanding.reply_languages import (
    by_letters,
    lead_languages,
    reply_languages,
    script_languages,
    stem_languages,
    with_languages,
)
from hotline.understanding.understood import (
    AMBIGUOUS,
    EMERGENCY,
    EMPTY,
    EXACT,
    FUZZY,
    NUMBER,
    SCORED,
    UNKNOWN,
    Understood,
)

if TYPE_CHECKING:
    from hotline.content import Content

MIN_SCORE = 0.05
MIN_RIVAL = 0.5  # a second topic this weak (an action's word, a hint) makes nothing ambiguous
MAX_PICK_WORDS = 2
ARGUMENT_STEM = 5  # a word starting with a keyword this long is that keyword with an ending
AMBIGUITY = 1.5  # a topic within this factor of the best one makes the text ambiguous
MAX_CANDIDATES = 3
INFO = "info"
GRAMMAR_VOTE = 2.0  # a language's function word votes twice: French nouns travel, grammar less
SMALL_TALK = frozenset({lexicon.MENU, lexicon.THANKS})


class Understanding:
    """The index of the content's words, and the reading of texts against it."""

    def __init__(self, content: Content):
        self.index = index_for(content)

    def understand(self, text: str) -> Understood:
        """Read one raw text (normalised here)."""
        parsed = parse(text)
        if not parsed.tokens:
            return Understood(EMPTY, languages=script_languages(text))  # "؟", an emoji
        lead = self._lead(parsed)
        if lead and not lead.rest:
            return by_letters(lead, text)  # the keyword alone, the commonest text
        guess = self._identify(parsed)
        if lead and (lead.action or lead.selects):
            if self._only_arguments(lead):
                narrowed = self._by_rest(by_letters(lead, text))
                return self._unless_emergency(parsed, guess, narrowed)
            lead = None  # "stop violence in my home": a sentence, read as one
        if is_number(parsed.tokens[0]) and self._menu_pick(parsed):
            return self._number(parsed, guess)
        return self._read(parsed, guess, lead)

    def _menu_pick(self, parsed: Text) -> bool:
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
        parsed = parse(text)
        if not parsed.tokens:
            return Understood(EMPTY)
        if is_number(parsed.tokens[0]):
            return self._number(parsed, Guess())
        return self._lead(parsed) or Understood(UNKNOWN, rest=" ".join(parsed.tokens))

    def confirms(self, rest: str) -> bool:
        """True when the first word of `rest` is a yes word of any language ("OUBLIER OUI")."""
        found = words(rest)
        return bool(found) and found[0] in self.index.confirm

    def _unless_emergency(self, parsed: Text, guess: Guess, lead: Understood) -> Understood:
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
        words = without_reference(words)
        return all(self._argument(word, lead.languages) for word in words)

    def _argument(self, word: str, languages: tuple[str, ...]) -> bool:
        if word in self.index.arguments or any(ch.isdigit() for ch in word):
            return True
        if any(word[:size] in self.index.arguments for size in range(ARGUMENT_STEM, len(word))):
            return True  # a keyword with an ending: "ndiq shendetin", "متابعة الصحة"
        return any((lang, stem(word, lang)) in self.index.argument_stems for lang in languages)

    def _lead(self, parsed: Text) -> Understood | None:
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

    def _number(self, parsed: Text, guess: Guess) -> Understood:
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

    def _identify(self, parsed: Text) -> Guess:
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

    def _read(self, parsed: Text, guess: Guess, lead: Understood | None) -> Understood:
        preferred = guess.language if guess.sure else ""
        scores = score.score(self.index, parsed.tokens, stem_languages(parsed, guess), preferred)
        languages, sure = reply_languages(guess, scores, lead)
        if scores.emergency:
            return self._topic(EMERGENCY, lexicon.URGENCY, languages, sure, 1.0)
        if lead and self._lead_stands(lead, scores):
            keep_language = lead_languages(lead, guess, languages, self._only_arguments(lead))
            understood = with_languages(lead, keep_language, sure or lead.language_sure)
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
            return with_languages(lead, lead.languages, lead.language_sure)
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


def index_for(content: Content) -> lexicon.Index:
    """The index of `content`, built once per content object (it takes a second or two)."""
    cached = _BUILT.get(id(content))
    if cached and cached[0]() is content:
        return cached[1]
    index = lexicon.build(content)
    _BUILT[id(content)] = (weakref.ref(content), index)
    return index


def _gives_way(lead: Understood, scores: score.Scores) -> bool:
    """A greeting (or thanks) at the start gives way to a topic asked later in the text."""
    if lead.topic not in SMALL_TALK or not lead.rest:
        return False
    return any(topic not in SMALL_TALK for topic, _ in scores.ranked)
