"""The RQ jobs' one home (hotline/platform/jobs.py): every name resolves to a job function, jobs
already stored under today's names and ids still run and are still found, each id is the one
the code gives its job, and no other module spells a job name, an id or a retry policy."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import re
from pathlib import Path

import pytest
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from hotline import callbacks
from hotline.broadcasts import lifecycle as broadcasts
from hotline.platform import housekeeping, jobs, queues, store
from hotline.retention import erasure
from hotline.retention import sweeper as retention
from hotline.workshops import reminders
from tests.workshops.test_workshops import make_workshop

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("hotline", "handlers", "workers")
HOME = ROOT / "hotline" / "platform" / "jobs.py"

# The names jobs waiting in Redis today were enqueued under (reminders weeks ahead, callback
# expiries, the housekeeping and retention chains). Written out, not read from `jobs`: renaming
# a job there must keep a shim at the old path, and this list keeps the old path tested.
STORED_TODAY = (
    "workers.sending.send_message",
    "workers.sending.send_batch",
    "workers.whatsapp_templates.create_template",
    "workers.callbacks.alert_staff",
    "workers.callbacks.send_digest",
    "workers.callbacks.translate_note",
    "workers.callbacks.release_lease",
    "workers.callbacks.expire_request",
    "workers.reminders.send_reminder",
    "workers.broadcasts.plan",
    "workers.broadcasts.send_batch",
    "workers.housekeeping.run",
    "workers.retention.sweep",
)
AT = dt.datetime(2026, 11, 5, 16, 0, tzinfo=dt.UTC)
# Today's id formats: stored jobs are cancelled, erased and shown by them.
STORED_IDS = [
    (jobs.callback_alert_job_id("R-7K3F"), "callback-alert-R-7K3F"),
    (jobs.callback_translate_job_id("R-7K3F"), "callback-translate-R-7K3F"),
    (jobs.callback_expire_job_id("R-7K3F"), "callback-expire-R-7K3F"),
    (jobs.callback_lease_job_id("R-7K3F", 2), "callback-lease-R-7K3F-2"),
    (jobs.staff_digest_job_id("amina", "ab12"), "staff-digest-amina-ab12"),
    (jobs.reminder_job_id("4", AT, "1d1800"), f"hl-reminder-4-{int(AT.timestamp())}-1d1800"),
    (jobs.broadcast_plan_job_id("7"), "hl-broadcast-7-plan"),
    (jobs.broadcast_batch_job_id("7", 1, 3), "hl-broadcast-7-1-3"),
    (jobs.resend_job_id("m1", 2), "hl-resend-m1-2"),
    (jobs.housekeeping_job_id(AT), f"hl-housekeeping-{int(AT.timestamp())}"),
    (jobs.retention_sweep_job_id(AT), "hl-retention-sweep-2026-11-05"),
]
JOB_NAME = re.compile(r"workers\.\w+\.\w+")
ID_PREFIXES = ("hl-", "callback-", "staff-digest-")


def _resolve(name: str):
    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(module), function)


@pytest.mark.parametrize("name", jobs.NAMES)
def test_every_job_name_resolves_to_a_function(name):
    assert inspect.isfunction(_resolve(name))


@pytest.mark.parametrize("name", STORED_TODAY)
def test_a_job_stored_under_todays_name_still_resolves(services, name):
    queued = queues.queue(services.rq_redis, queues.MAINTENANCE).enqueue(name)
    stored = Job.fetch(queued.id, connection=services.rq_redis)
    assert stored.func_name == name
    assert stored.func is _resolve(name)


@pytest.mark.parametrize(("built", "stored"), STORED_IDS)
def test_the_id_formats_are_todays(built, stored):
    assert built == stored


def test_a_queued_resend_is_named_by_a_digest_of_the_lost_job():
    first = jobs.resend_queued_job_id("m1", "0" * 32)
    assert re.fullmatch(r"hl-resend-m1-q[0-9a-f]{12}", first)
    assert jobs.resend_queued_job_id("m1", first) != first


def _exists(services, job_id: str) -> bool:
    return Job.exists(job_id, services.rq_redis)


def test_a_requests_jobs_are_the_ones_erasure_cancels(services, clock):
    request, _ = callbacks.create(
        services, phone="+32470000001", channel="sms", language="ar", note="ساعدني"
    )
    request = callbacks.claim(services, request.ref, "amina")
    assert callbacks.job_ids(request) == [
        jobs.callback_alert_job_id(request.ref),
        jobs.callback_translate_job_id(request.ref),
        jobs.callback_expire_job_id(request.ref),
        jobs.callback_lease_job_id(request.ref, 1),
    ]
    assert all(_exists(services, job_id) for job_id in callbacks.job_ids(request))
    erasure.erase_callbacks(services, request.texter_id)
    assert not any(_exists(services, job_id) for job_id in callbacks.job_ids(request))


def test_a_staff_digest_is_scheduled_under_its_window(services, clock, run_jobs):
    member = callbacks.staff.add(
        services, "Amina", phone="+32470100001", languages=["fr"], hours="mon-sun 00:00-24:00"
    )
    for number in ("+32470000301", "+32470000302"):
        callbacks.create(services, phone=number, channel="sms", language="fr")
    run_jobs()  # the first request is alerted now, the second waits for the digest
    window_id = services.redis.get(store.staff_alert_window(member.slug))
    assert _exists(services, jobs.staff_digest_job_id(member.slug, window_id))


def test_reminders_are_scheduled_under_their_ids(services, clock):
    workshop = make_workshop(services)
    registry = ScheduledJobRegistry(queues.REMINDERS, connection=services.rq_redis)
    slugs = [offset.slug for offset in reminders.offsets(services)]
    expected = {jobs.reminder_job_id(workshop.id, workshop.starts_at, slug) for slug in slugs}
    assert set(registry.get_job_ids()) == expected


def test_a_confirmed_broadcast_is_planned_under_its_id(services, clock):
    message = broadcasts.Message(texts={"fr": "Bonjour"})
    broadcast_id, _ = broadcasts.create(services, "all", message)
    broadcasts.confirm(services, broadcast_id)
    assert _exists(services, jobs.broadcast_plan_job_id(broadcast_id))


def test_the_maintenance_chains_are_scheduled_under_their_ids(services, clock):
    next_run = housekeeping.next_run_at(services.settings, clock)
    scheduled = housekeeping.schedule(services.rq_redis, services.settings, clock)
    assert scheduled == jobs.housekeeping_job_id(next_run)
    next_sweep = retention.next_sweep_at(services.settings, clock)
    swept = retention.schedule_sweep(services.rq_redis, services.settings, clock)
    assert swept == jobs.retention_sweep_job_id(next_sweep)


def _sources():
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            if path != HOME:
                yield path, ast.parse(path.read_text())


def _spelled_here(tree: ast.AST) -> list[str]:
    """Job names, job-id formats and retry policies written in a module's code."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [node.value] if JOB_NAME.fullmatch(node.value) else []
        elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
            first = str(node.values[0].value)
            found += [f"f{first!r}…"] if first.startswith(ID_PREFIXES) else []
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Retry":
            found.append("Retry(…)")
    return found


def test_no_module_but_jobs_spells_a_job_name_an_id_or_a_retry_policy():
    spelled = {
        str(path.relative_to(ROOT)): found
        for path, tree in _sources()
        if (found := _spelled_here(tree))
    }
    assert spelled == {}
