"""Rules about what every language must be able to do, for `hotline content check`.

A language the content only half supports fails its texters quietly: a Turkish reader told to
send a word that matches nothing, a Dari texter who cannot confirm an erasure or stop messages,
an answer promising "SANTE 2" that gives nothing. These rules make such gaps errors:

- every topic that texters reach by keyword (every info topic, every topic with keywords in some
  language, and LANGUE, OUBLIER, STOP and START) has keywords in every language;
- LANGUE has a word that selects each language, OUBLIER a confirmation word in each language;
- no two topics share a menu number, and the main menu leaves room for more lines;
- an info topic with a continuation (`more`) says in each language's SMS how to get it, with a
  keyword of that language followed by 2 ("Plus : envoyez SANTE 2"); no SMS promises a
  continuation that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hotline.content.model import (
    ANSWER,
    CONTINUATION,
    CONTINUATION_NUMBER,
    MAX_SEGMENTS,
    Content,
    Topic,
)
from hotline.languages import LANGUAGES
from hotline.text import normalize, sms

# Topics whose words every language needs, whatever the French has.
REQUIRED_KEYWORDS = ("langue", "oublier", "stop", "start")
LANGUAGE_TOPIC = "langue"
ERASURE_TOPIC = "oublier"
MENU_TOPIC = "menu"
MENU_ROOM = 30  # characters the main menu must leave free in 3 segments (two more short lines)


def problems(content: Content) -> Iterator[tuple[str, str, str, str]]:
    """(topic, message, language, detail) for every rule broken."""
    for topic in content.topics.values():
        yield from _keywords(topic)
        yield from _continuation(topic)
    yield from _word_table(content, LANGUAGE_TOPIC, "select", "no word selects this language")
    yield from _word_table(content, ERASURE_TOPIC, "confirm", "no confirmation word")
    yield from _menu_numbers(content)
    yield from _menu_room(content)


def _keywords(topic: Topic) -> Iterator[tuple[str, str, str, str]]:
    reached = topic.kind == "info" or topic.keywords or topic.id in REQUIRED_KEYWORDS
    if not reached:
        return
    for lang in LANGUAGES:
        if not any(normalize(word) for word in topic.keywords.get(lang, ())):
            yield topic.id, "", lang, "no keywords in this language"


def _word_table(
    content: Content, topic_id: str, table: str, detail: str
) -> Iterator[tuple[str, str, str, str]]:
    topic = content.topics.get(topic_id)
    if topic is None:
        return  # a partial content directory (a test, a scratch copy): nothing to compare
    words = getattr(topic, table)
    for lang in LANGUAGES:
        if not any(normalize(word) for word in words.get(lang, ())):
            yield topic_id, "", lang, f"{detail} ({table})"


def _menu_numbers(content: Content) -> Iterator[tuple[str, str, str, str]]:
    owners: dict[int, str] = {}
    for topic in content.topics.values():
        if topic.menu is None:
            continue
        other = owners.setdefault(topic.menu, topic.id)
        if other != topic.id:
            yield topic.id, "", "", f"menu number {topic.menu} is also {other}'s"


def _menu_room(content: Content) -> Iterator[tuple[str, str, str, str]]:
    topic = content.topics.get(MENU_TOPIC)
    for lang, text in (topic.messages.get(ANSWER, {}) if topic else {}).items():
        rendered = sms.render_sms(text.sms)
        roomier = sms.segment_info(rendered + "\n" + "." * (MENU_ROOM - 1))
        if roomier.segments > MAX_SEGMENTS:
            detail = f"the main menu leaves less than {MENU_ROOM} characters free in 3 segments"
            yield MENU_TOPIC, ANSWER, lang, detail


def _continuation(topic: Topic) -> Iterator[tuple[str, str, str, str]]:
    has_more = topic.kind == "info" and CONTINUATION in topic.messages
    for lang, text in topic.messages.get(ANSWER, {}).items():
        prompted = _prompts_continuation(text.sms, topic.keywords.get(lang, ()))
        if has_more and not prompted:
            detail = f"has a continuation but the SMS does not say '<{lang} keyword> 2'"
            yield topic.id, ANSWER, lang, detail
        elif prompted and not has_more:
            yield topic.id, ANSWER, lang, "the SMS offers '... 2' but there is no `more` message"


def _prompts_continuation(text: str, keywords: tuple[str, ...]) -> bool:
    """True when the text names one of `keywords` followed by 2 ("envoyez SANTE 2")."""
    plain = f" {normalize(text)} "
    return any(
        re.search(rf"(?<!\S){re.escape(normalize(word))} {CONTINUATION_NUMBER}(?!\S)", plain)
        for word in keywords
        if normalize(word)
    )
