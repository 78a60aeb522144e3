"""Text normalisation: make what a texter types comparable with the keywords in `content/`.

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
