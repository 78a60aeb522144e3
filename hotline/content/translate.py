"""Machine-translation drafts for missing answers (`hotline content translate`).

A draft lets a translator correct rather than start from nothing, and lets a new language go live
with a warning rather than a French fallback. Drafts come from the French text through
googletrans-py and are written `machine: true, reviewed: false`, so `content check` keeps
warning until a person has read them.

What must not be translated is protected: placeholders (`{ref}`), phone numbers, e-mail and web
addresses and street addresses are swapped for opaque tokens before translation and restored
after. If a token does not come back exactly once, the draft could carry a wrong number, so that
topic gets nothing. Any failure (network, protection, a draft over three SMS segments) is reported
per topic and leaves that topic's file untouched; the other topics are still drafted.
"""

from __future__ import annotations

import copy
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from hotline import languages
from hotline.content import facts as content_facts
from hotline.content import files as content_files
from hotline.content import model as store
from hotline.text import sms

SOURCE = languages.REFERENCE_LANGUAGE
FIELDS = ("sms", "whatsapp")
REQUEST_TIMEOUT_SECONDS = 15.0


class Translator(Protocol):
    """What we use of googletrans.Translator: `translate(...)` returning an object with .text."""

    def translate(self, text: str, dest: str = ..., src: str = ...) -> object:
        """Translate `text` from `src` into `dest`."""


class DraftError(RuntimeError):
    """A draft that must not be written (protected text lost, too long, placeholders changed)."""


def default_translator() -> Translator:
    """googletrans-py's client over HTTP/1.1, raising on HTTP errors instead of echoing input."""
    import googletrans
    import httpx

    return googletrans.Translator(
        http2=False, raise_exception=True, timeout=httpx.Timeout(REQUEST_TIMEOUT_SECONDS)
    )


def token(index: int) -> str:
    """An opaque stand-in: capital letters only, which translation engines leave alone."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return f"ZQX{letters}QZ"


def protect(text: str) -> tuple[str, dict[str, str]]:
    """The text with every protected span replaced by a token, and the token -> span map."""
    spans: dict[str, str] = {}
    pieces, position = [], 0
    for fact in content_facts.find(text):
        stand_in = token(len(spans))
        spans[stand_in] = fact.text
        pieces += [text[position : fact.start], stand_in]
        position = fact.end
    return "".join(pieces) + text[position:], spans


def restore(text: str, spans: dict[str, str]) -> str:
    """Put the protected spans back; every token must come back exactly once."""
    for stand_in, original in spans.items():
        count = text.count(stand_in)
        if count != 1:
            raise DraftError(f"protected text {original!r} came back {count} times")
        text = text.replace(stand_in, original)
    return text


def translate_text(translator: Translator, text: str, language: str) -> str:
    """One French text in `language`, with its protected spans intact."""
    shielded, spans = protect(text)
    dest = languages.get(language).translation_code
    result = translator.translate(shielded, dest=dest, src=SOURCE)
    translated = str(getattr(result, "text", "") or "").strip()
    if not translated:
        raise DraftError("the translator returned an empty text")
    return restore(translated, spans)


@dataclass
class TranslationRun:
    """Which messages got drafts, which topics failed and why, and the topics to rewrite."""

    changed: dict[str, dict] = field(default_factory=dict)
    drafted: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def draft_missing(
    raw: dict[str, dict], language: str, topics: Iterable[str], translator: Translator
) -> TranslationRun:
    """Drafts for every message of `topics` that has French but no `language` text."""
    run = TranslationRun()
    for topic_id in topics:
        try:
            updated, drafted = _draft_topic(raw[topic_id], language, translator)
        except Exception as error:  # googletrans raises bare Exception on HTTP errors
            run.failures[topic_id] = f"{type(error).__name__}: {error}"
            continue
        if drafted:
            run.changed[topic_id] = updated
            run.drafted += [f"{topic_id}.{message}.{language}" for message in drafted]
    return run


def _draft_topic(data: dict, language: str, translator: Translator) -> tuple[dict, list[str]]:
    updated = copy.deepcopy(data)
    drafted = []
    for message, by_language in (updated.get("messages") or {}).items():
        french = by_language.get(SOURCE)
        if language in by_language or not french:
            continue
        by_language[language] = _draft_entry(french, language, translator, message)
        updated["messages"][message] = content_files.ordered_languages(by_language)
        drafted.append(message)
    return updated, drafted


def _draft_entry(french: dict, language: str, translator: Translator, message: str) -> dict:
    entry: dict[str, object] = {}
    for name in FIELDS:
        text = str(french.get(name) or "").strip()
        if text:
            entry[name] = translate_text(translator, text, language)
    wanted = _placeholders(french)
    if _placeholders(entry) != wanted:
        raise DraftError(f"{message}: placeholders changed in translation")
    segments = sms.segment_info(sms.render_sms(str(entry["sms"]))).segments
    if segments > store.MAX_SEGMENTS:
        raise DraftError(f"{message}: the SMS draft is {segments} segments (max 3)")
    return {**entry, "reviewed": False, "machine": True}


def _placeholders(entry: dict) -> set[str]:
    return set().union(*(store.placeholders(str(entry.get(name) or "")) for name in FIELDS))
