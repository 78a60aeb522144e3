"""Figures for coordinators and funders: messages answered per week, by topic and language.

The engine calls `count_answer` once per reply; counters live in one Redis hash per ISO week
of the hotline's time zone (a Monday starts at midnight in Brussels, not in UTC), field
"topic|language", kept for two years. Nothing identifies a texter: only the topic, the
language and the week. Texts the content could not answer are counted per week too
(`count_unknown`, digits removed) and kept only `UNKNOWN_TEXT_DAYS`: what people write may
still name them or their situation, so the writers' list forgets old texts like everything else.
Callback waiting times are read from the callback records (`hotline.callbacks`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import median

from hotline import callbacks
from hotline.platform import DecodedRedis, Services, dates, store

WEEK_TTL = 2 * 365 * store.DAY
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NO_TOPIC = "-"
MAX_CALLBACKS = 100_000
UNKNOWN_TEXT_DAYS = 90  # unknown texts are forgotten this long after the week they were sent
_UNKNOWN_WEEKS = UNKNOWN_TEXT_DAYS // 7 + 1  # the weeks a report adds up
_UNKNOWN_TTL = (UNKNOWN_TEXT_DAYS + 7) * store.DAY  # from a week's last write
_UNION_TTL = 60  # seconds the union of the weekly sets is kept for the next report


def week_of(moment: dt.datetime, timezone: str) -> str:
    """The ISO week label of a moment in the hotline's time zone, e.g. "2026-W48"."""
    year, week, _ = dates.to_local(moment, timezone).isocalendar()
    return f"{year}-W{week:02d}"


def count_answer(
    r: DecodedRedis, topic: str, language: str, now: dt.datetime, timezone: str
) -> None:
    """Count one answered message under its week, topic and language.

    Only issues commands: the engine passes its pipeline so this costs no round trip.
    """
    key = store.weekly_messages(week_of(now, timezone))
    r.hincrby(key, f"{topic or NO_TOPIC}|{language or NO_TOPIC}", 1)
    r.expire(key, WEEK_TTL)


@dataclass(frozen=True)
class WeekRow:
    """Messages answered in one week for one topic and language."""

    week: str
    topic: str
    language: str
    count: int


def weekly(r: DecodedRedis, weeks: int, now: dt.datetime, timezone: str) -> list[WeekRow]:
    """The last `weeks` weeks (oldest first), one row per topic and language seen."""
    rows = []
    for label in recent_weeks(weeks, now, timezone):
        for field, count in sorted(r.hgetall(store.weekly_messages(label)).items()):
            topic, _, language = field.partition("|")
            rows.append(WeekRow(label, topic, language, int(count)))
    return rows


def recent_weeks(weeks: int, now: dt.datetime, timezone: str) -> list[str]:
    """Labels of the last `weeks` ISO weeks, oldest first, ending with this one."""
    back = range(weeks - 1, -1, -1)
    return [week_of(now - dt.timedelta(weeks=n), timezone) for n in back]


UNKNOWN = "unknown"  # nothing in the content matched the text
UNSURE = "unsure"  # a topic was answered (or offered), but with low confidence


@dataclass(frozen=True)
class UnknownText:
    """A text the content does not answer yet (or not surely), as writers see it."""

    text: str  # normalised, digits removed
    language: str  # the language it was answered in ("" when not known)
    kind: str  # UNKNOWN or UNSURE
    count: int


def unknown_member(matched_nothing: bool, language: str, text: str) -> str:
    """The sorted-set member one such text is counted under: "kind|language|text"."""
    return f"{UNKNOWN if matched_nothing else UNSURE}|{language}|{text}"


def count_unknown(r: DecodedRedis, member: str, now: dt.datetime, timezone: str) -> None:
    """Count one such text (its `unknown_member`) under its week, which expires on its own.

    Only issues commands: the engine passes its pipeline.
    """
    key = store.unknown_texts_week(week_of(now, timezone))
    r.zincrby(key, 1, member)
    r.expire(key, _UNKNOWN_TTL)


def unknown_texts(
    r: DecodedRedis, now: dt.datetime, timezone: str, limit: int = 50
) -> list[UnknownText]:
    """The texts the content did not (surely) answer in the last UNKNOWN_TEXT_DAYS, most
    frequent first (the set kept before weekly counting is added while it lasts)."""
    weeks = [store.unknown_texts_week(w) for w in recent_weeks(_UNKNOWN_WEEKS, now, timezone)]
    union = store.unknown_texts_recent()
    pipe = r.pipeline()
    pipe.zunionstore(union, [*weeks, store.unknown_texts()])
    pipe.expire(union, _UNION_TTL)
    pipe.zrevrange(union, 0, limit - 1, withscores=True)
    ranked = pipe.execute()[-1]
    return [_unknown_row(member, int(score)) for member, score in ranked]


def _unknown_row(member: str, count: int) -> UnknownText:
    parts = member.split("|", 2)
    if len(parts) != 3 or parts[0] not in (UNKNOWN, UNSURE):
        return UnknownText(member, "", UNKNOWN, count)  # counted before languages were kept
    kind, language, text = parts
    return UnknownText(text, language, kind, count)


@dataclass(frozen=True)
class WaitRow:
    """Callback requests opened in one week and how long people waited for a call."""

    week: str
    requests: int
    done: int
    median_hours: float | None  # from the request to "done", for requests done
    longest_hours: float | None


def callback_waits(services: Services, weeks: int, now: dt.datetime) -> list[WaitRow]:
    """Per ISO week of the request: how many, how many reached, median and longest wait."""
    timezone = services.settings.timezone
    labels = recent_weeks(weeks, now, timezone)
    waits: dict[str, list[float]] = {label: [] for label in labels}
    totals = dict.fromkeys(labels, 0)
    for request in callbacks.list_requests(services, limit=MAX_CALLBACKS):
        label = week_of(dt.datetime.fromtimestamp(request.created_at, dt.UTC), timezone)
        if label not in totals:
            continue
        totals[label] += 1
        if request.status == callbacks.DONE:
            waits[label].append((request.updated_at - request.created_at) / 3600)
    return [_wait_row(label, totals[label], waits[label]) for label in labels]


def _wait_row(label: str, total: int, hours: list[float]) -> WaitRow:
    if not hours:
        return WaitRow(label, total, 0, None, None)
    return WaitRow(label, total, len(hours), round(median(hours), 1), round(max(hours), 1))


@dataclass(frozen=True)
class StaffRow:
    """What one staff member did with the requests of the period."""

    staff: str
    handled: int  # requests they closed (any outcome but a retried no-answer)
    median_hours_to_call: float | None  # from the request to their first call on it
    outcomes: dict[str, int]  # every call result they recorded, no-answers included


def staff_figures(services: Services, weeks: int, now: dt.datetime) -> list[StaffRow]:
    """Per staff member, over requests opened in the last `weeks` weeks: handled, time to the
    first call, outcomes. Names as staff claim (display names); never a texter."""
    labels = set(recent_weeks(weeks, now, services.settings.timezone))
    handled: dict[str, int] = {}
    delays: dict[str, list[float]] = {}
    outcomes: dict[str, dict[str, int]] = {}
    for request in callbacks.list_requests(services, limit=MAX_CALLBACKS):
        created = dt.datetime.fromtimestamp(request.created_at, dt.UTC)
        if week_of(created, services.settings.timezone) not in labels:
            continue
        if request.handled_by and not request.is_open:
            handled[request.handled_by] = handled.get(request.handled_by, 0) + 1
        if request.called_by:
            hours = (request.called_at - request.created_at) / 3600
            delays.setdefault(request.called_by, []).append(hours)
        for item in callbacks.cases.outcomes_of(request):
            mine = outcomes.setdefault(item.staff, {})
            mine[item.outcome] = mine.get(item.outcome, 0) + 1
    names = sorted(set(handled) | set(delays) | set(outcomes))
    return [
        StaffRow(
            name,
            handled.get(name, 0),
            round(median(delays[name]), 1) if delays.get(name) else None,
            outcomes.get(name, {}),
        )
        for name in names
    ]


def spreadsheet_cell(value: object) -> object:
    """Texters' words must not become spreadsheet formulas (CSV injection)."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value
