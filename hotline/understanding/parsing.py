"""A text as the understanding reads it: its normalised words, each tied to the raw word it came
from (so a note after RAPPEL keeps the texter's own spelling), numbers, references, and the
form of an unmatched text shown to writers."""

from __future__ import annotations

from dataclasses import dataclass

from hotline.understanding.normalize import normalize

SPELLED_OUT = 3  # this many single letters and nothing else are one word spelled out
REFERENCE_PREFIX = "r"  # callback references read "R-7K3F"
REFERENCE_WORDS = 2
REFERENCE_LENGTH = 4
MAX_NUMBER_DIGITS = 3


@dataclass(frozen=True)
class Text:
    """A text's normalised words and, for each, the raw word it came from."""

    raw: str
    tokens: list[str]
    chunk_of: list[int]
    chunks: list[str]

    def rest_raw(self, start: int) -> str:
        """The raw text from the word at `start` on."""
        return " ".join(self.chunks[self.chunk_of[start] :]) if start < len(self.tokens) else ""


def parse(text: str) -> Text:
    """The words of a raw text, normalised, each with the raw word it came from."""
    tokens: list[str] = []
    chunk_of: list[int] = []
    chunks = text.split()
    for position, chunk in enumerate(chunks):
        found = normalize(chunk).split()
        tokens += found
        chunk_of += [position] * len(found)
    if len(tokens) >= SPELLED_OUT and all(len(token) == 1 for token in tokens):
        tokens, chunk_of = ["".join(tokens)], [0]  # "C P A S", "s a n t e"
    return Text(text, tokens, chunk_of, chunks)


def without_reference(words: list[str]) -> list[str]:
    """The words without a callback reference ("ANNULER R-7K3F": "r", "7k3f"; or "7k3f")."""
    if len(words) >= REFERENCE_WORDS and words[-2] == REFERENCE_PREFIX and words[-1].isalnum():
        return words[:-2]
    if len(words) == 1 and len(words[0]) == REFERENCE_LENGTH and words[0].isalnum():
        return []
    return words


def is_number(token: str) -> bool:
    """A menu or list number at the start: a few digits, not a phone number or a year."""
    return token.isdigit() and len(token) <= MAX_NUMBER_DIGITS


REPORT_TEXT_MAX = 60


def report_text(text: str) -> str:
    """A text as writers see it in the unknown-texts list: normalised, no digits, cut short.

    Digits go because they could be a phone number or a reference; nothing links the text to
    whoever sent it.
    """
    kept = "".join(ch for ch in normalize(text) if not ch.isdigit())
    return " ".join(kept.split())[:REPORT_TEXT_MAX].strip()
