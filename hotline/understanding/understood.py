"""What the understanding tells the engine about one text: its kind, topic, languages and how
sure it is (`Understood`), and the kinds of reading that produce it."""

from __future__ import annotations

from dataclasses import dataclass

EXACT = "exact"  # a keyword at the start
NUMBER = "number"  # a number at the start
SCORED = "scored"  # the words of the text, scored
EMERGENCY = "emergency"  # an emergency phrase anywhere
FUZZY = "fuzzy"  # a typo of a known word
AMBIGUOUS = "ambiguous"  # two or three topics about as likely
UNKNOWN = "unknown"  # nothing known
EMPTY = "empty"  # no words at all (emoji, a picture)
KINDS = frozenset({EXACT, NUMBER, SCORED, EMERGENCY, FUZZY, AMBIGUOUS, UNKNOWN, EMPTY})


@dataclass(frozen=True)
class Understood:
    """What one text asks for, in which language, how sure, and what may happen."""

    kind: str
    topic: str = ""
    languages: tuple[str, ...] = ()  # acceptable reply languages, likeliest first
    rest: str = ""  # after a leading keyword: the rest, normalised ("SANTE 2" -> "2")
    selects: str = ""  # a language name at the start: the language it chooses
    number: int | None = None
    candidates: tuple[str, ...] = ()  # AMBIGUOUS: the topics to offer
    topic_kind: str = ""
    confidence: float = 0.0  # 0..1
    may_act: bool = False  # True only for an exact keyword (or a number) at the start
    language_sure: bool = False  # False: a guess that should not replace a known language
    rest_raw: str = ""  # after a leading keyword: the texter's own words, as written
    action: bool = False  # the topic changes something (STOP, RAPPEL, …)

    @property
    def language(self) -> str:
        """The likeliest language of the text, or ""."""
        return self.languages[0] if self.languages else ""

    @property
    def asks(self) -> bool:
        """An action recognised other than by its exact keyword: ask, never act."""
        return self.action and not self.may_act
