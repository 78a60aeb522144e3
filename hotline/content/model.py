"""Load and validate the content store (`content/*.yaml`) and look answers up by language.

Content is data: loaded once at start-up into frozen objects, then only read. Loading fails on
what would make the hotline answer wrongly (bad structure, a keyword claimed by two topics);
`check` reports what a coordinator must fix or review (missing translations, sources, segments,
stale facts). Lookups never fail for a texter: a missing translation falls back to French.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hotline.content import lexicon as content_lexicon
from hotline.content.lexicon import Lexicon
from hotline.languages import LANGUAGES, REFERENCE_LANGUAGE
from hotline.text import normalize, sms

KINDS = ("info", "intent")
ANSWER = "answer"
# An info topic's second part, for answers that three SMS segments cannot hold in a language:
# the answer ends "Plus : envoyez SANTE 2" and "<keyword> 2" gets the `more` message.
CONTINUATION = "more"
CONTINUATION_NUMBER = "2"
SMS_CHANNEL = "sms"
MAX_SEGMENTS = 3
VERIFIED_ON = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
# The organisations and named services the parity check looks for (not a topic: it lives in a
# subdirectory, which `load` does not read as topics).
NAMES_FILE = Path("parity") / "names.yaml"


class ContentError(ValueError):
    """The content files cannot be served (unreadable, malformed, or colliding keywords)."""


@dataclass(frozen=True)
class Text:
    """One message in one language: the SMS text and an optional longer WhatsApp text."""

    sms: str
    whatsapp: str = ""
    reviewed: bool = False
    machine: bool = False


@dataclass(frozen=True)
class Topic:
    """One topic file: its keywords per language and its messages per language."""

    id: str
    kind: str
    verified_on: str
    sources: tuple[str, ...]
    keywords: dict[str, tuple[str, ...]]
    messages: dict[str, dict[str, Text]]
    menu: int | None = None
    select: dict[str, tuple[str, ...]] = field(default_factory=dict)
    confirm: dict[str, tuple[str, ...]] = field(default_factory=dict)  # e.g. "oui" in OUBLIER OUI
    action: bool = False  # changes something: only the exact keyword at the start runs it
    note: bool = False  # an action whose keyword may be followed by the texter's own words
    when_refused: str = ""  # the topic to answer when this one is turned down ("je ne veux pas")
    # Topics this intent takes as its object: "annuler ma demande de rappel" is ANNULER, not
    # RAPPEL; "prévenez-moi des nouvelles du logement" is SUIVRE, not LOGEMENT.
    outranks: tuple[str, ...] = ()
    path: Path | None = None

    def placeholders(self, message: str, language: str) -> set[str]:
        """The {fields} a message uses in one language (both channels)."""
        text = self.messages[message][language]
        return placeholders(text.sms) | placeholders(text.whatsapp)


def placeholders(text: str) -> set[str]:
    """Names of the str.format fields in a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Name:
    """An organisation or named service that every language must keep (`parity/names.yaml`).

    `also` lists the spellings that count as the same name in other languages ("Rode Kruis" for
    "Croix-Rouge"); a name without `also` must appear as it is written in every language.
    """

    name: str
    also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every form of the name that counts."""
        return (self.name, *self.also)


class _Fields(dict):
    """Format mapping that leaves unknown placeholders visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Content:
    """The whole content store, validated and indexed by topic id."""

    topics: dict[str, Topic]
    names: tuple[Name, ...] = ()
    lexicons: dict[str, Lexicon] = field(default_factory=dict)  # per language: synonyms…

    def topic(self, topic_id: str) -> Topic:
        """One topic by id; a KeyError here is a programming error, not a texter's."""
        return self.topics[topic_id]

    def menu_topic(self, number: int) -> Topic | None:
        """The topic listed under `number` in the main menu, if any."""
        return next((t for t in self.topics.values() if t.menu == number), None)

    def raw(self, topic_id: str, message: str, language: str) -> Text:
        """The stored text in `language`, falling back to French when it is missing."""
        by_language = self.topics[topic_id].messages[message]
        return by_language.get(language) or by_language[REFERENCE_LANGUAGE]

    def render(
        self, topic_id: str, message: str, language: str, channel: str, **fields: object
    ) -> str:
        """The text a texter receives on `channel`, with placeholders filled in."""
        text = self.raw(topic_id, message, language)
        values = _Fields({k: str(v) for k, v in fields.items()})
        if channel == SMS_CHANNEL:
            return sms.render_sms(text.sms.format_map(values))
        return sms.render_whatsapp((text.whatsapp or text.sms).format_map(values))


def load(directory: Path) -> Content:
    """Read every `*.yaml` in `directory`, validate its structure and index keywords."""
    topics = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        topic = _parse_topic(path)
        topics[topic.id] = topic
    if not topics:
        raise ContentError(f"no topics in {directory}")
    collisions = keyword_collisions(topics.values())
    if collisions:
        raise ContentError("keyword collisions: " + "; ".join(collisions))
    return Content(
        topics=topics,
        names=_load_names(Path(directory) / NAMES_FILE),
        lexicons=_lexicons(directory, topics),
    )


def _load_names(path: Path) -> tuple[Name, ...]:
    """The parity names, or none when the file is absent (a scratch or test directory)."""
    if not path.is_file():
        return ()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{NAMES_FILE}: {error}") from error
    if not isinstance(data, list) or not all(isinstance(e, dict) and e.get("name") for e in data):
        raise ContentError(f"{NAMES_FILE}: must be a list of {{name: ..., also: [...]}}")
    return tuple(Name(str(e["name"]), tuple(str(s) for s in e.get("also") or ())) for e in data)


def _lexicons(directory: Path, topics: dict[str, Topic]) -> dict[str, Lexicon]:
    """The lexicon files, each topic they name checked against the topic files."""
    try:
        lexicons = content_lexicon.load_all(directory, LANGUAGES)
    except content_lexicon.LexiconError as error:
        raise ContentError(str(error)) from error
    unknown = content_lexicon.unknown_topics(lexicons, set(topics))
    refused = [
        f"{t.id}: when_refused '{t.when_refused}'"
        for t in topics.values()
        if t.when_refused and t.when_refused not in topics
    ] + [
        f"{t.id}: outranks '{other}'"
        for t in topics.values()
        for other in t.outranks
        if other not in topics
    ]
    if unknown or refused:
        raise ContentError("unknown topics: " + "; ".join(unknown + refused))
    return lexicons


def _parse_topic(path: Path) -> Topic:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{path.name}: {error}") from error
    if not isinstance(data, dict) or data.get("id") != path.stem:
        raise ContentError(f"{path.name}: 'id' must equal the file name")
    if data.get("kind") not in KINDS:
        raise ContentError(f"{path.name}: 'kind' must be one of {KINDS}")
    messages = data.get("messages") or {}
    if ANSWER not in messages:
        raise ContentError(f"{path.name}: every topic needs messages.answer")
    return Topic(
        id=data["id"],
        kind=data["kind"],
        verified_on=str(data.get("verified_on") or ""),
        sources=tuple(data.get("sources") or ()),
        keywords=_word_lists(path, data.get("keywords")),
        messages={name: _texts(path, name, langs) for name, langs in messages.items()},
        menu=data.get("menu"),
        select=_word_lists(path, data.get("select")),
        confirm=_word_lists(path, data.get("confirm")),
        action=bool(data.get("action", False)),
        note=bool(data.get("note", False)),
        when_refused=str(data.get("when_refused") or ""),
        outranks=tuple(str(topic) for topic in data.get("outranks") or ()),
        path=path,
    )


def _word_lists(path: Path, raw: object) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or any(lang not in LANGUAGES for lang in raw):
        raise ContentError(f"{path.name}: keywords must map language codes to lists")
    return {lang: tuple(str(word) for word in words or ()) for lang, words in raw.items()}


def _texts(path: Path, name: str, raw: object) -> dict[str, Text]:
    if not isinstance(raw, dict):
        raise ContentError(f"{path.name}: messages.{name} must map languages to texts")
    texts = {}
    for lang, entry in raw.items():
        if lang not in LANGUAGES or not isinstance(entry, dict) or not entry.get("sms"):
            raise ContentError(f"{path.name}: messages.{name}.{lang} needs an 'sms' text")
        texts[lang] = Text(
            sms=str(entry["sms"]).strip(),
            whatsapp=str(entry.get("whatsapp") or "").strip(),
            reviewed=bool(entry.get("reviewed", False)),
            machine=bool(entry.get("machine", False)),
        )
    return texts


def all_words(topic: Topic) -> Iterator[tuple[str, str]]:
    """Every (language, word) that points at this topic: keywords and language-select words."""
    for table in (topic.keywords, topic.select):
        for lang, words in table.items():
            for word in words:
                yield lang, word


def keyword_collisions(topics: Iterable[Topic]) -> list[str]:
    """Normalised keywords claimed by more than one topic, described for a coordinator."""
    owner: dict[str, str] = {}
    collisions = []
    for topic in topics:
        for _, word in all_words(topic):
            norm = normalize(word)
            other = owner.setdefault(norm, topic.id)
            if other != topic.id:
                collisions.append(f"'{norm}' in {other} and {topic.id}")
    return collisions


def export_json(content: Content) -> dict:
    """The export format: keywords and the exact SMS/WhatsApp answer per topic and language."""
    return {
        "topics": [
            {
                "id": topic.id,
                "keywords": {lang: list(words) for lang, words in topic.keywords.items()},
                "answers": {
                    lang: {
                        "sms": content.render(topic.id, ANSWER, lang, "sms"),
                        "whatsapp": content.render(topic.id, ANSWER, lang, "whatsapp"),
                    }
                    for lang in LANGUAGES
                },
            }
            for topic in content.topics.values()
        ]
    }
