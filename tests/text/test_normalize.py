"""Normalisation: accents, case, scripts, digits, punctuation and emoji fold away."""

import pytest

from hotline.text.normalization import normalize, words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SANTÉ", "sante"),
        ("Santé!!!", "sante"),
        ("  santé   🙏  ", "sante"),
        ("ARRÊT", "arret"),
        ("Sănătate", "sanatate"),
        ("SAĞLIK", "saglik"),
        ("Shëndet", "shendet"),
        ("Türkçe", "turkce"),
        ("İSTANBUL", "istanbul"),
        ("aide-juridique...", "aide juridique"),
        ("«retour»  volontaire", "retour volontaire"),
        ("صحة", "صحه"),
        ("صـــحه", "صحه"),
        ("مُستشفى", "مستشفي"),
        ("إلغاء", "الغاء"),
        ("آمنة", "امنه"),
        ("أهلا", "اهلا"),
        ("دری", "دري"),
        ("کمک", "كمك"),
        ("می\u200cخواهم", "ميخواهم"),
        ("٣", "3"),
        ("۳", "3"),
        ("٠٤٧٠", "0470"),
        ("", ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_words_split_on_punctuation():
    assert words("RAPPEL logement, j'ai une lettre") == [
        "rappel",
        "logement",
        "j",
        "ai",
        "une",
        "lettre",
    ]
