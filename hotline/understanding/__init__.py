"""What did this person ask, in which language, how sure are we: the keyword index built
from content and the matching of one text.
"""

from __future__ import annotations

from hotline.understanding.matching import (
    AMBIGUOUS,
    EMPTY,
    EXACT,
    FUZZY,
    KINDS,
    NUMBER,
    UNKNOWN,
    KeywordIndex,
    Match,
)

__all__ = [
    "AMBIGUOUS",
    "EMPTY",
    "EXACT",
    "FUZZY",
    "KINDS",
    "NUMBER",
    "UNKNOWN",
    "KeywordIndex",
    "Match",
]
