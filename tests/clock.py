"""One clock for the whole test process, derived from today: the suite passes whatever the date.

The services read the time through `services.clock`, RQ through `datetime.now()` and
`time.time()` (retry backoffs, `enqueue_in`, its registries' scores), and parts of the hotline
through `time.time()`. A test that froze only the first of these drifted away from the others
as the calendar moved on. So the test clock moves them all at once with time-machine, which
patches the standard library's wall clocks in this process (not `time.monotonic`, so timed
waits and timeouts are unaffected):

- `clock` (fixture) freezes the process at the next Monday 10:30 Brussels time after now, a
  weekday morning within office hours, always in the future: fixtures and workshops derived
  from it are never overtaken by the calendar;
- `travel(moment)` (fixture) moves that frozen clock; `run_jobs(until=moment)` moves it forward
  from one scheduled job to the next (tests/jobs.py), each running at its time, as in production;
- `HOTLINE_TEST_NOW` runs the whole process as if today were another day, ticking: an ISO
  moment ("YYYY-MM-DD HH:MM", Brussels time unless an offset is given), `+1y`, `+30d`, `+6h`,
  or the next night the Brussels clocks change: `spring-forward` (01:30, before 02:00 becomes
  03:00) or `fall-back` (02:30 summer time, an hour that then happens twice).

Redis runs in another process on the real clock; that is fine because the hotline only gives it
relative TTLs, and the one place that reads Redis's clock (pacing) compares it with itself. The
hotline processes a test starts (workers) travel with it: see tests/timetravel/sitecustomize.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from babel.dates import get_day_names, get_month_names

from hotline.platform import dates

TZ_NAME = "Europe/Brussels"
TZ = ZoneInfo(TZ_NAME)
TEST_NOW = "HOTLINE_TEST_NOW"
MONDAY_MORNING = dt.time(10, 30)
SITE_DIR = Path(__file__).resolve().parent / "timetravel"  # sitecustomize for subprocesses
_RELATIVE = re.compile(r"^\+(\d+)([yhd])$")
# The local time the process starts at on a night of clock change, and whether it goes forward.
_DST_NIGHTS = {"spring-forward": (dt.time(1, 30), True), "fall-back": (dt.time(2, 30), False)}
# How texters read a day in the languages tests check, with Babel's names: the expected text is
# written here, independently of the formatting code under test.
_SPOKEN_DAY = {
    "fr": "{weekday} {day} {month}",
    "en": "{weekday}, {month} {day}",
    "ar": "{weekday}، {day} {month}",
    "fa": "{weekday} {day} {month}",
}
_BABEL_LOCALE = {"fa": "fa_AF"}
_DARI_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def now() -> dt.datetime:
    """The test process's current time (travelled or not), UTC-aware."""
    return dt.datetime.now(dt.UTC)


def later(days: float = 1) -> dt.datetime:
    """`days` from now (default a day: past every retry backoff), for `run_jobs(until=later())`."""
    return now() + dt.timedelta(days=days)


def local(day: dt.date, at: str | dt.time) -> dt.datetime:
    """The UTC instant of wall-clock time `at` ("17:00") on `day` in Brussels."""
    moment = at if isinstance(at, dt.time) else dt.time.fromisoformat(at)
    return dates.parse_local(dt.datetime.combine(day, moment).isoformat(), TZ_NAME).astimezone(
        dt.UTC
    )


def local_day(moment: dt.datetime) -> dt.date:
    """The Brussels calendar day of an instant."""
    return moment.astimezone(TZ).date()


def on_day(moment: dt.datetime, days: int, at: str | dt.time) -> dt.datetime:
    """Local time `at` on the Brussels day `days` after the day of `moment` (UTC-aware)."""
    return local(local_day(moment) + dt.timedelta(days=days), at)


def spoken_day(moment: dt.datetime, language: str) -> str:
    """The day of `moment` as a texter reads it: "jeudi 3 décembre", "Thursday, December 3"."""
    day = local_day(moment)
    locale = _BABEL_LOCALE.get(language, language)
    shown = _SPOKEN_DAY[language].format(
        weekday=get_day_names("wide", locale=locale)[day.weekday()],
        month=get_month_names("wide", locale=locale)[day.month],
        day=day.day,
    )
    return shown.translate(_DARI_DIGITS) if language == "fa" else shown


def spoken_hour(moment: dt.datetime, language: str = "fr") -> str:
    """The Brussels hour of `moment` as texters read it ("17:00", Dari "۱۷:۰۰")."""
    shown = moment.astimezone(TZ).strftime("%H:%M")
    return shown.translate(_DARI_DIGITS) if language == "fa" else shown


def next_weekday(after: dt.datetime, weekday: int, at: str | dt.time) -> dt.datetime:
    """The first `weekday` (0 = Monday) at local time `at` strictly after `after`."""
    day = local_day(after)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    moment = local(day, at)
    return moment if moment > after else local(day + dt.timedelta(days=7), at)


def next_monday_morning(after: dt.datetime) -> dt.datetime:
    """The frozen moment of the `clock` fixture: the next Monday 10:30 in Brussels that is no
    Belgian public holiday (Easter and Whit Monday close the office: tests expect it open)."""
    import holidays

    moment = next_weekday(after, 0, MONDAY_MORNING)
    while local_day(moment) in holidays.country_holidays("BE", years=local_day(moment).year):
        moment = next_weekday(moment, 0, MONDAY_MORNING)
    return moment


def next_dst_night(after: dt.datetime, forward: bool) -> dt.date:
    """The next day (after `after`) on which the Brussels clocks go forward (or back)."""
    day = local_day(after)
    for _ in range(400):
        day += dt.timedelta(days=1)
        change = (
            local(day, "12:00").astimezone(TZ).utcoffset()
            - local(day, "00:00").astimezone(TZ).utcoffset()
        )
        if change and (change > dt.timedelta(0)) == forward:
            return day
    raise ValueError(f"no daylight-saving change in {TZ_NAME} within a year")


def years_later(moment: dt.datetime, years: int) -> dt.datetime:
    """The same Brussels wall-clock time `years` later (28 February for a 29th)."""
    wall = moment.astimezone(TZ).replace(tzinfo=None)
    try:
        later = wall.replace(year=wall.year + years)
    except ValueError:
        later = wall.replace(year=wall.year + years, day=28)
    return local(later.date(), later.time().replace(microsecond=0))


def resolve(spec: str, today: dt.datetime) -> dt.datetime:
    """The moment a HOTLINE_TEST_NOW value names, UTC-aware; ValueError when it names none."""
    spec = spec.strip()
    relative = _RELATIVE.match(spec)
    if relative:
        count, unit = int(relative[1]), relative[2]
        if unit == "y":
            return years_later(today, count)
        return today + dt.timedelta(**{"days" if unit == "d" else "hours": count})
    if spec in _DST_NIGHTS:
        at, forward = _DST_NIGHTS[spec]
        return local(next_dst_night(today, forward), at)
    return dates.parse_local(spec, TZ_NAME).astimezone(dt.UTC)


_travels: list[object] = []  # the travels in force in this process, outermost first


def travelling() -> bool:
    """Whether this process runs on a moved clock (HOTLINE_TEST_NOW, `clock` or `travel`)."""
    return bool(_travels)


def child_environment(env: dict[str, str]) -> dict[str, str]:
    """`env` for a process a test starts, moved to this process's time if it travels."""
    if not travelling():
        return env
    path = os.pathsep.join(p for p in (str(SITE_DIR), env.get("PYTHONPATH", "")) if p)
    return {**env, TEST_NOW: now().isoformat(), "PYTHONPATH": path}


class ProcessClock:
    """One test's clock: frozen by `freeze`, moved by `move_to`, released at teardown.

    Until `freeze`, time runs (the real time, or HOTLINE_TEST_NOW's); `move_to` then starts a
    ticking travel instead, so `run_jobs(until=...)` means the same with or without `clock`.
    """

    def __init__(self) -> None:
        self._travel: time_machine.travel | None = None
        self._traveller: time_machine.Traveller | None = None
        self.frozen = False

    def freeze(self, moment: dt.datetime) -> dt.datetime:
        """Stop the process clock at `moment`."""
        self.frozen = True
        return self.move_to(moment)

    def move_to(self, moment: dt.datetime) -> dt.datetime:
        """Put the process clock at `moment` (it stays there if frozen, runs on otherwise)."""
        if self._traveller is None:
            self._travel = time_machine.travel(moment, tick=not self.frozen)
            self._traveller = self._travel.start()
            _travels.append(self._travel)
        else:
            self._traveller.move_to(moment, tick=not self.frozen)
        return moment

    def advance_to(self, moment: dt.datetime) -> None:
        """Move the clock forward to `moment`; never back (a scheduler does not go back)."""
        if moment > now():
            self.move_to(moment)

    def stop(self) -> None:
        """Give the process its previous clock back."""
        if self._travel is not None:
            self._travel.stop()
            _travels.remove(self._travel)
        self._travel = self._traveller = None


def start_session_travel(environ: os._Environ[str] | dict[str, str]) -> time_machine.travel | None:
    """Travel the whole test process to HOTLINE_TEST_NOW (ticking), if it is set."""
    spec = environ.get(TEST_NOW, "").strip()
    if not spec:
        return None
    try:
        moment = resolve(spec, now())
    except ValueError as error:
        raise ValueError(f"{TEST_NOW}={spec!r}: {error}") from None
    travel = time_machine.travel(moment, tick=True)
    travel.start()
    _travels.append(travel)
    return travel


def stop_session_travel(travel: time_machine.travel) -> None:
    """End the HOTLINE_TEST_NOW travel."""
    travel.stop()
    _travels.remove(travel)
