"""Housekeeping: one run per time slot on the maintenance queue, rescheduling itself; each run
sweeps callbacks and reconciles outbound records left `sending`."""

from __future__ import annotations

import dataclasses
import datetime as dt

from click.testing import CliRunner
from rq.registry import ScheduledJobRegistry

from hotline.cli import main, processes
from hotline.outbound import attempts
from hotline.outbound import messages as outbound
from hotline.outbound import sweep as outbound_sweep
from hotline.platform import housekeeping, jobs, queues, store
from tests.conftest import inbound_form
from workers import housekeeping as housekeeping_job

NUMBER = "+32470123456"


def scheduled(services):
    registry = ScheduledJobRegistry(queue=queues.queue(services.rq_redis, queues.MAINTENANCE))
    return [job_id for job_id in registry.get_job_ids() if job_id.startswith("hl-housekeeping-")]


def test_runs_are_aligned_on_slots_of_the_configured_minutes(settings, clock):
    assert housekeeping.next_run_at(settings, clock) == clock + dt.timedelta(minutes=5)
    later = clock + dt.timedelta(minutes=1, seconds=10)
    assert housekeeping.next_run_at(settings, later) == clock + dt.timedelta(minutes=5)
    hourly = dataclasses.replace(settings, housekeeping_minutes=60)
    assert housekeeping.next_run_at(hourly, clock) == clock + dt.timedelta(minutes=30)


def test_scheduling_twice_makes_one_job_per_slot(services, clock):
    job_id = housekeeping.schedule(services.rq_redis, services.settings, clock)
    again = housekeeping.schedule(services.rq_redis, services.settings, clock + dt.timedelta(1e-3))
    assert again == job_id == f"hl-housekeeping-{int(clock.timestamp()) + 300}"
    assert scheduled(services) == [job_id]


def test_a_run_schedules_the_next_slot_and_sweeps(services, clock, travel, signed_post, run_jobs):
    signed_post("/twilio/messages", _form("RAPPEL"))
    run_jobs()
    stuck = _stuck_in_sending(services)
    first = housekeeping.schedule(services.rq_redis, services.settings, clock)
    run_at = clock + dt.timedelta(days=15)  # the callback request has expired by then
    travel(run_at)
    done = housekeeping_job.run()
    assert done["callbacks"] == {"expired": 1, "released": 0}
    assert done["outbound"] == {outbound_sweep.RESENT: 1}
    assert outbound.load(services.redis, stuck).job_id.startswith("hl-resend-")
    next_slot = jobs.housekeeping_job_id(housekeeping.next_run_at(services.settings, run_at))
    assert set(scheduled(services)) == {first, next_slot}


def test_the_chain_runs_through_rq(services, clock, run_jobs):
    job_id = housekeeping.schedule(services.rq_redis, services.settings, clock)
    at = housekeeping.next_run_at(services.settings, clock)
    run_jobs(until=at)
    assert scheduled(services) == [jobs.housekeeping_job_id(at + dt.timedelta(minutes=5))]
    assert job_id not in scheduled(services)


def test_hotline_worker_starts_the_chain(monkeypatch, settings, services):
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(settings.var_dir))
    monkeypatch.setattr(processes, "configure_logging", lambda settings: None)
    monkeypatch.setattr(processes.hotline_worker, "run", lambda settings, burst: True)
    result = CliRunner().invoke(main, ["worker"])
    assert result.exit_code == 0, result.output
    assert len(scheduled(services)) == 1


def _stuck_in_sending(services) -> str:
    """A record whose attempt was written long ago and whose job is gone (as after a crash)."""
    request = outbound.OutboundRequest(
        to=NUMBER, channel="sms", purpose="test", idempotency_key="s", body="Bonjour"
    )
    record = outbound.new_record(services, request)
    message_id = outbound.save(services, record, None).message_id
    outbound.record_attempt(services.redis, message_id, attempt_state=attempts.PENDING,
                            attempt_at=1.0, text="jamais parti")  # fmt: skip
    assert services.redis.zscore(store.outbound_in_flight(), message_id) == 1.0
    return message_id


def _form(body: str) -> dict[str, str]:
    return inbound_form(body, sender="+32470000031")
