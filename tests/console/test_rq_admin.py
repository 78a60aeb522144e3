"""rq-dashboard in the console: admins only, every action audited, no state change on GET, the
console's security headers; and a reminder deleted there is scheduled again by housekeeping."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re

import pytest
from rq.job import Job

from hotline import workshops
from hotline.accounts import users
from hotline.platform import audit, queues
from hotline.workshops import reminders
from tests.console_helpers import logged_in
from tests.full_conversation import create_workshop
from workers import housekeeping as housekeeping_job

RQ = "/console/admin/rq"
SAME_ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def workshop(services):
    now = dt.datetime.now(dt.UTC)
    services.clock = lambda: now
    return create_workshop(services, now)


def _reminder_ids(services, workshop) -> list[str]:
    return [reminders.job_id(workshop, offset) for offset in reminders.offsets(services)]


def _failed_job(services) -> str:
    maintenance = queues.queue(services.rq_redis, queues.MAINTENANCE)
    job = maintenance.enqueue("workers.retention.sweep", job_id="hl-test-failed")
    job.set_status("failed")
    maintenance.failed_job_registry.add(job, ttl=3600, exc_string="boom")
    maintenance.remove(job)
    return job.id


def test_a_get_never_changes_state(app, services):
    job_id = _failed_job(services)
    admin = logged_in(app, services, users.ADMIN)
    response = admin.get(f"{RQ}/requeue/{queues.MAINTENANCE}")
    assert response.status_code == 405
    assert Job.fetch(job_id, connection=services.rq_redis).get_status() == "failed"
    assert admin.post(f"{RQ}/requeue/{queues.MAINTENANCE}", headers=SAME_ORIGIN).status_code == 200
    assert Job.fetch(job_id, connection=services.rq_redis).get_status() == "queued"


def test_dashboard_actions_are_audited(app, services, workshop):
    admin = logged_in(app, services, users.ADMIN)
    job_id = _reminder_ids(services, workshop)[0]
    assert admin.post(f"{RQ}/job/{job_id}/delete", headers=SAME_ORIGIN).status_code == 200
    [entry] = [e for e in audit.recent(services.redis) if e["action"] == audit.RQ_DASHBOARD]
    assert entry["actor"] == "admin@example.org"
    assert (entry["endpoint"], entry["job_id"], entry["status"]) == (
        "delete_job_view",
        job_id,
        "200",
    )


@pytest.mark.parametrize("role", [users.STAFF, users.COORDINATOR])
def test_only_admins_reach_the_dashboard(app, services, workshop, role):
    client = logged_in(app, services, role)
    job_id = _reminder_ids(services, workshop)[0]
    assert client.post(f"{RQ}/job/{job_id}/delete", headers=SAME_ORIGIN).status_code == 403
    assert client.get(f"{RQ}/").status_code == 403
    assert Job.exists(job_id, services.rq_redis)


def test_a_cross_site_action_is_refused_and_changes_nothing(app, services, workshop):
    admin = logged_in(app, services, users.ADMIN)
    job_id = _reminder_ids(services, workshop)[0]
    forged = admin.post(f"{RQ}/job/{job_id}/delete", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403 and Job.exists(job_id, services.rq_redis)


def test_dashboard_pages_carry_the_console_headers(app, services):
    admin = logged_in(app, services, users.ADMIN)
    response = admin.get(f"{RQ}/")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" in policy  # underscore's templates; never on the console's own pages
    assert "unsafe" not in admin.get("/console/").headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    inline = re.findall(r"<script type=\"text/javascript\">(.*?)</script>", page, re.S)
    assert inline, "the dashboard's inline script"
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy  # exactly that script may run, nothing injected
    assert admin.get(f"{RQ}/0/data/queues.json").headers["X-Frame-Options"] == "DENY"


def test_a_reminder_deleted_in_the_dashboard_is_missing_then_scheduled_again(
    app, services, workshop, run_jobs
):
    admin = logged_in(app, services, users.ADMIN)
    job_id = _reminder_ids(services, workshop)[0]
    admin.post(f"{RQ}/job/{job_id}/delete", headers=SAME_ORIGIN)
    states = {r["job_id"]: r["state"] for r in reminders.schedule_of(services, workshop)}
    assert states[job_id] == reminders.MISSING  # not "time already past": it is ahead
    done = housekeeping_job.run()
    assert done["reminders"] == {"restored": 1}
    states = {r["job_id"]: r["state"] for r in reminders.schedule_of(services, workshop)}
    assert set(states.values()) == {reminders.PENDING}
    assert housekeeping_job.run()["reminders"] == {"restored": 0}


def test_housekeeping_leaves_cancelled_workshops_alone(services, workshop):
    cancelled = workshops.cancel(services, workshop.id)
    assert workshops.restore_missing_reminders(services) == []
    states = {r["state"] for r in reminders.schedule_of(services, cancelled)}
    assert states == {"cancelled"}
