"""Scoring a whole text against the topics: every content word counts.

Each word or phrase of the text that the index knows — as written, or as a stem in one of the
text's likely languages — adds its term's weight to the term's topic; a topic counts each word
of the text once (its longest phrase wins). Words of another language than the text's weigh
less when the language is sure (the Albanian "fle", to sleep, is not the French course FLE).
A refusal next to a term ("je ne veux pas rentrer") takes that term away. Only when no word
scores at all are typos corrected, within one script: first letters typed twice or more are
squeezed ("stopp", "طبيييب", "beni arra"); then unknown words of five letters or more get one
edit up to seven letters and two beyond, keeping the first letter (or dropping a silent one:
"ospital"); four-letter words only a swap of two letters ("wrok", "cpsa"), since one changed
letter turns a short word into another ("ajel" is not APEL, "cual" is not CALL).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from hotline.understanding.lexicon import COMMON_WEIGHT, TYPO_MIN_LENGTH, Index, Term, stem_word
from hotline.understanding.morphology import strip_arabic_article
from hotline.understanding.normalize import ARABIC, shape_fold, sound_fold, squeeze, word_script

FOREIGN_WEIGHT = 0.5  # a term of another language than the (sure) language of the text
TYPO_WEIGHT = 0.8
NEGATION_BEFORE = 4  # a refusal this many words before a term turns it down…
NEGATION_AFTER = 2  # …or this many after (verb-final languages: "dönmek istemiyorum")
LOOSE_GAP = 3  # words allowed inside an emergency phrase
TYPO_LIMIT = 4  # at most this many unknown words are typo-checked per text
LONG_WORD = 8  # from this length two edits are forgiven
TYPO_CACHE = 50_000  # corrections kept per process (the same typos come back)
SHORT_WORD = 4  # a word this short is corrected only for two swapped letters
ARABIC_SHORTEST = 3
SOUNDED_SHORTEST = 3  # a three-letter word is corrected only to one that sounds the same ("ola")
SILENT_FIRST = 6  # from this length a dropped first letter is forgiven ("ospital")


@dataclass(frozen=True)
class Hit:
    """One term found at a place in the text."""

    start: int
    size: int
    term: Term
    typo: bool = False
    common: bool = False  # a word found everywhere ("aide", "help"): it weighs little


@dataclass(frozen=True)
class Scores:
    """What the words of a text say, topic by topic."""

    ranked: tuple[tuple[str, float], ...] = ()  # best first; refused topics left out
    emergency: bool = False
    refused: frozenset[str] = frozenset()
    typo_only: bool = False  # every point came from a corrected typo
    languages: tuple[str, ...] = ()  # the languages of the best topic's terms, most first


def score(
    index: Index, tokens: list[str], stem_languages: tuple[str, ...], preferred: str
) -> Scores:
    """Score `tokens`, stemming in `stem_languages`; `preferred` is the sure language or ""."""
    hits = find_hits(index, tokens, stem_languages)
    typo = False
    if not hits:
        squeezed = [squeeze(token) for token in tokens]
        if squeezed != tokens:
            hits = [replace(hit, typo=True) for hit in find_hits(index, squeezed, stem_languages)]
        hits = hits or _typo_hits(index, tokens, preferred)
        typo = bool(hits)
    hits += _loose_hits(index, tokens, stem_languages)
    if preferred:  # "mes" is a knife in Dutch, a month in Spanish
        hits = [h for h in hits if not h.term.emergency or h.term.language == preferred]
    negations = _negation_spans(index, tokens)
    kept = [hit for hit in hits if not _refused(hit, negations + _negators(index, tokens, hit))]
    refused = {hit.term.topic for hit in hits} - {hit.term.topic for hit in kept}
    totals, places = _totals(kept, preferred)
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    ranked = tuple(outranked(ordered, index.outranks, places))
    best = ranked[0][0] if ranked else ""
    languages: Counter[str] = Counter()
    for hit in kept:
        if hit.term.topic == best:
            languages[hit.term.language] += hit.size
    return Scores(
        ranked=ranked,
        emergency=any(hit.term.emergency for hit in kept),
        refused=frozenset(refused),
        typo_only=typo,
        languages=tuple(lang for lang, _ in languages.most_common()),
    )


OUTRANK_MIN = 0.6  # an intent's own phrase, not its keyword inside a sentence ("suivre un cours")


def outranked(
    ranked: list[tuple[str, float]],
    outranks: dict[str, frozenset[str]],
    places: dict[str, set[int]],
) -> list[tuple[str, float]]:
    """The ranking with an intent first, holding the points of the topic it takes as its object,
    whichever of the two scored more: "annuler ma demande de rappel" is ANNULER, "prévenez-moi
    quand il y a du nouveau sur le logement" SUIVRE, "l'atelier sur la santé" ATELIER."""
    if not ranked:
        return ranked
    top, top_points = ranked[0]
    for topic, points in ranked[1:]:
        if _takes(topic, points, top, outranks, places):
            rest = [item for item in ranked if item[0] not in (topic, top)]
            return [(topic, points + top_points), *rest]
    taken = {t: p for t, p in ranked[1:] if _takes(top, top_points, t, outranks, places)}
    if not taken:
        return ranked
    rest = [item for item in ranked[1:] if item[0] not in taken]
    return [(top, top_points + sum(taken.values())), *rest]


def _takes(
    intent: str,
    points: float,
    target: str,
    outranks: dict[str, frozenset[str]],
    places: dict[str, set[int]],
) -> bool:
    """True when `intent` takes `target` as its object here: it outranks it, and has words of
    its own ("andere taal" is LANGUE, though "taal" is also a course), not only its keyword."""
    own = places.get(intent, set()) - places.get(target, set())
    return target in outranks.get(intent, ()) and points >= OUTRANK_MIN and bool(own)


def find_hits(index: Index, tokens: list[str], languages: tuple[str, ...]) -> list[Hit]:
    """Every known word and phrase of the text, as written and as stems."""
    hits: list[Hit] = []
    stems = {lang: _stems(index, tokens, lang) for lang in languages}
    longest = index.longest_term
    for start in range(len(tokens)):
        end = min(len(tokens), start + longest)
        common = True
        for size in range(1, end - start + 1):
            # a phrase of common words only ("ثبت نام", to register) weighs as little as one
            common = common and tokens[start + size - 1] in index.common
            found = index.surface.get(tuple(tokens[start : start + size]))
            hits += _hits(start, size, found, common)
            for lang in languages:
                key = (lang, tuple(stems[lang][start : start + size]))
                hits += _hits(start, size, index.stemmed.get(key), common)
    return hits


def _loose_hits(index: Index, tokens: list[str], languages: tuple[str, ...]) -> list[Hit]:
    """Emergency phrases whose words come in order with at most LOOSE_GAP words between."""
    hits = []
    for lang in languages:
        stems = _stems(index, tokens, lang)
        for start, first in enumerate(stems):
            for phrase, term in index.loose.get((lang, first), ()):
                end = _in_order(stems, start, phrase)
                if end:
                    hits.append(Hit(start, end - start, term))
    return hits


def _in_order(stems: list[str], start: int, phrase: tuple[str, ...]) -> int:
    """The end of `phrase` found in order from `start` within its length + LOOSE_GAP, or 0."""
    place = start + 1
    limit = min(len(stems), start + len(phrase) + LOOSE_GAP)
    for wanted in phrase[1:]:
        while place < limit and stems[place] != wanted:
            place += 1
        if place >= limit:
            return 0
        place += 1
    return place


def _stems(index: Index, tokens: list[str], language: str) -> list[str]:
    """The tokens' stems in one language; its function words stay as they are."""
    keep = index.function_words.get(language, ())
    return [stem_word(token, language, keep) for token in tokens]


def _hits(start: int, size: int, terms: list[Term] | None, common: bool) -> list[Hit]:
    if not terms:
        return []
    return [Hit(start, size, term, common=common) for term in terms]


def _typo_hits(index: Index, tokens: list[str], preferred: str = "") -> list[Hit]:
    """Unknown words corrected to the closest indexed words, when one topic is close; in the
    text's language when it is sure ("chetor asti" is Dari: "asti" is no Turkish asthma)."""
    hits: list[Hit] = []
    unknown = [
        (i, token)
        for i, token in enumerate(tokens)
        if len(token) >= _shortest(token) and token.isalpha() and token not in index.languages_of
    ]
    for position, token in unknown[:TYPO_LIMIT]:
        for word in _corrections(index, token):
            terms = index.typo_terms[word]
            if preferred and word_script(token) != ARABIC:  # Arabic script: ar or fa, both open
                terms = [term for term in terms if term.language == preferred]
            hits += [Hit(position, 1, term, typo=True) for term in terms]
    return hits


def _shortest(token: str) -> int:
    """The shortest word typo-checked: Arabic script writes no short vowels, its words are short;
    a short Latin word only meets a word that sounds the same."""
    return ARABIC_SHORTEST if word_script(token) == ARABIC else SOUNDED_SHORTEST


def _corrections(index: Index, token: str) -> tuple[str, ...]:
    """The indexed words a typo'd token may stand for, at the smallest edit distance."""
    found = index.typo_cache.get(token)
    if found is None:
        found = _closest(index, token)
        if len(index.typo_cache) < TYPO_CACHE:  # the same typos come back; bounded memory
            index.typo_cache[token] = found
    return found


def _closest(index: Index, token: str) -> tuple[str, ...]:
    """The words a typo stands for, surest first: a doubled letter typed once ("helo"); in
    Arabic script, letters that sound alike (صحط is صحت), then letters that differ by their dots
    (تماش is تماس); a small edit (`_edited`); in Latin letters, a spelling that sounds the same
    ("bivienda", "yamar", "ola"). An Arabic word is tried again without its article (اللجوو)."""
    doubled = [w for w in index.typo_squeezed.get(token, ()) if w != token]
    if doubled:
        return tuple(doubled)
    arabic = word_script(token) == ARABIC
    alike = tuple(w for w in index.typo_sounds.get(sound_fold(token), ()) if w != token)
    if arabic:
        shaped = tuple(w for w in index.typo_shapes.get(shape_fold(token), ()) if w != token)
        found = alike or shaped or _edited(index, token)
        bare = strip_arabic_article(token)
        if found or bare == token:
            return found
        return _closest(index, bare) or _edited(index, bare, len(token))  # the article counts
    edited = _edited(index, token) if len(token) >= SHORT_WORD else ()
    return edited or alike


def _edited(index: Index, token: str, length: int = 0) -> tuple[str, ...]:
    """The words one (or, from LONG_WORD letters, two) edits away, keeping the first letter or
    dropping a silent one; for short words, the same letters swapped. `length`: the word's
    length as typed, when `token` is what is left without its article."""
    length = length or len(token)
    if length < TYPO_MIN_LENGTH:
        swapped = [  # two neighbouring letters swapped ("wrok"), not any reordering (كلام/مالك)
            word
            for word in index.typo_anagrams.get("".join(sorted(token)), ())
            if OSA.distance(token, word) == 1
        ]
        gapped = index.typo_gaps.get(token, []) if word_script(token) != ARABIC else []
        return tuple(word for word in (*swapped, *gapped) if word != token)
    edits = 2 if length >= LONG_WORD else 1
    choices = list(index.typo_words.get(token[0], ()))
    if len(token) >= SILENT_FIRST:
        choices += [w for w in index.typo_by_second.get(token[0], ()) if w[1:] == token]
    found = process.extract(token, choices, scorer=OSA.distance, score_cutoff=edits, limit=12)
    if not found:
        return ()
    best = min(distance for _, distance, _ in found)
    return tuple(word for word, distance, _ in found if distance == best)


def _negation_spans(index: Index, tokens: list[str]) -> list[tuple[int, int]]:
    spans = []
    for start in range(len(tokens)):
        for size in range(1, min(index.longest_negation, len(tokens) - start) + 1):
            if tuple(tokens[start : start + size]) in index.negations:
                spans.append((start, start + size))
    return spans


def _negators(index: Index, tokens: list[str], hit: Hit) -> list[tuple[int, int]]:
    """The bare negation words that may turn `hit` down: its own language's, and only for an
    information topic whose refusal has an answer of its own (not going back is a legal
    question). Actions keep to the refusal phrases: "no tengo saldo, llamame" asks for a call."""
    if hit.term.topic not in index.when_refused or hit.term.topic in index.actions:
        return []
    language = hit.term.language
    negating = [i for i, token in enumerate(tokens) if language in index.negators.get(token, ())]
    return [(place, place + 1) for place in negating]


def _refused(hit: Hit, negations: list[tuple[int, int]]) -> bool:
    """A term turned down by a refusal just before or just after it."""
    if hit.term.emergency:
        return False  # "il ne respire plus" is an emergency, whatever the negation says
    end = hit.start + hit.size
    return any(
        (hit.size == 1 and begin == hit.start)  # a negated form itself: "donmem", "برنمیگردم"
        or (begin < hit.start and hit.start - stop <= NEGATION_BEFORE)
        or (begin >= end and begin - end <= NEGATION_AFTER)
        for begin, stop in negations
    )


def _totals(hits: list[Hit], preferred: str) -> tuple[dict[str, float], dict[str, set[int]]]:
    """Per topic: the sum of its terms' weights, each word of the text counted once; and the
    places of the words that count."""
    totals: dict[str, float] = {}
    taken: dict[str, set[int]] = {}
    for hit in sorted(hits, key=lambda h: (-h.size, -_weight(h, preferred))):
        topic = hit.term.topic
        places = set(range(hit.start, hit.start + hit.size))
        if places & taken.setdefault(topic, set()):
            continue
        taken[topic] |= places
        totals[topic] = totals.get(topic, 0.0) + _weight(hit, preferred)
    return totals, taken


def _weight(hit: Hit, preferred: str) -> float:
    # A typo as close to two words is as ambiguous whatever the words weigh ("saluu").
    weight = TYPO_WEIGHT if hit.typo else hit.term.weight
    if hit.common:
        weight *= COMMON_WEIGHT
    if preferred and hit.term.language != preferred:
        weight *= FOREIGN_WEIGHT
    return weight
