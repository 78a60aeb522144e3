"""Text normalisation: make what a texter types comparable with the words in `content/`.

People text from basic phones, in nine languages and three scripts, with or without accents,
with emoji and stray punctuation. `normalize` folds all of that to one canonical form, so that
"SANTÉ!", "santé" and "Sante" are the same word, and so are the Arabic spellings صحة and صحه.
The same function runs on content keywords at load time and on each inbound text.
"""

from __future__ import annotations

import re
import unicodedata

ARABIC_TATWEEL = "\u0640"

# Letter variants people use interchangeably: fold them to one form.
LETTER_FOLDS = str.maketrans(
    {
        "ة": "ه",  # ta marbuta -> ha
        "ى": "ي",  # alef maksura -> ya
        "ی": "ي",  # Persian ye -> Arabic ya
        "ې": "ي",
        "ک": "ك",  # Persian kaf -> Arabic kaf
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ı": "i",  # Turkish dotless i
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        ARABIC_TATWEEL: "",
    }
)

# Arabic-Indic (U+0660..) and Persian (U+06F0..) digits -> ASCII.
DIGIT_FOLDS = str.maketrans(
    {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
)

SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold case, accents, script variants, digits, punctuation and emoji; collapse spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(LETTER_FOLDS).translate(DIGIT_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(_fold_char(ch) for ch in decomposed)
    # Letter folds again: NFKD can expose variants (e.g. alef with madda -> alef + mark).
    return SPACES.sub(" ", kept.translate(LETTER_FOLDS)).strip()


def _fold_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Mn":  # accents, harakat, shadda
        return ""
    if category == "Cf":  # zero-width joiners, bidi marks
        return ""
    if category[0] in "PSZC":  # punctuation, symbols and emoji, odd spaces, controls
        return " "
    return ch


def words(text: str) -> list[str]:
    """The normalised words of a text, in order."""
    return normalize(text).split()


ARABIC = "arabic"
LATIN = "latin"
NO_SCRIPT = ""

# Letters only Persian (Dari) keyboards type: پ چ ژ گ, and the Persian ye and kaf, which
# `normalize` folds into the Arabic ones — so the script rule looks at the raw text.
PERSIAN_ONLY = frozenset("پچژگیکۀ")


def script_of(text: str) -> str:
    """ARABIC when a text holds Arabic-script letters (no Latin-script language has any),
    else LATIN when it holds letters, else NO_SCRIPT (digits, emoji, punctuation only)."""
    latin = False
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            return ARABIC
        latin = True
    return LATIN if latin else NO_SCRIPT


def word_script(word: str) -> str:
    """The script of one normalised word (its first letter decides)."""
    for ch in word:
        if ch.isalpha():
            return ARABIC if "\u0600" <= ch <= "\u06ff" else LATIN
    return NO_SCRIPT


def has_persian_letters(text: str) -> bool:
    """True when the raw text holds a letter that only Persian script uses."""
    return any(ch in PERSIAN_ONLY for ch in text)


REPEATS = re.compile(r"(\w)\1+")


def squeeze(word: str) -> str:
    """A word with each letter typed twice or more kept once ("stopp" -> "stop")."""
    return REPEATS.sub(r"\1", word)
