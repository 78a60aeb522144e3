"""Kept for imports written before `hotline.understanding` (the match kinds and the result).

Nothing matches words here any more: see `hotline.understanding`.
"""

from hotline.understanding import (
    AMBIGUOUS,
    EMPTY,
    EXACT,
    FUZZY,
    NUMBER,
    UNKNOWN,
    Understood,
)

Match = Understood

__all__ = ["AMBIGUOUS", "EMPTY", "EXACT", "FUZZY", "NUMBER", "UNKNOWN", "Match"]
