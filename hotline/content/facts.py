"""Find the facts in an answer that must be exact: phone numbers, e-mails, web and street addresses.

A wrong digit sends a frightened person to a stranger's phone, so these spans are treated apart:
machine translation must not touch them (`content_translate` swaps them for tokens), and every one
of them must come from a source document in `../shared/seeds/` (`unsourced_facts`, used by
`content check` and the tests). Phone numbers are compared by their digits in national form, so
"+32 2 225 43 00", "02/225.43.00" and "02 225 43 00" are the same number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PHONE = "phone"
EMAIL = "email"
URL = "url"
ADDRESS = "address"
PLACEHOLDER = "placeholder"

MIN_PHONE_DIGITS = 8  # Belgian numbers have 9 (fixed) or 10 (mobile) digits in national form
BELGIUM = "32"

_PATTERNS = {
    PLACEHOLDER: re.compile(r"\{[^{}\s]*\}"),
    EMAIL: re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    URL: re.compile(r"(?:https?://|www\.)[^\s,;)<>\"]+[^\s,;)<>\".:!?]"),
    ADDRESS: re.compile(
        r"\b(?:Rue|RUE|Avenue|Boulevard|Chauss[ée]e|Place|Quai|Square|Dr[èe]ve|Impasse"
        r"|[A-Z][\w-]*(?:straat|laan|steenweg|plein|kaai))"
        r"(?: (?!\d)[\w'’-]+){0,5}? \d+[a-zA-Z]?(?:[/-]\d+)?"
        r"(?:,? (?:B-)?\d{4} [A-Z][\w-]+)?"
    ),
    PHONE: re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d ./()\-]{5,}\d(?!\w)"),
}

_SEED_PHONE = re.compile(r"(?:\+|00)?\(?\d[\d ./()\-]{5,}\d")


@dataclass(frozen=True)
class Fact:
    """One exact-fact span of a text."""

    kind: str
    text: str
    start: int
    end: int


def find(text: str, kinds: Iterable[str] = tuple(_PATTERNS)) -> list[Fact]:
    """The fact spans of `text`, in order, without overlaps (earliest, then longest, wins)."""
    found = [
        Fact(kind, m.group(0), m.start(), m.end())
        for kind in kinds
        for m in _PATTERNS[kind].finditer(text)
        if kind != PHONE or len(_digits(m.group(0))) >= MIN_PHONE_DIGITS
    ]
    chosen: list[Fact] = []
    for fact in sorted(found, key=lambda f: (f.start, -f.end)):
        if not chosen or fact.start >= chosen[-1].end:
            chosen.append(fact)
    return chosen


def _digits(text: str) -> str:
    """ASCII digits of a text (Arabic-Indic and Persian digits included)."""
    return "".join(
        str(unicodedata.digit(ch)) for ch in text if unicodedata.digit(ch, None) is not None
    )


def phone_key(number: str) -> str:
    """A phone number in national digits: +32 (0)2 225 43 00 -> 022254300."""
    digits = _digits(number)
    stripped = number.lstrip()
    if stripped.startswith("+") or stripped.startswith("00"):
        digits = digits[2:] if stripped.startswith("+") else digits[4:]
        digits = digits[2:] if digits.startswith(BELGIUM) else digits
        digits = digits[1:] if digits.startswith("0") else digits  # the (0) of +32 (0)2
        return "0" + digits
    return digits


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: how addresses are compared with the seeds."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(bare.replace("’", "'").split())


@dataclass(frozen=True)
class SeedFacts:
    """What the source documents say, indexed for comparison."""

    phones: frozenset[str]
    text: str  # all seeds, plain
    compact: str  # all seeds, plain and without any whitespace (e-mails broken across lines)


def load_seeds(seeds_dir: Path) -> SeedFacts:
    """Index every seed document's phone numbers and text."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(seeds_dir).glob("*.txt"))]
    joined = "\n".join(texts)
    # seeds are OCR-like text where a number may be glued to a word ("CONTACT085 21 34 81")
    phones = frozenset(
        phone_key(m.group(0))
        for m in _SEED_PHONE.finditer(joined)
        if len(_digits(m.group(0))) >= MIN_PHONE_DIGITS
    )
    plain = _plain(joined)
    return SeedFacts(phones=phones, text=plain, compact="".join(plain.split()))


def is_sourced(fact: Fact, seeds: SeedFacts) -> bool:
    """True when the seeds contain this fact (placeholders are not facts)."""
    if fact.kind == PLACEHOLDER:
        return True
    if fact.kind == PHONE:
        return phone_key(fact.text) in seeds.phones
    if fact.kind in (EMAIL, URL):
        return "".join(_plain(fact.text).split()) in seeds.compact
    return _address_sourced(fact.text, seeds)


def _address_sourced(address: str, seeds: SeedFacts) -> bool:
    """The street with its number must be in a seed (either order), and so must the postcode."""
    plain = _plain(address)
    town = re.search(r"(?:b-)?(\d{4} [a-z][\w-]*)$", plain)
    street = plain[: town.start()].rstrip(" ,") if town else plain
    # ADDRESS found it as words then a number, so the street always splits in two
    name, number = re.fullmatch(r"(.*?) (\d+[a-z]?(?:[/-]\d+)?)", street).groups()  # type: ignore[union-attr]
    first = number.split("/")[0].split("-")[0]
    found = re.search(
        rf"{re.escape(name)},? {re.escape(number)}\b|\b{first}\b[\d/ -]{{0,6}}{re.escape(name)}",
        seeds.text,
    )
    # the town's name is translated (Bruxelles, Brussel, Bruselas…): its postcode must match
    postcode = town.group(1)[:4] if town else ""
    return bool(found) and (
        not postcode or re.search(rf"\b{postcode} [a-z]", seeds.text) is not None
    )


def unsourced_facts(text: str, seeds: SeedFacts) -> list[Fact]:
    """The phone numbers, e-mails, web and street addresses of `text` that no seed contains."""
    return [fact for fact in find(text) if not is_sourced(fact, seeds)]


def fact_key(fact: Fact) -> str:
    """What makes two spellings of one fact the same, for the parity check across languages.

    Phone numbers compare by national digits, e-mails and web addresses without case or scheme,
    street addresses by street and number (the town's name is translated: "1000 Bruselas").
    """
    if fact.kind == PHONE:
        return phone_key(fact.text)
    if fact.kind == URL:
        return re.sub(r"^(?:https?://)?(?:www\.)?", "", fact.text.lower()).rstrip("/")
    if fact.kind == ADDRESS:
        plain = _plain(fact.text)
        return re.sub(r",? (?:b-)?\d{4} [a-z][\w-]*$", "", plain)
    return fact.text.lower()
