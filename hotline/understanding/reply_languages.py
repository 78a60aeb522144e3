"""Which languages a text may be answered in: from its script, its letters, the words after a
keyword, the language guess and the words that matched. The engine then keeps a texter's known
language over a guess (`language_sure`)."""

from __future__ import annotations

from dataclasses import replace

from hotline import languages
from hotline.understanding import identify as identification
from hotline.understanding import score
from hotline.understanding.identify import LATIN_LANGUAGES, Guess
from hotline.understanding.normalize import ARABIC, LATIN, script_of, script_of_marks
from hotline.understanding.parsing import Text
from hotline.understanding.understood import Understood


def script_languages(text: str) -> tuple[str, ...]:
    """A text without words still shows its script: "؟" is Arabic or Dari, never French."""
    return identification.ARABIC_SCRIPT if script_of_marks(text) == ARABIC else ()


def by_letters(lead: Understood, text: str) -> Understood:
    """A keyword of several languages narrowed to the one whose own letters the text holds:
    "menú" is Spanish, "مرسی" (with the Persian ye) Dari."""
    if len(lead.languages) < 2:
        return lead
    typed = languages.by_letters(text)
    own = [lang for lang in lead.languages if lang in typed]
    return replace(lead, languages=tuple(own[:1])) if len(own) == 1 else lead


def stem_languages(parsed: Text, guess: Guess) -> tuple[str, ...]:
    """The languages to stem the words in: the sure ones, else every one of the script."""
    if guess.sure:
        return guess.languages[:2]
    script = script_of(parsed.raw)
    if script == ARABIC:
        return identification.ARABIC_SCRIPT
    return (*LATIN_LANGUAGES, *identification.LATIN_TYPED) if script == LATIN else ()


def reply_languages(
    guess: Guess, scores: score.Scores, lead: Understood | None
) -> tuple[tuple[str, ...], bool]:
    """The reply languages: a sure guess; else the matched words' languages; else the guess."""
    if guess.sure and guess.by_script and len(set(scores.languages)) == 1:
        return scores.languages[:1], True  # Arabic script without Persian letters: the words say
    if guess.sure:
        return guess.languages[:1], True
    matched = scores.languages or (lead.languages if lead else ())
    if guess.language and guess.language in matched:
        return (guess.language,), False  # the likeliest language that has the words: a guess
    if matched:
        ordered = sorted(matched, key=lambda lang: _rank(guess.languages, lang))
        return tuple(ordered), len(ordered) == 1
    return guess.languages, False


def lead_languages(
    lead: Understood, guess: Guess, languages: tuple[str, ...], only_arguments: bool
) -> tuple[str, ...]:
    """A keyword with only its arguments ("CPAS 2", "docteur svp") keeps the keyword's
    languages, narrowed to the guess when it is sure; in a sentence, the sentence's language."""
    if not only_arguments:
        return languages
    if guess.sure and guess.language in lead.languages:
        return (guess.language,)
    return lead.languages


def _rank(languages: tuple[str, ...], language: str) -> int:
    return languages.index(language) if language in languages else len(languages)


def with_languages(lead: Understood, languages: tuple[str, ...], sure: bool) -> Understood:
    """`lead` with other reply languages and sureness."""
    return replace(lead, languages=languages, language_sure=sure)
