"""The lexicons: the words people use for each topic, per language (`content/lexicon/<lang>.yaml`).

A topic's `keywords:` (in its own file) are the words that act when sent at the start of a text;
a lexicon holds everything else a writer knows about how people text in one language: the
synonyms, plurals, misspellings, Arabizi and Latin-typed Dari of each topic, the emergency
phrases that go to URGENCE first, the refusals that turn a topic down ("je ne veux pas"), the
words that only say which language a text is in, and the words too common to mean a topic.
Loaded and validated with the rest of the content; `hotline.understanding` builds its index
from both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

LEXICON_DIR = "lexicon"
LISTS = ("markers", "common", "negations", "negators", "emergencies")


class LexiconError(ValueError):
    """A lexicon file cannot be used (unreadable, malformed, unknown topic or language)."""


@dataclass(frozen=True)
class Lexicon:
    """One language's words beyond the keywords."""

    language: str
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic id -> synonyms
    # Words that lean towards a topic but mostly describe the texter's situation ("papiers",
    # "argent", "ce soir"): they decide only when nothing more telling is in the text.
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    markers: tuple[str, ...] = ()  # words that show the language, about no topic
    common: tuple[str, ...] = ()  # words everywhere (help, please): they weigh little
    negations: tuple[str, ...] = ()  # refusals: the topic named next to them is turned down
    # Bare negation words ("no", "nuk", "نه"): they turn down only a topic whose refusal has an
    # answer of its own ("no me quiero regresar" is not RETOUR), since "no tengo casa" asks for one.
    negators: tuple[str, ...] = ()
    emergencies: tuple[str, ...] = ()  # life-threatening situations: URGENCE before anything
    path: Path | None = None


def load_all(directory: Path, languages: tuple[str, ...]) -> dict[str, Lexicon]:
    """Every `lexicon/<lang>.yaml` under the content directory, by language (none is fine)."""
    found = {}
    for path in sorted((Path(directory) / LEXICON_DIR).glob("*.yaml")):
        lexicon = parse(path, languages)
        found[lexicon.language] = lexicon
    return found


def parse(path: Path, languages: tuple[str, ...]) -> Lexicon:
    """One lexicon file, its structure checked."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"{LEXICON_DIR}/{path.name}: {error}") from error
    if not isinstance(data, dict) or data.get("language") != path.stem:
        raise LexiconError(f"{LEXICON_DIR}/{path.name}: 'language' must equal the file name")
    if path.stem not in languages:
        raise LexiconError(f"{LEXICON_DIR}/{path.name}: not one of the languages {languages}")
    return Lexicon(
        language=path.stem,
        topics=_topic_lists(path, data, "topics"),
        hints=_topic_lists(path, data, "hints"),
        path=path,
        **{name: _words(path, name, data.get(name)) for name in LISTS},
    )


def _topic_lists(path: Path, data: dict, name: str) -> dict[str, tuple[str, ...]]:
    """A map of topic ids to word lists (`topics:`, `hints:`)."""
    raw = data.get(name) or {}
    if not isinstance(raw, dict):
        raise LexiconError(f"{LEXICON_DIR}/{path.name}: '{name}' must map topic ids to lists")
    return {str(topic): _words(path, f"{name}.{topic}", words) for topic, words in raw.items()}


def _words(path: Path, where: str, raw: object) -> tuple[str, ...]:
    """A list of words or phrases; YAML's booleans and numbers are refused, not guessed."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(word, str) for word in raw):
        raise LexiconError(
            f"{LEXICON_DIR}/{path.name}: {where} must be a list of words "
            "(quote yes/no/on/off and numbers)"
        )
    return tuple(word for word in raw if word.strip())


def unknown_topics(lexicons: dict[str, Lexicon], topic_ids: set[str]) -> list[str]:
    """Lexicon entries naming a topic that has no file, described for a coordinator."""
    return [
        f"{LEXICON_DIR}/{lexicon.language}.yaml: topic '{topic}'"
        for lexicon in lexicons.values()
        for topic in (*lexicon.topics, *lexicon.hints)
        if topic not in topic_ids
    ]
