"""Morphology: bring plural, article, clitic and verb forms of a word to one stem per language.

People write "médecins", "dokters", "الطبيب", "spitalin", "hastaneye", "داکترها": the same word
as the lexicon's, with an ending or an article. Each language gets the stemmer that suits it:
Snowball (through PyStemmer, its C implementation) for French, Dutch, English, Spanish,
Romanian and Turkish; simplemma's lemmatiser for Albanian, which Snowball lacks; and light
stemmers written here for Arabic and Dari, because Snowball's work on raw script and strips
root letters once `normalize` has folded the letter variants (وظيفه -> ظيف, والسكن -> والس).
Arabic typed in Latin letters (Arabizi) loses its article ("lwra9" -> "wra9").

Stems are only compared with stems made by the same function, so a stem need not be a word;
it must only be the same for the forms people use. Results are cached: the same words come
back all day, and stemming must stay a small part of the 300 µs a text may take.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

import simplemma
import Stemmer

from hotline.understanding.normalize import ARABIC, word_script

SNOWBALL = {
    "fr": "french",
    "nl": "dutch",
    "en": "english",
    "es": "spanish",
    "ro": "romanian",
    "tr": "turkish",
}
MIN_STEMMED = 4  # shorter words are kept whole: stemmers over-strip them
CACHE_SIZE = 65536

# Arabic, after `normalize` (ة -> ه, ى -> ي, hamza forms -> ا): proclitics (and, with, for,
# the) and suffixes (feminine, plurals, possessives), longest first.
ARABIC_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "ولل", "لل", "ال")
# A lone و (and) is stripped only from long words: on short ones it is as often a root letter
# (ولادة, وظيفة) and stripping it makes different words meet.
ARABIC_AND = "و"
ARABIC_AND_MIN = 6
ARABIC_SUFFIXES = ("يات", "ات", "ون", "ين", "ان", "ها", "هم", "نا", "كم", "يه", "ه", "ي", "ك")
ARABIC_MIN_ROOT = 3
# Dari, after `normalize` (ی -> ي, ک -> ك, ZWNJ dropped): the continuous prefix and suffixes.
PERSIAN_PREFIXES = ("نمي", "مي")
PERSIAN_SUFFIXES = (
    "هايم", "هايت", "هايش", "هاي", "ها", "ترين", "تر", "اني", "ان", "ات", "ام", "اش",
    "ايم", "ايد", "اند", "يم", "يد", "ند", "م", "ي", "ش",
)  # fmt: skip
PERSIAN_MIN_ROOT = 3
# Arabizi: the article glued to the word ("lkhedma", "el tbib" is two words already).
ARABIZI_ARTICLES = ("al", "el", "l")
ARABIZI_MIN_ROOT = 3


@lru_cache(maxsize=CACHE_SIZE)
def stem(word: str, language: str) -> str:
    """The stem of one normalised word in one language (the word itself when none applies)."""
    if len(word) < MIN_STEMMED:
        return word
    return _stemmer(language)(word)


def _stemmer(language: str) -> Callable[[str], str]:
    if language in SNOWBALL:
        return _snowball(SNOWBALL[language]).stemWord
    return _STEMMERS.get(language, _identity)


@cache
def _snowball(algorithm: str) -> Stemmer.Stemmer:
    """One PyStemmer object per algorithm, made on first use."""
    return Stemmer.Stemmer(algorithm)


def _identity(word: str) -> str:
    return word


def arabic_stem(word: str) -> str:
    """Arabic: strip one proclitic group and one suffix, keeping a root of 3 letters."""
    if word_script(word) != ARABIC:
        return arabizi_stem(word)
    stripped = _strip_prefix(word, ARABIC_PREFIXES, ARABIC_MIN_ROOT)
    if stripped == word and len(word) >= ARABIC_AND_MIN and word.startswith(ARABIC_AND):
        stripped = word[1:]
    return _strip_suffix(stripped, ARABIC_SUFFIXES, ARABIC_MIN_ROOT)


def strip_arabic_article(word: str) -> str:
    """An Arabic word without its article or proclitic group ("اللجوو" -> "جوو"), for typos."""
    return _strip_prefix(word, ARABIC_PREFIXES, ARABIC_MIN_ROOT)


def persian_stem(word: str) -> str:
    """Dari: strip the continuous prefix (mi-, nemi-) and one suffix (plural, person, -i)."""
    if word_script(word) != ARABIC:
        return word
    word = _strip_prefix(word, PERSIAN_PREFIXES, PERSIAN_MIN_ROOT)
    return _strip_suffix(word, PERSIAN_SUFFIXES, PERSIAN_MIN_ROOT)


def arabizi_stem(word: str) -> str:
    """Arabic in Latin letters: drop a glued article ("lwra9" -> "wra9")."""
    return _strip_prefix(word, ARABIZI_ARTICLES, ARABIZI_MIN_ROOT + 1)


def albanian_stem(word: str) -> str:
    """Albanian: simplemma's lemma, without the diacritics `normalize` removes."""
    lemma = simplemma.lemmatize(word, lang="sq")
    return lemma.replace("ë", "e").replace("ç", "c") if lemma else word


def _strip_prefix(word: str, prefixes: tuple[str, ...], keep: int) -> str:
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            return word[len(prefix) :]
    return word


def _strip_suffix(word: str, suffixes: tuple[str, ...], keep: int) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)]
    return word


_STEMMERS: dict[str, Callable[[str], str]] = {
    "ar": arabic_stem,
    "fa": persian_stem,
    "sq": albanian_stem,
}
