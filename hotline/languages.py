"""The language table: everything the code knows about one of the hotline's languages, in one row.

Adding a language is one row here plus its texts in `content/` (every topic's answers, its
keywords, its LANGUE, STOP, START and OUBLIER words): `hotline content check` loops over this
table, so a language with a row and no words fails the check. Nothing else in the code may list
languages; it reads them from here. The words that *select* a language (its own name, "anglais",
"engels"…) are content, in `content/langue.yaml`, like every other word a texter sends.

This module is the bottom layer: it imports nothing from the project.
"""

from __future__ import annotations

from dataclasses import dataclass

LATIN = "latin"
ARABIC = "arabic"  # the Arabic script, also used for Dari (Persian as written in Afghanistan)

LTR = "ltr"
RTL = "rtl"


@dataclass(frozen=True)
class Language:
    """One row: how the hotline names, formats, translates and guesses a language."""

    code: str  # the hotline's code (content files, texters' state, reports)
    own_name: str  # the name a reader of the language recognises, in its own script
    babel_locale: str  # CLDR locale for dates and digits (Dari is Persian of Afghanistan)
    translation_code: str  # the code googletrans-py expects for machine drafts
    script: str
    calling_codes: tuple[int, ...] = ()  # countries whose texters most often read it
    # Letters that, among the nine, only this language's keyboards type ("menú", "salú" are
    # Spanish; "ş ğ ı" Turkish): a short text holding one is in this language.
    letters: str = ""

    @property
    def direction(self) -> str:
        """Text direction: right-to-left for the Arabic script."""
        return RTL if self.script == ARABIC else LTR


TABLE: tuple[Language, ...] = (
    Language("fr", "Français", "fr", "fr", LATIN, (
        33, 243, 242, 225, 221, 237, 224, 223, 226, 227, 228, 229, 235, 236, 241, 250, 257,
        261, 509,
    ), letters="èêàùûôœ"),
    Language("nl", "Nederlands", "nl", "nl", LATIN, (31, 597)),
    Language("en", "English", "en", "en", LATIN, (
        44, 1, 234, 233, 231, 232, 254, 256, 255, 260, 263, 220, 353, 61, 27,
    )),
    Language("ar", "العربية", "ar", "ar", ARABIC, (
        212, 213, 216, 218, 20, 963, 964, 961, 962, 966, 249, 970, 965, 971, 974, 967, 222,
        968, 973,
    )),
    Language("es", "Español", "es", "es", LATIN, (
        34, 52, 53, 54, 56, 57, 58, 51, 591, 593, 595, 598, 502, 503, 504, 505, 506, 507, 240,
    ), letters="ñ¿¡áíóú"),
    Language("ro", "Română", "ro", "ro", LATIN, (40, 373), letters="ășț"),
    Language("tr", "Türkçe", "tr", "tr", LATIN, (90,), letters="şğı"),
    Language("sq", "Shqip", "sq", "sq", LATIN, (355, 383)),
    Language("fa", "دری", "fa_AF", "fa", ARABIC, (93, 98, 992), letters="پچژگیکۀ"),
)  # fmt: skip

REFERENCE_LANGUAGE = "fr"  # the language every text is written in first, and the fallback

BY_CODE: dict[str, Language] = {row.code: row for row in TABLE}
LANGUAGES: tuple[str, ...] = tuple(row.code for row in TABLE)
RTL_CODES: frozenset[str] = frozenset(row.code for row in TABLE if row.direction == RTL)
BY_LETTER: dict[str, str] = {letter: row.code for row in TABLE for letter in row.letters}
BY_CALLING_CODE: dict[int, str] = {
    calling: row.code for row in TABLE for calling in row.calling_codes
}


def get(code: str) -> Language:
    """The row of one language; KeyError for a code the hotline does not speak."""
    return BY_CODE[code]


def babel_locale(code: str) -> str:
    """The Babel locale for a hotline language (the code itself when unknown)."""
    row = BY_CODE.get(code)
    return row.babel_locale if row else code


def by_letters(text: str) -> frozenset[str]:
    """The languages whose own letters the text holds (none, one, or in a mixed text several)."""
    return frozenset(BY_LETTER[ch] for ch in text.lower() if ch in BY_LETTER)


def for_calling_code(calling_code: int) -> str:
    """The language most texters with this country calling code read, or ""."""
    return BY_CALLING_CODE.get(calling_code, "")
