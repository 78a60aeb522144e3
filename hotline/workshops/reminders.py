"""Workshop reminders and notices: when they are due, their RQ jobs, and who gets what.

Offsets come from `Settings.workshop_reminders` ("1d@18:00,2h", read by
hotline/platform/reminder_offsets.py): "1d@18:00" is the day before at 18:00 Brussels wall-clock
time, "2h" / "90m" a duration before the start. Wall-clock offsets are computed in Europe/Brussels
with zoneinfo and only then converted to UTC; durations are subtracted in UTC. Both stay right
across the daylight-saving changes.

One RQ job per workshop, start time and offset, scheduled with `enqueue_at` under a
deterministic id (`hl-reminder-<workshop>-<start epoch>-<offset>`, `unique=True`): scheduling
twice is a no-op, and the job lives in Redis so it survives restarts. When it fires, every
current registrant gets the message in their language once (outbound idempotency key), as an
unsolicited message: outbound skips opted-out texters and defers quiet hours.

Reminder lifecycle::

    (due time already past when scheduling) ──► never scheduled: no late reminder
    scheduled ──due──► fired: registrants at that moment are reminded; later registrants are not
        ├──reschedule──► deleted; new jobs for the new start (different ids)
        └──cancel──► deleted
    fired late (worker was down) ──► sends only if the workshop has not started and no later
                                      reminder is due yet; otherwise does nothing
    job gone while still ahead (deleted in the dashboard, lost) ──► "missing"; the housekeeping
                                      job schedules it again (`events.restore_missing_reminders`)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from hotline import outbound, texters
from hotline.platform import Services, dates, jobs, queues, reminder_offsets

if TYPE_CHECKING:
    from hotline.workshops.events import Workshop

TOPIC = "atelier"
RESULT_TTL = 30 * 24 * 3600  # a fired reminder stays visible in the schedule for a month

# States of one reminder in `schedule_of` (the workshop's "cancelled" when it was cancelled).
PENDING = "scheduled"
FIRED = "fired"
MISSED = "missed"  # its time had already passed when the texter registered: never sent late
MISSING = "missing"  # still ahead but its job is gone: housekeeping schedules it again
# Offsets are read with the settings (hotline/platform/reminder_offsets.py), which check them.
Offset = reminder_offsets.Offset
parse_offsets = reminder_offsets.parse_offsets

STATE_LABELS = {
    PENDING: "scheduled",
    FIRED: "fired",
    MISSED: "not scheduled (time already past)",
    MISSING: "missing (housekeeping schedules it again within minutes)",
    "cancelled": "cancelled",
}


def offsets(services: Services) -> tuple[Offset, ...]:
    """The configured offsets."""
    return parse_offsets(services.settings.workshop_reminders)


def due_at(starts_at: dt.datetime, offset: Offset, timezone: str) -> dt.datetime:
    """When a reminder is due, in UTC: wall-clock offsets in local time, durations in UTC."""
    if offset.at is None:
        return starts_at.astimezone(dt.UTC) - offset.before
    day = dates.to_local(starts_at, timezone).date() - dt.timedelta(days=offset.days)
    local = dt.datetime.combine(day, offset.at, tzinfo=dates.zone(timezone))
    return local.astimezone(dt.UTC)


def job_id(workshop: Workshop, offset: Offset) -> str:
    """The deterministic RQ job id of one reminder of one workshop at its current start."""
    return jobs.reminder_job_id(workshop.id, workshop.starts_at, offset.slug)


def schedule(services: Services, workshop: Workshop) -> list[str]:
    """Schedule the reminders still ahead; returns the ids of the jobs newly scheduled."""
    if workshop.status != "scheduled":
        return []
    rq_queue = queues.queue(services.rq_redis, queues.REMINDERS)
    now, tz, created = services.clock(), services.settings.timezone, []
    for offset in offsets(services):
        when = due_at(workshop.starts_at, offset, tz)
        if when <= now:
            continue
        try:
            rq_queue.enqueue_at(
                when,
                jobs.SEND_REMINDER,
                workshop.id,
                int(workshop.starts_at.timestamp()),
                offset.spec,
                job_id=job_id(workshop, offset),
                unique=True,
                result_ttl=RESULT_TTL,
                description=f"workshop {workshop.id} reminder {offset.spec}",
            )
        except DuplicateJobError:
            continue
        created.append(job_id(workshop, offset))
    return created


def cancel(services: Services, workshop: Workshop) -> int:
    """Delete the scheduled reminder jobs of a workshop's current start; returns how many."""
    deleted = 0
    for offset in offsets(services):
        try:
            job = Job.fetch(job_id(workshop, offset), connection=services.rq_redis)
        except NoSuchJobError:
            continue
        if job.get_status() == "scheduled":
            job.delete()
            deleted += 1
    return deleted


def schedule_of(services: Services, workshop: Workshop) -> list[dict]:
    """The reminder schedule for staff: offset, local due time and state of each reminder."""
    registry = ScheduledJobRegistry(queues.REMINDERS, connection=services.rq_redis)
    scheduled = set(registry.get_job_ids())
    rows = []
    for offset in offsets(services):
        ident = job_id(workshop, offset)
        when = due_at(workshop.starts_at, offset, services.settings.timezone)
        if ident in scheduled:
            state = PENDING
        elif Job.exists(ident, services.rq_redis):
            state = FIRED
        elif workshop.status != "scheduled":
            state = workshop.status
        else:  # a missing job is not a past one
            state = MISSING if when > services.clock() else MISSED
        due = dates.show_local(when, services.settings.timezone)
        rows.append({"offset": offset.spec, "due": due, "state": state, "job_id": ident})
    return rows


def deliver(
    services: Services,
    workshop: Workshop | None,
    registrants: Iterable[str],
    starts_epoch: int,
    spec: str,
) -> list[str]:
    """Send one fired reminder to the current `registrants`; returns the outbound message ids.

    Does nothing for a cancelled, moved or started workshop, or when the job runs so late that
    a later reminder is already due (nobody gets two reminders at once, or one after the start).
    """
    now = services.clock()
    if workshop is None or workshop.status != "scheduled" or not workshop.is_open(now):
        return []
    if int(workshop.starts_at.timestamp()) != starts_epoch:
        return []
    offset = next((o for o in offsets(services) if o.spec == spec), None) or parse_offsets(spec)[0]
    if _later_reminder_due(services, workshop, offset, now):
        return []
    stamp = f"{starts_epoch}:{offset.slug}"
    return notify(services, workshop, registrants, offset.message, stamp)


def _later_reminder_due(
    services: Services, workshop: Workshop, offset: Offset, now: dt.datetime
) -> bool:
    tz = services.settings.timezone
    mine = due_at(workshop.starts_at, offset, tz)
    later = (due_at(workshop.starts_at, o, tz) for o in offsets(services))
    return any(mine < when <= now for when in later)


def notify(
    services: Services,
    workshop: Workshop,
    texter_ids: Iterable[str],
    message: str,
    stamp: str = "",
) -> list[str]:
    """Queue one workshop message to each texter, in their language, unsolicited.

    `stamp` makes the idempotency key unique per occasion (the start time for reschedule
    notices, the reminder for reminders), so a retried job never sends twice.
    """
    stamp = stamp or str(int(workshop.starts_at.timestamp()))
    sent = []
    for texter_id in texter_ids:
        language = _language(services, texter_id)
        message_id = outbound.queue_to_texter(
            services,
            texter_id,
            purpose=f"workshop_{message}",
            idempotency_key=f"workshop:{workshop.id}:{message}:{stamp}:{texter_id}",
            topic=TOPIC,
            message=message,
            fields=fields(services, workshop, language),
            queue_name=queues.REMINDERS,
            unsolicited=True,
            language=language,
        )
        if message_id:
            sent.append(message_id)
    return sent


def _language(services: Services, texter_id: str) -> str:
    language = texters.load(services.redis, texter_id).language
    return language or services.settings.default_language


def fields(services: Services, workshop: Workshop, language: str) -> dict[str, str]:
    """The placeholders of every workshop message, in `language`."""
    return {
        "n": workshop.id,
        "title": workshop.title(language),
        "date": dates.format_when(workshop.starts_at, language, services.settings.timezone),
        "place": ", ".join(p for p in (workshop.place, workshop.address) if p),
    }
