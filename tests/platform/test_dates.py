"""Dates in the texter's language and script, and coordinators' local times across DST."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.platform import dates

TZ = "Europe/Brussels"
ATELIER_2 = dt.datetime(2026, 4, 10, 15, 0, tzinfo=dt.UTC)  # 17:00 in Brussels (CEST)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "vendredi 10 avril, 17:00"),
        ("nl", "vrijdag 10 april, 17:00"),
        ("en", "Friday, April 10, 17:00"),
        ("es", "viernes, 10 de abril, 17:00"),
        ("ar", "الجمعة، 10 أبريل، 17:00"),
        ("fa", "جمعه ۱۰ اپریل، ۱۷:۰۰"),
    ],
)
def test_format_when_reads_in_the_texters_language_and_script(language, expected):
    assert dates.format_when(ATELIER_2, language, TZ) == expected


def test_format_when_gives_every_hotline_language_a_date_without_the_year():
    for language in ("fr", "nl", "en", "ar", "es", "ro", "tr", "sq", "fa"):
        shown = dates.format_when(ATELIER_2, language, TZ)
        assert "2026" not in shown and "۲۰۲۶" not in shown


def test_native_digits_follow_the_locales_numbering_system():
    assert dates.native_digits("10:05", "fa") == "۱۰:۰۵"
    assert dates.native_digits("10:05", "ar") == "10:05"  # CLDR's Arabic writes Latin digits
    assert dates.native_digits("10:05", "fr") == "10:05"


def test_format_when_uses_winter_time_after_the_october_change():
    before = dates.parse_local("2026-10-24 17:00", TZ)
    after = dates.parse_local("2026-10-26 17:00", TZ)
    elapsed = after.astimezone(dt.UTC) - before.astimezone(dt.UTC)
    assert elapsed == dt.timedelta(days=2, hours=1)  # the night of the change lasts 25 hours
    assert dates.format_when(after, "fr", TZ) == "lundi 26 octobre, 17:00"


def test_parse_local_refuses_the_hour_skipped_in_march():
    with pytest.raises(ValueError, match="clocks go forward"):
        dates.parse_local("2026-03-29 02:30", TZ)


def test_show_local_gives_coordinators_brussels_wall_clock_time():
    assert dates.show_local(ATELIER_2, TZ) == "2026-04-10 17:00"
