"""`hotline content check`: what a coordinator must fix (errors) or review (warnings).

Errors make the command exit non-zero: a missing translation, a missing or unknown source, a
missing `verified_on`, a placeholder set that differs from French, an SMS over three segments,
a phone number, e-mail, web or street address that no seed document contains, a fact or name of
the French SMS that another language drops (`content_parity`), and a language that cannot do
what texters need (`content_rules`: keywords, LANGUE and OUBLIER words, menu numbers and room,
continuation prompts).
Warnings are shown but pass: stale facts (checked more than 12 months ago), unreviewed text and
machine-translation drafts. The report also lists each answer's segments and encoding, with the
characters that force UCS-2, so writers can keep French and Dutch in GSM-7.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hotline.content import facts as content_facts
from hotline.content import parity as content_parity
from hotline.content import rules as content_rules
from hotline.content.model import ANSWER, MAX_SEGMENTS, VERIFIED_ON, Content, Topic
from hotline.languages import LANGUAGES, REFERENCE_LANGUAGE
from hotline.text import sms

ERROR = "error"
WARNING = "warning"
STALE_AFTER_MONTHS = 12


@dataclass(frozen=True)
class Finding:
    """One problem in the content, located by topic, message and language."""

    level: str
    topic: str
    detail: str
    message: str = ""
    language: str = ""

    def __str__(self) -> str:
        where = ".".join(p for p in (self.topic, self.message, self.language) if p)
        return f"{self.level.upper():7} {where}: {self.detail}"


@dataclass(frozen=True)
class SegmentRow:
    """The SMS shape of one message in one language, for the report."""

    topic: str
    message: str
    language: str
    info: sms.SegmentInfo


def check(content: Content, seeds_dir: Path, today: dt.date | None = None) -> list[Finding]:
    """Every finding about the content, errors first."""
    today = today or dt.date.today()
    seeds = content_facts.load_seeds(seeds_dir)
    findings: list[Finding] = []
    for topic in content.topics.values():
        findings += _check_metadata(topic, seeds_dir, today)
        findings += list(_check_messages(content, topic))
        findings += list(_check_facts(topic, seeds))
        findings += list(_check_parity(topic, content))
    findings += [Finding(ERROR, *where) for where in _rules(content)]
    return sorted(findings, key=lambda f: (f.level != ERROR, f.topic, f.message, f.language))


def _check_metadata(topic: Topic, seeds_dir: Path, today: dt.date) -> list[Finding]:
    found = []
    if not topic.sources:
        found.append(Finding(ERROR, topic.id, "no sources"))
    for source in topic.sources:
        if not (Path(seeds_dir) / source).is_file():
            found.append(Finding(ERROR, topic.id, f"source {source} is not in {seeds_dir}"))
    if not VERIFIED_ON.match(topic.verified_on):
        found.append(Finding(ERROR, topic.id, "verified_on missing or not YYYY-MM[-DD]"))
    elif _months_between(topic.verified_on, today) > STALE_AFTER_MONTHS:
        found.append(Finding(WARNING, topic.id, f"stale: facts verified on {topic.verified_on}"))
    return found


def _months_between(verified_on: str, today: dt.date) -> int:
    year, month = int(verified_on[:4]), int(verified_on[5:7])
    return (today.year - year) * 12 + today.month - month


def _check_messages(content: Content, topic: Topic) -> Iterator[Finding]:
    for name, by_language in topic.messages.items():
        if REFERENCE_LANGUAGE not in by_language:
            yield Finding(ERROR, topic.id, "no French reference text", name)
            continue
        expected = topic.placeholders(name, REFERENCE_LANGUAGE)
        for lang in LANGUAGES:
            if lang not in by_language:
                yield Finding(ERROR, topic.id, "missing translation", name, lang)
                continue
            yield from _check_text(content, topic, name, lang, expected)


def _check_text(
    content: Content, topic: Topic, name: str, lang: str, expected: set[str]
) -> Iterator[Finding]:
    text = topic.messages[name][lang]
    found = topic.placeholders(name, lang)
    if found != expected:
        detail = f"placeholders {sorted(found)} differ from French {sorted(expected)}"
        yield Finding(ERROR, topic.id, detail, name, lang)
    segments = sms.segment_info(sms.render_sms(text.sms)).segments
    if segments > MAX_SEGMENTS:
        yield Finding(ERROR, topic.id, f"SMS is {segments} segments (max 3)", name, lang)
    if text.machine:
        yield Finding(WARNING, topic.id, "machine-translation draft", name, lang)
    elif not text.reviewed:
        yield Finding(WARNING, topic.id, "not reviewed", name, lang)


def _check_facts(topic: Topic, seeds: content_facts.SeedFacts) -> Iterator[Finding]:
    """Every phone number, e-mail, web or street address must come from a seed document."""
    for name, by_language in topic.messages.items():
        for lang, text in by_language.items():
            for fact in content_facts.unsourced_facts(f"{text.sms}\n{text.whatsapp}", seeds):
                detail = f"unsourced {fact.kind} {fact.text!r}: not in any seed document"
                yield Finding(ERROR, topic.id, detail, name, lang)


def _check_parity(topic: Topic, content: Content) -> Iterator[Finding]:
    """Every fact and name of the French SMS (or its continuation) is in every language's."""
    for gap in content_parity.gaps(topic, content.names):
        where = "SMS or continuation" if gap.message == ANSWER else "SMS"
        detail = f"drops {gap.kind} {gap.text!r} that the French {where} gives"
        yield Finding(ERROR, topic.id, detail, gap.message, gap.language)
    for gap in content_parity.whatsapp_gaps(topic, content.names):
        detail = f"WhatsApp answer lacks {gap.kind} {gap.text!r} that its SMS or continuation gives"
        yield Finding(ERROR, topic.id, detail, gap.message, gap.language)


def _rules(content: Content) -> Iterator[tuple[str, str, str, str]]:
    """(topic, detail, message, language) of every broken language rule, in Finding's order."""
    for topic_id, message, language, detail in content_rules.problems(content):
        yield topic_id, detail, message, language


def segment_rows(content: Content) -> list[SegmentRow]:
    """Segments and encoding of every SMS text as it is really sent."""
    return [
        SegmentRow(topic.id, name, lang, sms.segment_info(sms.render_sms(text.sms)))
        for topic in content.topics.values()
        for name, by_language in topic.messages.items()
        for lang, text in sorted(by_language.items(), key=lambda i: LANGUAGES.index(i[0]))
    ]
