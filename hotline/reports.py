"""Figures for coordinators and funders: messages answered per week, by topic and language.

The engine calls `count_answer` once per reply; counters live in one Redis hash per ISO week
(field "topic|language"), kept for two years. Nothing identifies a texter: only the topic, the
language and the week. Unknown texts are counted by the engine itself (`store.unknown_texts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import redis

from hotline import store

WEEK_TTL = 2 * 365 * store.DAY
NO_TOPIC = "-"


def week_of(moment: dt.datetime) -> str:
    """The ISO week label of a moment (taken in UTC), e.g. "2026-W48"."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def count_answer(r: redis.Redis, topic: str, language: str, now: dt.datetime) -> None:
    """Count one answered message under its week, topic and language."""
    key = store.weekly_messages(week_of(now))
    pipe = r.pipeline(transaction=False)
    pipe.hincrby(key, f"{topic or NO_TOPIC}|{language or NO_TOPIC}", 1)
    pipe.expire(key, WEEK_TTL)
    pipe.execute()


@dataclass(frozen=True)
class WeekRow:
    """Messages answered in one week for one topic and language."""

    week: str
    topic: str
    language: str
    count: int


def weekly(r: redis.Redis, weeks: int, now: dt.datetime) -> list[WeekRow]:
    """The last `weeks` weeks (oldest first), one row per topic and language seen."""
    rows = []
    for label in recent_weeks(weeks, now):
        for field, count in sorted(r.hgetall(store.weekly_messages(label)).items()):
            topic, _, language = field.partition("|")
            rows.append(WeekRow(label, topic, language, int(count)))
    return rows


def recent_weeks(weeks: int, now: dt.datetime) -> list[str]:
    """Labels of the last `weeks` ISO weeks, oldest first, ending with this one."""
    return [week_of(now - dt.timedelta(weeks=back)) for back in range(weeks - 1, -1, -1)]


def unknown_texts(r: redis.Redis, limit: int = 50) -> list[tuple[str, int]]:
    """The normalised texts the content did not answer, most frequent first."""
    ranked = r.zrevrange(store.unknown_texts(), 0, limit - 1, withscores=True)
    return [(text, int(score)) for text, score in ranked]
