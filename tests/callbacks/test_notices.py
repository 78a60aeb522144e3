"""Every callback text fits in 3 SMS segments once filled in, in every language."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import get_day_names

from hotline import languages
from hotline.callbacks import notices as callback_notices
from hotline.languages import LANGUAGES
from hotline.text import sms

TOPICS = ("rappel", "annuler")
WORST_FIELDS = {
    "ref": "R-WWWW",
    "position": 999,
    "phone": "0456 64 40 36",
    "lang": "FA",
    "topic": "juridique",
    "time": "09:00",
    # a staff digest (hotline/callbacks/staff_alerts.py) listing as many refs as it can
    "count": 999,
    "urgent": 999,
    "refs": " ".join(["R-WWWW"] * callback_notices.DIGEST_REFS) + " ...",
}


def longest_day(language: str) -> str:
    locale = languages.babel_locale(language)
    return max(get_day_names("wide", locale=locale).values(), key=len)


@pytest.mark.parametrize("language", LANGUAGES)
def test_filled_in_texts_fit_in_three_segments(content, language):
    when = max(
        (
            content.render("rappel", "when_open", language, "sms"),
            content.render(
                "rappel", "when_closed", language, "sms", day=longest_day(language), time="09:00"
            ),
        ),
        key=len,
    )
    for topic in TOPICS:
        for message in content.topic(topic).messages:
            fields = {**WORST_FIELDS, "day": longest_day(language), "when": when}
            text = content.render(topic, message, language, "sms", **fields)
            assert "{" not in text, (topic, message)
            assert sms.segment_info(text).segments <= 3, (topic, message, language, text)


def test_when_says_the_reopening_day_in_the_texters_language(services):
    saturday = dt.datetime(2031, 3, 8, 12, 0, tzinfo=dt.UTC)
    expected = {"fr": "lundi 09:00", "nl": "maandag 09:00", "ar": "الاثنين 09:00"}
    for language, words in expected.items():
        assert words in callback_notices.when(services, language, "sms", saturday)
    monday = dt.datetime(2031, 3, 3, 10, 0, tzinfo=dt.UTC)
    assert callback_notices.when(services, "en", "sms", monday) == services.content.render(
        "rappel", "when_open", "en", "sms"
    )
