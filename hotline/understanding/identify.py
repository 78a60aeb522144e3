"""Which of the nine languages is a text in? Script rules, then words, then a statistical model.

In this order, because each is surer than the next on the texts people send:
1. Script. Arabic script is Arabic or Dari, never French: letters only Persian keyboards type
   (پ چ ژ گ, the Persian ye and kaf) mean Dari; otherwise Dari words decide, then the model
   for three words or more, else Arabic.
2. Arabic typed in Latin letters (Arabizi: digits for letters, "3afak", "mo7ami", and Darija
   words) and Dari typed in Latin letters ("dactar", "komak") are found by the lexicons' Latin
   words: the model knows neither.
3. Three words or more in Latin letters: py3langid, restricted to the seven Latin-script
   languages, together with the words the lexicons know.
4. Shorter texts: the languages of the words themselves (a keyword's language, a greeting's).
The result says how sure it is: the engine keeps a texter's language rather than switching on
a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

from hotline import languages as language_table
from hotline.understanding.normalize import ARABIC, LATIN, has_persian_letters

LATIN_LANGUAGES = ("fr", "nl", "en", "es", "ro", "tr", "sq")
ARABIC_SCRIPT = ("ar", "fa")
MODEL_MIN_WORDS = 3  # the model guesses wildly on one or two words
MODEL_SURE = 0.8  # probability above which the model's answer is taken as sure
WORD_VOTE = 0.35  # how much one known word of a language adds to the model's probability
ARABIZI = re.compile(r"^(?=.*[a-z])(?=.*[235679])[a-z0-9]{2,}$")  # 3afak, mo7ami, lwra9, 9bel
LATIN_TYPED = ("ar", "fa")
# A number with an ordinal or a law's suffix is no Arabizi: "9bis", "1er", "3rd", "2de".
NUMBERED = re.compile(r"^\d+(bis|ter|er|re|e|eme|ieme|st|nd|rd|th|de|ste)$")
ARABIZI_VOTE = 2.0  # a word with digits for letters ("y3tiwni") is Arabic beyond doubt


@dataclass(frozen=True)
class Guess:
    """The languages a text may be in, likeliest first, and whether the first is sure."""

    languages: tuple[str, ...] = ()
    sure: bool = False
    by_script: bool = False  # Arabic or Dari by the script alone: the matched words may say which

    @property
    def language(self) -> str:
        """The likeliest language, or "" when nothing says."""
        return self.languages[0] if self.languages else ""


LETTER_VOTE = 1.0  # a letter only one language types weighs as much as one of its words


def identify(raw: str, tokens: list[str], script: str, votes: Counter) -> Guess:
    """The language of a text from its raw form, its normalised words and their word votes."""
    votes = votes + Counter(dict.fromkeys(language_table.by_letters(raw), LETTER_VOTE))
    if script == ARABIC:
        return _arabic_script(raw, tokens, votes)
    if script != LATIN:
        return Guess()
    latin_typed = _latin_typed(tokens, votes)
    if latin_typed:
        return latin_typed
    if len(tokens) >= MODEL_MIN_WORDS:
        return _model(raw, tokens, votes)
    return _by_words(votes, LATIN_LANGUAGES + LATIN_TYPED)


def _arabic_script(raw: str, tokens: list[str], votes: Counter) -> Guess:
    if has_persian_letters(raw) or votes["fa"] > votes["ar"]:
        return Guess(("fa", "ar"), sure=True)
    if votes["ar"] > votes["fa"]:
        return Guess(("ar", "fa"), sure=True)
    if len(tokens) < MODEL_MIN_WORDS:
        return Guess(("ar", "fa"), sure=True, by_script=True)
    best = _identifier(ARABIC_SCRIPT).classify(raw)[0]
    return Guess((best, "fa" if best == "ar" else "ar"), sure=True)


def _latin_typed(tokens: list[str], votes: Counter) -> Guess | None:
    """Arabizi or Latin-typed Dari: its own words (or Arabizi digits) outweigh the others."""
    arabizi = ARABIZI_VOTE * sum(1 for t in tokens if ARABIZI.match(t) and not NUMBERED.match(t))
    ar, fa = votes["ar"] + arabizi, votes["fa"]
    typed = max(ar, fa)
    others = max((votes[lang] for lang in LATIN_LANGUAGES), default=0)
    if typed < 1 or typed < others:
        return None
    first, second = ("ar", "fa") if ar >= fa else ("fa", "ar")
    return Guess((first, second), sure=typed >= 1.5 or typed > others)


def _model(raw: str, tokens: list[str], votes: Counter) -> Guess:
    ranked = _identifier(LATIN_LANGUAGES).rank(raw)
    share = WORD_VOTE / max(1, len(tokens)) * 3
    scores = {lang: prob + share * votes[lang] for lang, prob in ranked}
    order = sorted(scores, key=scores.__getitem__, reverse=True)
    top = scores[order[0]]
    return Guess(tuple(order[:3]), sure=top >= MODEL_SURE)


def _by_words(votes: Counter, languages: Iterable[str]) -> Guess:
    """Short texts: the languages the words belong to, most words first."""
    counted = [(votes[lang], lang) for lang in languages if votes[lang] > 0]
    if not counted:
        return Guess()
    counted.sort(key=lambda item: -item[0])
    best = counted[0][0]
    leaders = tuple(lang for count, lang in counted if count == best)
    rest = tuple(lang for count, lang in counted if count < best)
    return Guess(leaders + rest, sure=len(leaders) == 1)


def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    """The model restricted to one script's languages."""
    return _identifiers()[languages]


@cache
def _identifiers() -> dict[tuple[str, ...], LanguageIdentifier]:
    """py3langid's model cut down to each script's languages, loaded once per process.

    Only the cut-down tables are kept: the full one (97 languages) is dropped after loading.
    """
    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    made: dict[tuple[str, ...], LanguageIdentifier] = {}
    for languages in (LATIN_LANGUAGES, ARABIC_SCRIPT):
        keep = [i for i, code in enumerate(classes) if code in languages]
        made[languages] = LanguageIdentifier(
            np.ascontiguousarray(ptc[:, keep]),
            pc[keep],
            [classes[i] for i in keep],
            nextmove,
            output,
            norm_probs=True,
            tk_row=row,
        )
    return made


def warm_up() -> None:
    """Load the model now (start-up) rather than on the first text that needs it."""
    _identifiers()
