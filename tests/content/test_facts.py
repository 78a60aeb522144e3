"""Tests for hotline.content_facts: finding exact facts and comparing them with the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline.content import facts as content_facts
from hotline.content.facts import ADDRESS, EMAIL, PHONE, PLACEHOLDER, URL

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> content_facts.SeedFacts:
    return content_facts.load_seeds(SEEDS)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in content_facts.find(text)]


def test_finds_each_kind_of_fact():
    text = (
        "SOLEA: 0456 64 40 36, soleaasbl@outlook.com, Rue des Foulons 47, 1000 Bruxelles. "
        "Réf {ref}. https://www.asbl-solidarite-est-afrique-solea.com/"
    )
    assert kinds(text) == [
        (PHONE, "0456 64 40 36"),
        (EMAIL, "soleaasbl@outlook.com"),
        (ADDRESS, "Rue des Foulons 47, 1000 Bruxelles"),
        (PLACEHOLDER, "{ref}"),
        (URL, "https://www.asbl-solidarite-est-afrique-solea.com/"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1 Santé\n2 CPAS\n10 Contact",
        "17h00 - 19h00",
        "de 6 à 18 ans",
        "10 avril 2026",
        "une place dans un de nos 3 centres",
        "1000 places",
    ],
)
def test_ordinary_numbers_are_not_facts(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("0456 64 40 36", "0456644036"),
        ("+32456644036", "0456644036"),
        ("+32 (0) 2 225 43 00", "022254300"),
        ("0032 2 738 08 18", "027380818"),
        ("02/503.43.46", "025034346"),
        ("٠٤٥٦ ٦٤ ٤٠ ٣٦", "0456644036"),
    ],
)
def test_phone_numbers_compare_in_national_digits(number, key):
    assert content_facts.phone_key(number) == key


def test_seed_numbers_are_sourced_in_any_format(seeds):
    for text in ("+32 456 64 40 36", "02 225 43 00", "085 21 34 81", "02 503 43 46"):
        assert content_facts.unsourced_facts(text, seeds) == [], text


def test_invented_facts_are_unsourced(seeds):
    found = content_facts.unsourced_facts(
        "Bel 02 123 45 67 of mail hulp@example.org, Rue de la Loi 16, 1000 Bruxelles", seeds
    )
    assert [(f.kind, f.text) for f in found] == [
        (PHONE, "02 123 45 67"),
        (EMAIL, "hulp@example.org"),
        (ADDRESS, "Rue de la Loi 16, 1000 Bruxelles"),
    ]


def test_addresses_match_with_translated_town_or_number_first(seeds):
    for text in ("Rue des Foulons 47, 1000 Brussel", "RUE DES FOULONS 47", "Rue de Parme 26/28"):
        assert content_facts.unsourced_facts(text, seeds) == [], text
    assert content_facts.unsourced_facts("Rue des Foulons 48", seeds) != []


def test_emails_broken_across_lines_in_the_seeds_still_match(seeds):
    assert content_facts.unsourced_facts("therapeutemaltier@gmail.com", seeds) == []
