"""Workshop reminders: Brussels times across DST, RQ jobs, opt-out, quiet hours, reschedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from rq.registry import ScheduledJobRegistry

from hotline.outbound import messages as outbound
from hotline.platform import queues
from hotline.texters import state as texters
from hotline.workshops import events as workshops
from hotline.workshops import reminders
from tests.clock import next_dst_night, on_day, spoken_day
from tests.test_workshops import local, make_texter, make_workshop

UTC = dt.UTC


def scheduled(services) -> dict[str, dt.datetime]:
    """Scheduled reminder job ids -> their UTC time."""
    registry = ScheduledJobRegistry(queues.REMINDERS, connection=services.rq_redis)
    return {
        job_id: registry.get_scheduled_time(job_id).replace(tzinfo=UTC)
        for job_id in registry.get_job_ids()
    }


def test_offsets_parse_and_reject_nonsense():
    day, soon, minutes = reminders.parse_offsets("1d@18:00, 2h ,90m")
    assert (day.days, day.at, day.message) == (1, dt.time(18, 0), "reminder_day")
    assert (soon.before, soon.message) == (dt.timedelta(hours=2), "reminder_soon")
    assert minutes.before == dt.timedelta(minutes=90)
    with pytest.raises(ValueError):
        reminders.parse_offsets("tomorrow")


@pytest.mark.parametrize(
    ("start", "day_before_utc", "two_hours_before_utc"),
    # Fixed dates on purpose: `due_at` is a pure function of them; the tests below that run
    # reminders through RQ derive their dates from today (`clock`).
    [
        # Winter time (UTC+1).
        ("2026-12-03 17:00", "2026-12-02 17:00", "2026-12-03 14:00"),
        # Monday after clocks went back on Sunday 25 October 2026 (CEST -> CET).
        ("2026-10-26 17:00", "2026-10-25 17:00", "2026-10-26 14:00"),
        # Sunday 28 March 2027, clocks go forward at 02:00: the day before is still winter.
        ("2027-03-28 17:00", "2027-03-27 17:00", "2027-03-28 13:00"),
        # Monday 29 March 2027 (summer time) reminded on the Sunday of the change.
        ("2027-03-29 17:00", "2027-03-28 16:00", "2027-03-29 13:00"),
        # 04:00 CEST on the night of the change: 2 hours before is 01:00 CET, not "02:00".
        ("2027-03-28 04:00", "2027-03-27 17:00", "2027-03-28 00:00"),
    ],
)
def test_reminders_fall_at_brussels_times_across_dst(start, day_before_utc, two_hours_before_utc):
    day, soon = reminders.parse_offsets("1d@18:00,2h")
    starts = local(start)
    as_utc = lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=UTC)  # noqa: E731
    assert reminders.due_at(starts, day, "Europe/Brussels") == as_utc(day_before_utc)
    assert reminders.due_at(starts, soon, "Europe/Brussels") == as_utc(two_hours_before_utc)


def test_creating_a_workshop_schedules_its_reminders_once(services, clock):
    workshop = make_workshop(services)  # Thursday of next week, 17:00

    assert reminders.schedule(services, workshop) == []  # deterministic ids: never twice
    epoch = int(workshop.starts_at.timestamp())
    assert scheduled(services) == {
        f"hl-reminder-1-{epoch}-1d1800": on_day(clock, 9, "18:00"),
        f"hl-reminder-1-{epoch}-2h": on_day(clock, 10, "15:00"),
    }


@pytest.mark.parametrize("forward", [True, False], ids=["spring-forward", "fall-back"])
def test_reminders_across_the_next_clock_change_keep_brussels_times(
    services, clock, travel, forward
):
    change = next_dst_night(clock, forward)  # a Sunday; the workshop is that afternoon
    travel(local(f"{change - dt.timedelta(days=20)} 10:00"))
    workshop = make_workshop(services, local(f"{change} 17:00"))

    due = sorted(scheduled(services).values())
    assert due == [local(f"{change - dt.timedelta(days=1)} 18:00"), local(f"{change} 15:00")]
    shift = dt.timedelta(hours=1 if forward else -1)  # the night between lost or gained an hour
    assert workshop.starts_at - due[0] == dt.timedelta(hours=23) - shift


def test_reminder_offsets_come_from_settings(services, clock):
    services.settings = replace(services.settings, workshop_reminders="2d@10:00")
    make_workshop(services)

    assert list(scheduled(services).values()) == [on_day(clock, 8, "10:00")]


def run_at(travel, run_jobs, moment: dt.datetime) -> None:
    """Pretend the scheduler and the workers run at `moment`."""
    travel(moment)
    run_jobs(until=moment)


def test_registrants_are_reminded_in_their_language(services, clock, travel, run_jobs, outbox):
    workshop = make_workshop(services)
    for number, language in (("+32470000001", "fr"), ("+32470000002", "fa")):
        workshops.register(services, workshop.id, make_texter(services, number, language))

    run_at(travel, run_jobs, on_day(clock, 9, "18:00"))

    texts = {record["language"]: record for record in outbox()}
    day = spoken_day(workshop.starts_at, "fr")
    assert texts["fr"]["text"] == (
        f"Rappel: demain, atelier 1, Droits des locataires, {day}, 17:00, "
        "Pianofabriek, Bruxelles. Vous ne pouvez pas venir? Envoyez ANNULER ATELIER 1."
    )
    assert spoken_day(workshop.starts_at, "fa") in texts["fa"]["text"]  # Dari script and digits
    assert all(record["unsolicited"] for record in outbox())
    assert {record["queue"] for record in outbox()} == {queues.REMINDERS}

    run_at(travel, run_jobs, on_day(clock, 10, "15:00"))
    assert len(outbox()) == 4
    assert outbox()[0]["purpose"] == "workshop_reminder_soon"


def test_registering_after_a_reminder_time_does_not_fire_it_late(
    services, clock, travel, run_jobs, outbox
):
    workshop = make_workshop(services)
    run_at(travel, run_jobs, on_day(clock, 9, "18:00"))  # day-before reminder: nobody yet

    travel(on_day(clock, 9, "20:00"))
    workshops.register(services, workshop.id, make_texter(services, "+32470000001"))
    run_at(travel, run_jobs, on_day(clock, 10, "09:00"))
    assert outbox() == []

    run_at(travel, run_jobs, on_day(clock, 10, "15:00"))
    assert [record["purpose"] for record in outbox()] == ["workshop_reminder_soon"]


def test_a_reminder_job_running_too_late_sends_nothing(services, clock, travel, run_jobs, outbox):
    workshop = make_workshop(services)
    workshops.register(services, workshop.id, make_texter(services, "+32470000001"))

    run_at(travel, run_jobs, on_day(clock, 10, "15:30"))  # worker was down since yesterday

    assert [record["purpose"] for record in outbox()] == ["workshop_reminder_soon"]


def test_opted_out_texters_get_no_reminder(services, clock, travel, run_jobs, outbox):
    workshop = make_workshop(services)
    stays, leaves = make_texter(services, "+32470000001"), make_texter(services, "+32470000002")
    for texter_id in (stays, leaves):
        workshops.register(services, workshop.id, texter_id)
    texters.set_opted_out(services.redis, leaves, True)

    run_at(travel, run_jobs, on_day(clock, 9, "18:00"))

    assert [record["texter_id"] for record in outbox()] == [stays]


def test_reminders_inside_quiet_hours_wait_for_the_morning(
    services, clock, travel, run_jobs, outbox
):
    services.settings = replace(services.settings, quiet_hours="21:00-08:00")
    workshop = make_workshop(services, on_day(clock, 10, "09:00"))  # 2 hours before: 07:00
    workshops.register(services, workshop.id, make_texter(services, "+32470000001"))
    epoch = int(workshop.starts_at.timestamp())

    travel(on_day(clock, 10, "07:00"))
    registrants = workshops.registered_ids(services, workshop.id)
    [message_id] = reminders.deliver(services, workshop, registrants, epoch, "2h")

    record = outbound.load(services.redis, message_id)
    assert record.status == outbound.QUEUED and record.unsolicited
    assert record.deferred_until == on_day(clock, 10, "08:00").isoformat()
    run_at(travel, run_jobs, on_day(clock, 10, "08:00"))
    assert [(r["purpose"], r["status"]) for r in outbox()] == [("workshop_reminder_soon", "sent")]


def test_reschedule_moves_reminders_and_tells_registrants(
    services, clock, travel, run_jobs, outbox
):
    workshop = make_workshop(services)
    workshops.register(services, workshop.id, make_texter(services, "+32470000001", "en"))
    old_jobs = set(scheduled(services))

    moved = workshops.reschedule(services, workshop.id, on_day(clock, 17, "14:00"))
    run_jobs()

    assert moved.ends_at - moved.starts_at == dt.timedelta(hours=2)
    assert old_jobs.isdisjoint(scheduled(services))
    assert sorted(scheduled(services).values()) == [
        on_day(clock, 16, "18:00"),
        on_day(clock, 17, "12:00"),
    ]
    [notice] = outbox()
    assert notice["text"].startswith(
        "Change: workshop 1, Droits des locataires, has moved to "
        f"{spoken_day(moved.starts_at, 'en')}, 14:00"
    )
    run_at(travel, run_jobs, on_day(clock, 9, "18:00"))  # the old reminder time
    assert len(outbox()) == 1


def test_cancel_removes_reminders(services, clock, travel, run_jobs, outbox):
    workshop = make_workshop(services)
    workshops.register(services, workshop.id, make_texter(services, "+32470000001"))

    workshops.cancel(services, workshop.id)

    assert scheduled(services) == {}
    run_at(travel, run_jobs, on_day(clock, 10, "15:00"))
    assert [record["purpose"] for record in outbox()] == ["workshop_cancelled"]


def test_no_reminder_is_scheduled_for_a_time_already_past(services, clock, travel):
    travel(on_day(clock, 10, "10:00"))
    make_workshop(services, on_day(clock, 10, "17:00"))

    assert [job.split("-")[-1] for job in scheduled(services)] == ["2h"]
