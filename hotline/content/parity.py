"""Parity across languages: no translation may drop a fact or a name the French SMS gives.

An SMS in Arabic or Dari holds 201 characters in 3 segments against 459 in French, so a
translator shortening it drops something, and too often the key fact: the phone number, the
service's name the texter must ask for ("aide médicale urgente"), the organisation to go to.
`hotline content check` therefore compares every language's SMS with the French one: every phone
number, e-mail, web and street address (`content_facts`), and every organisation or named service
of `content/parity/names.yaml`, that the French gives must appear in that language too. For an
info topic the answer and its continuation (`more`, sent for "SANTE 2") count as one text: a fact
may move to the continuation, never disappear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hotline.content import facts as content_facts
from hotline.content.model import ANSWER, CONTINUATION, Name, Topic
from hotline.languages import LANGUAGES, REFERENCE_LANGUAGE
from hotline.text import normalize

_FACT_KINDS = (content_facts.PHONE, content_facts.EMAIL, content_facts.URL, content_facts.ADDRESS)


@dataclass(frozen=True)
class Gap:
    """One fact or name the French SMS gives and one language's SMS lacks."""

    message: str
    language: str
    kind: str  # phone, email, url, address or name
    text: str  # as the French writes it


def units(topic: Topic) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The messages compared as one text: an info topic's answer with its continuation."""
    joined = topic.kind == "info" and CONTINUATION in topic.messages
    for name in topic.messages:
        if joined and name == CONTINUATION:
            continue
        yield name, (name, CONTINUATION) if joined and name == ANSWER else (name,)


def sms_of(topic: Topic, messages: tuple[str, ...], language: str) -> str:
    """The SMS texts of `messages` in one language, joined (missing ones count as empty)."""
    texts = (topic.messages[m].get(language) for m in messages)
    return "\n".join(text.sms for text in texts if text)


def gaps(topic: Topic, names: tuple[Name, ...]) -> list[Gap]:
    """Every fact or name of a French SMS that another language's SMS does not give."""
    found = []
    for message, parts in units(topic):
        if REFERENCE_LANGUAGE not in topic.messages[message]:
            continue  # reported as "no French reference text"
        wanted = _inventory(sms_of(topic, parts, REFERENCE_LANGUAGE), names)
        for language in LANGUAGES:
            if language == REFERENCE_LANGUAGE or language not in topic.messages[message]:
                continue
            have = set(_inventory(sms_of(topic, parts, language), names))
            found += [Gap(message, language, *wanted[key]) for key in wanted if key not in have]
    return found


def _inventory(text: str, names: tuple[Name, ...]) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, comparison key) -> (kind, text as written) for the facts and names of a text."""
    found = {
        (fact.kind, content_facts.fact_key(fact)): (fact.kind, fact.text)
        for fact in content_facts.find(text, _FACT_KINDS)
    }
    plain = normalize(text)
    for name in names:
        if any(_contains(plain, normalize(spelling)) for spelling in name.spellings):
            found[("name", name.name)] = ("name", name.name)
    return found


def _contains(plain: str, needle: str) -> bool:
    """`needle` in `plain` as whole Latin words; Arabic script may cling ("وMyria", "بـCPAS")."""
    if not needle:
        return False
    return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", plain) is not None


def whatsapp_gaps(topic: Topic, names: tuple[Name, ...]) -> list[Gap]:
    """Facts of a language's SMS answer and continuation missing from its WhatsApp answer.

    WhatsApp texters get the whole WhatsApp answer, also for "SANTE 2", so it must hold
    everything the two SMS parts give in that language.
    """
    if topic.kind != "info" or CONTINUATION not in topic.messages:
        return []
    found = []
    for language, text in topic.messages[ANSWER].items():
        if not text.whatsapp:
            continue  # WhatsApp gets the SMS texts themselves
        wanted = _inventory(sms_of(topic, (ANSWER, CONTINUATION), language), names)
        have = set(_inventory(text.whatsapp, names))
        found += [Gap(ANSWER, language, *wanted[key]) for key in wanted if key not in have]
    return found
