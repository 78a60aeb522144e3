"""Understanding: what did this person ask, in which language, and how sure are we?

The one place that reads words. Built once from the content (`Understanding(content)`), it
answers `understand(text) -> Understood` for the engine, and a few narrower questions for the
handlers (the keyword at the start of the words after a keyword, a yes word).

How a text is read, in order:
1. an exact keyword (or phrase) at the start — the only way an action (STOP, RAPPEL, OUBLIER,
   ANNULER, SUIVRE, START, a language name, a workshop number) may run (`may_act`);
2. a number at the start (a menu or list item);
3. an emergency anywhere (can't breathe, bleeding, unconscious, labour…): URGENCE;
4. a non-action keyword at the start (a greeting gives way to a topic asked later);
5. the whole text scored against every topic's keywords and synonyms, in the text's language
   (see `score`); a clear winner is the topic, close ones are "did you mean…?", refusals turn
   a topic down, and an action recognised this way is only a question back (`asks`);
6. typos of known words, when nothing else matched (never onto an action or a language name);
7. nothing: UNKNOWN, answered with the menu in the language guessed (`identify`).
"""

from __future__ import annotations

from hotline.understanding import identify as identification
from hotline.understanding.normalize import normalize, words
from hotline.understanding.parsing import report_text
from hotline.understanding.reader import Understanding
from hotline.understanding.understood import (
    AMBIGUOUS,
    EMERGENCY,
    EMPTY,
    EXACT,
    FUZZY,
    KINDS,
    NUMBER,
    SCORED,
    UNKNOWN,
    Understood,
)

__all__ = [
    "AMBIGUOUS",
    "EMERGENCY",
    "EMPTY",
    "EXACT",
    "FUZZY",
    "KINDS",
    "NUMBER",
    "SCORED",
    "UNKNOWN",
    "Understanding",
    "Understood",
    "normalize",
    "report_text",
    "warm_up",
    "words",
]


def warm_up() -> None:
    """Load the language model now, at start-up, not on the first text that needs it."""
    identification.warm_up()
