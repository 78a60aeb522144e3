"""The index of every word in the content, built once at start-up: who uses it, for what.

Two tables answer two different questions:
- `keywords`: the exact keyword phrases of each topic (`keywords:` and language names in the
  topic files), normalised. Only these, at the start of a text, can run an action.
- `terms`: every keyword and lexicon synonym, as written and as stems in its own language,
  each pointing at a topic with a weight. A text is scored against these.
Around them: which languages each word belongs to (for short texts), the emergency and refusal
phrases, the words too common to mean much, and the single words a typo may be corrected to
(never an action's, never a language name).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hotline.understanding.morphology import stem
from hotline.understanding.normalize import (
    ARABIC,
    normalize,
    shape_fold,
    sound_fold,
    squeeze,
    word_script,
)

if TYPE_CHECKING:
    from hotline.content import Content, Lexicon, Topic

MENU = "menu"
THANKS = "merci"
FORGET = "oublier"
URGENCY = "urgence"
# Small talk weighs little, so that "bonjour, j'ai besoin d'un médecin" is about health.
TOPIC_WEIGHTS = {MENU: 0.25, THANKS: 0.5}
COMMON_WEIGHT = 0.25
# An action's keyword inside a sentence is mostly an ordinary word ("stop violence", "دنبال کار"
# = looking for work): it weighs less than the lexicon's phrases for that intent.
ACTION_KEYWORD_WEIGHT = 0.3
# An action's one-word synonym in a sentence is often an ordinary verb ("nuk po ndaloj se
# kollituri": I can't stop coughing); its phrases ("stop sending me messages") weigh in full.
ACTION_WORD_WEIGHT = 0.6
SELECT_WEIGHT = 0.3  # a language name in a sentence ("Türkçe cevap verebilir misiniz?")
HINT_WEIGHT = 0.4  # a lexicon hint: a word of the texter's situation more than of the ask
PHRASE_BONUS = 0.5  # per word after the first: "aide juridique" says more than "aide"
EMERGENCY_WEIGHT = 10.0
TYPO_MIN_LENGTH = 5  # shorter words are too close to each other for a changed letter ("cual")
ARABIC_CHOICE_LENGTH = 3  # Arabic script writes no short vowels: its words are short
TYPO_CHOICE_LENGTH = 4  # the shortest word a typo may be corrected to (by a swap: "wrok")
GAP_WORD = 5  # a five-letter word typed with one letter left out is still found ("iptl": iptal)


@dataclass(frozen=True)
class Entry:
    """What one exact keyword phrase at the start of a text stands for."""

    topic: str
    languages: tuple[str, ...]  # in content order: the first is the keyword's main language
    kind: str  # the topic's kind (info, intent)
    selects: str = ""  # for language names: the language they choose
    action: bool = False  # the topic changes something (STOP, RAPPEL, …)
    note: bool = False  # the action takes the texter's words after its argument (RAPPEL)


@dataclass(frozen=True)
class Term:
    """One word or phrase of one language pointing at one topic."""

    topic: str
    language: str
    weight: float
    emergency: bool = False
    select: bool = False  # a language name: never a typo's correction


@dataclass
class Index:
    """The tables `understand` reads; built by `build`, then only read."""

    keywords: dict[tuple[str, ...], Entry] = field(default_factory=dict)
    surface: dict[tuple[str, ...], list[Term]] = field(default_factory=dict)
    stemmed: dict[tuple[str, tuple[str, ...]], list[Term]] = field(default_factory=dict)
    languages_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    negations: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    # Bare negation words, by the languages they negate in ("ne" is French "not", Albanian "in"):
    # they turn down only topics with `when_refused`, and only that language's words.
    negators: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    common: set[str] = field(default_factory=set)
    # Per language, its function words (markers, common words): never stemmed, so that "para"
    # (for) does not meet "paro" (unemployment) in Spanish.
    function_words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    markers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # grammar words
    # Words a typo may be corrected to, by first letter (typos keep it), by second letter (a
    # silent first letter dropped: "ospital") and by their sorted letters (swaps: "wrok").
    typo_words: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    typo_by_second: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    typo_anagrams: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    typo_squeezed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    typo_sounds: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    typo_shapes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Five-letter words by what is left with one letter (not the first) left out: "iptl", "orar"
    typo_gaps: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    typo_cache: dict[str, tuple[str, ...]] = field(default_factory=dict)
    typo_terms: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    confirm: frozenset[str] = frozenset()
    arguments: set[str] = field(default_factory=set)  # words that may follow an action keyword
    argument_stems: set[tuple[str, str]] = field(default_factory=set)
    topic_kinds: dict[str, str] = field(default_factory=dict)
    actions: frozenset[str] = frozenset()
    takes_note: dict[str, bool] = field(default_factory=dict)
    when_refused: dict[str, str] = field(default_factory=dict)
    outranks: dict[str, frozenset[str]] = field(default_factory=dict)
    # Emergency phrases by (language, first stem): they match with a few words in between
    # ("dolor muy fuerte en el pecho" is "dolor en el pecho").
    loose: dict[tuple[str, str], list[tuple[tuple[str, ...], Term]]] = field(default_factory=dict)
    longest_keyword: int = 1
    longest_term: int = 1
    longest_negation: int = 1


def build(content: Content) -> Index:
    """Index the keywords of every topic file and every lexicon's words."""
    index = Index()
    index.topic_kinds = {topic.id: topic.kind for topic in content.topics.values()}
    index.actions = frozenset(t.id for t in content.topics.values() if t.action)
    index.takes_note = {t.id: t.note for t in content.topics.values() if t.note}
    index.when_refused = {t.id: t.when_refused for t in content.topics.values() if t.when_refused}
    index.outranks = {t.id: frozenset(t.outranks) for t in content.topics.values() if t.outranks}
    for lexicon in content.lexicons.values():  # first: phrases keep their function words whole
        _add_function_words(index, lexicon)
    for lexicon in content.lexicons.values():  # then hints: a keyword listed as a hint ("mons",
        _add_hints(index, lexicon)  # a town) still acts at the start, but weighs as a hint
    for topic in content.topics.values():
        _add_keywords(index, topic)
    for lexicon in content.lexicons.values():
        _add_lexicon(index, lexicon)
    _add_typo_words(index)
    index.confirm = _confirm_words(content)
    index.arguments.update(index.confirm)
    index.longest_keyword = max((len(k) for k in index.keywords), default=1)
    index.longest_term = max((len(k) for k in index.surface), default=1)
    index.longest_negation = max((len(k) for k in index.negations), default=1)
    return index


def _confirm_words(content: Content) -> frozenset[str]:
    """The yes words of every language ("OUBLIER OUI"), normalised."""
    forget = content.topics.get(FORGET)
    confirm = forget.confirm if forget else {}
    return frozenset(normalize(word) for words in confirm.values() for word in words)


def _add_keywords(index: Index, topic: Topic) -> None:
    for table in (topic.keywords, topic.select):
        for language, words in table.items():
            for word in words:
                selects = language if table is topic.select else ""
                _add_keyword(index, topic, language, word, selects)
                factor = (
                    SELECT_WEIGHT if selects
                    else ACTION_KEYWORD_WEIGHT if topic.action or topic.select
                    else 1
                )  # fmt: skip
                _add_term(index, topic.id, language, word, factor=factor, select=bool(selects))


def _add_keyword(index: Index, topic: Topic, language: str, word: str, selects: str) -> None:
    key = tuple(normalize(word).split())
    if not key:
        return
    known = index.keywords.get(key)
    languages = known.languages if known else ()
    if language not in languages:
        languages = (*languages, language)
    selects = selects or (known.selects if known else "")
    index.keywords[key] = Entry(topic.id, languages, topic.kind, selects, topic.action, topic.note)
    for token in key:
        index.languages_of[token].add(language)
        index.arguments.add(token)
        index.argument_stems.add((language, stem(token, language)))


def _add_hints(index: Index, lexicon: Lexicon) -> None:
    for topic, words in lexicon.hints.items():
        for word in words:
            _add_term(index, topic, lexicon.language, word, factor=HINT_WEIGHT)


def _add_lexicon(index: Index, lexicon: Lexicon) -> None:
    language = lexicon.language
    for topic, words in lexicon.topics.items():
        for word in words:
            one_word = len(normalize(word).split()) == 1
            factor = ACTION_WORD_WEIGHT if topic in index.actions and one_word else 1.0
            _add_term(index, topic, language, word, factor=factor)
    for word in lexicon.emergencies:
        _add_term(index, URGENCY, language, word, emergency=True)
    for word in lexicon.negations:
        key = tuple(normalize(word).split())
        if key:
            index.negations.setdefault(key, set()).add(language)
        for token in key:  # a known word, never a typo to correct ("donmem" is not "donmek")
            index.languages_of[token].add(language)
    for token in (token for word in lexicon.negators for token in normalize(word).split()):
        index.negators[token].add(language)
    for word in (*lexicon.markers, *lexicon.common):
        for token in normalize(word).split():
            index.languages_of[token].add(language)
    common = {token for word in lexicon.common for token in normalize(word).split()}
    index.common.update(common)
    index.arguments.update(common)  # "Rappel svp", "callback please"


def _add_term(
    index: Index,
    topic: str,
    language: str,
    word: str,
    emergency: bool = False,
    factor: float = 1.0,
    select: bool = False,
) -> None:
    tokens = tuple(normalize(word).split())
    if not tokens:
        return
    if emergency:
        weight = EMERGENCY_WEIGHT
    elif factor == HINT_WEIGHT:
        weight = HINT_WEIGHT * TOPIC_WEIGHTS.get(topic, 1.0)  # a hint gets no phrase bonus
    else:
        weight = _weight(topic, tokens) * factor
    term = Term(topic, language, weight, emergency, select)
    _append(index.surface, tokens, term)
    if emergency and len(tokens) == 1:
        return  # one word raises an emergency only as written: stems collide (contractii/contract)
    _append(index.stemmed, (language, _stems(index, tokens, language)), term)
    for token in tokens:
        index.languages_of[token].add(language)
    if emergency and len(tokens) > 1:
        stems = _stems(index, tokens, language)
        index.loose.setdefault((language, stems[0]), []).append((stems, term))


def _add_function_words(index: Index, lexicon: Lexicon) -> None:
    for word in (*lexicon.markers, *lexicon.common):
        index.function_words[lexicon.language].update(normalize(word).split())
    for word in lexicon.markers:
        index.markers[lexicon.language].update(normalize(word).split())


def _stems(index: Index, tokens: tuple[str, ...], language: str) -> tuple[str, ...]:
    """A phrase's stems in its language, its function words kept whole (as in `score`)."""
    return tuple(
        stem_word(token, language, index.function_words.get(language, ())) for token in tokens
    )


def stem_word(token: str, language: str, function_words: set[str] | tuple) -> str:
    """A word's stem, unless it is a function word or stems to one ("mons", the town, is not
    "mon"): those stay whole."""
    if token in function_words:
        return token
    stemmed = stem(token, language)
    return token if stemmed in function_words else stemmed


def _weight(topic: str, tokens: tuple[str, ...]) -> float:
    return TOPIC_WEIGHTS.get(topic, 1.0) * (1.0 + PHRASE_BONUS * (len(tokens) - 1))


def _append(table: dict, key: object, term: Term) -> None:
    terms = table.setdefault(key, [])
    if not any(t.topic == term.topic and t.language == term.language for t in terms):
        terms.append(term)


def _add_typo_words(index: Index) -> None:
    """Single words a typo may be corrected to: never a language name or an emergency phrase.

    An action's keyword may be corrected to ("rapel", "stopp"), but a typo never acts: the
    texter gets the action's question back.
    """
    for tokens, terms in index.surface.items():
        word = tokens[0]
        usable = [t for t in terms if not t.emergency and not t.select]
        shortest = ARABIC_CHOICE_LENGTH if word_script(word) == ARABIC else TYPO_CHOICE_LENGTH
        if len(tokens) != 1 or len(word) < shortest or not usable or not word.isalpha():
            continue
        index.typo_words[word[0]].append(word)
        index.typo_by_second[word[1]].append(word)
        index.typo_anagrams["".join(sorted(word))].append(word)
        index.typo_squeezed[squeeze(word)].append(word)  # "helo" for "hello"
        index.typo_sounds[sound_fold(word)].append(word)  # "صحط" for "صحت", "bivienda"
        if word_script(word) == ARABIC:
            index.typo_shapes[shape_fold(word)].append(word)  # "تماش" for "تماس"
        elif len(word) == GAP_WORD:
            for gap in {word[:i] + word[i + 1 :] for i in range(1, len(word))}:
                index.typo_gaps[gap].append(word)
        index.typo_terms[word] = usable
