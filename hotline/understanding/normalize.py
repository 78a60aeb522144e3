"""Normalisation for understanding: `hotline.text.normalize` (case, accents, scripts, digits,
punctuation and emoji folded away: the same function runs on content words at load time and on
each inbound text), plus what reading a text needs on top: its words, its script, whether it
holds letters only Persian uses (before normalisation folds them), letters typed twice.
"""

from __future__ import annotations

import re

from hotline import languages
from hotline.text import normalize

__all__ = [
    "ARABIC",
    "LATIN",
    "NO_SCRIPT",
    "has_persian_letters",
    "normalize",
    "script_of",
    "script_of_marks",
    "shape_fold",
    "sound_fold",
    "squeeze",
    "word_script",
    "words",
]


def words(text: str) -> list[str]:
    """The normalised words of a text, in order."""
    return normalize(text).split()


ARABIC = "arabic"
LATIN = "latin"
NO_SCRIPT = ""

# Letters only Persian (Dari) keyboards type: پ چ ژ گ, and the Persian ye and kaf, which
# `normalize` folds into the Arabic ones — so the script rule looks at the raw text.
PERSIAN_ONLY = frozenset(languages.get("fa").letters)


def _arabic(ch: str) -> bool:
    """An Arabic-script character: the Arabic block or its presentation forms (raw texts)."""
    return "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc"


def script_of(text: str) -> str:
    """ARABIC when a text holds Arabic-script letters (no Latin-script language has any),
    else LATIN when it holds letters, else NO_SCRIPT (digits, emoji, punctuation only)."""
    latin = False
    for ch in text:
        if not ch.isalpha():
            continue
        if _arabic(ch):
            return ARABIC
        latin = True
    return LATIN if latin else NO_SCRIPT


def script_of_marks(text: str) -> str:
    """ARABIC when a text without letters holds Arabic-script marks ("؟", "،"), else NO_SCRIPT."""
    return ARABIC if any(_arabic(ch) for ch in text) else NO_SCRIPT


def word_script(word: str) -> str:
    """The script of one normalised word (its first letter decides)."""
    for ch in word:
        if ch.isalpha():
            return ARABIC if _arabic(ch) else LATIN
    return NO_SCRIPT


def has_persian_letters(text: str) -> bool:
    """True when the raw text holds a letter that only Persian script uses."""
    return any(ch in PERSIAN_ONLY for ch in text)


REPEATS = re.compile(r"(\w)\1+")


def squeeze(word: str) -> str:
    """A word with each letter typed twice or more kept once ("stopp" -> "stop")."""
    return REPEATS.sub(r"\1", word)


# Arabic-script letters that sound alike and are typed for one another (صحط for صحت, کورص for
# کورس, مکتپ for مکتب), folded together only when looking for a typo's correction.
SOUNDS_ALIKE = str.maketrans("صثذضظطحغپچژگ", "سسزززتهقبجزك")
ARABIC_FINAL_ALIF = "ا"  # a final alif typed for alif maqsura (المستشفا for المستشفى, folded to ي)
ARABIC_FINAL_YA = "ي"

# Latin spellings that sound alike in the nine languages' Latin-script texts, rewritten in
# order: people write what they hear ("bivienda", "yamar", "shool", "avokat", "juridik", "ola").
LATIN_SOUNDS = (
    (re.compile(r"(.)\1+"), r"\1"),  # letters typed twice: "addresse", "llamar" -> "lamar"
    (re.compile(r"^h"), ""),  # a silent first h: "ola", "ospital"
    (re.compile(r"sch"), "sh"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"(?<=[^csg])h"), ""),  # th, kh, dh: the h is often left out
    (re.compile(r"qu|ck|q"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"v|w"), "b"),
    (re.compile(r"z"), "s"),
    (re.compile(r"y|^l(?=[aeiou])"), "i"),  # y and the Spanish ll (squeezed to l) sound alike
    (re.compile(r"ou"), "u"),
    (re.compile(r"(?<=.{3})e$"), ""),  # a silent final e: "juridique", "pune"
)


# Arabic-script letters that differ only by their dots (ب ت ن ي, ج خ, ر ز, س ش, ع غ, ف ق):
# on a small phone keyboard the neighbour is typed for one another (وکبل for وکیل, تماش for تماس).
SAME_SHAPE = str.maketrans("تثنيخذزشغقظض", "ببببحدرسعفطص")


def shape_fold(word: str) -> str:
    """An Arabic-script word with letters that differ only by their dots folded together (typos
    only); other words unchanged."""
    return word.translate(SAME_SHAPE) if word_script(word) == ARABIC else word


def sound_fold(word: str) -> str:
    """A word with its sound-alike letters folded together (typos only): Arabic-script letters
    that sound alike, or Latin spellings of the same sound."""
    if word_script(word) == ARABIC:
        folded = word.translate(SOUNDS_ALIKE)
        if folded.endswith(ARABIC_FINAL_ALIF):
            folded = folded[:-1] + ARABIC_FINAL_YA
        return folded
    for pattern, replacement in LATIN_SOUNDS:
        word = pattern.sub(replacement, word)
    return word
