"""Faults, with real processes: killed workers, a Redis restart, redelivered webhooks, Twilio
errors in bursts. Each test states what must hold afterwards: nothing lost, nothing twice.

Waiting is bounded (`wait_for` gives up after a generous limit so a broken build fails instead
of hanging) but nothing asserts on how long anything took.
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from rq.job import Job
from rq.registry import ScheduledJobRegistry
from werkzeug.serving import make_server

from hotline import create_app
from hotline.broadcasts import lifecycle as broadcasts
from hotline.callbacks import requests as callbacks
from hotline.callbacks import staff
from hotline.outbound import messages as outbound
from hotline.outbound import senders
from hotline.outbound import sweep as outbound_sweep
from hotline.platform import queues, store
from hotline.platform.embedded_redis import EmbeddedRedis, free_port
from hotline.texters import state as texters
from hotline.wiring import build
from hotline.workshops import events as workshops
from hotline.workshops import reminders
from tests import processes
from tests.conftest import inbound_form, sign
from tests.fake_twilio import ACCOUNT_SID, AUTH_TOKEN
from tests.full_conversation import create_workshop
from tests.redis_binary import binary as redis_binary

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 2000


def worker_env(redis_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """A worker process's environment, with quick abandoned-job recovery and send timeouts."""
    quick = {"HOTLINE_WORKER_MAINTENANCE_INTERVAL": "1", "HOTLINE_SEND_TIMEOUT": "5"}
    return processes.worker_env(redis_url, tmp_path, **{**quick, **extra})


def start_worker(env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    """`hotline worker` in its own process group (its scheduler child dies with it).

    `log`: a file to keep the worker's output in, when debugging a failure.
    """
    output = log.open("ab") if log else None
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "hotline.cli.entry", "worker"],
            env=env,
            cwd=ROOT,
            stdout=output or subprocess.DEVNULL,
            stderr=output or subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        if output:
            output.close()  # the child holds its own copy


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the worker's whole process group and reap it."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=60)


def wait_for(condition, limit: float = 300.0) -> bool:
    """Poll `condition` until it holds; False after `limit` seconds (a liveness bound only)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def add_texters(services, count: int) -> dict[str, str]:
    """`count` texters who wrote recently, with stored (encrypted) numbers; texter_id -> number."""
    now = services.clock().timestamp()
    numbers = {}
    pipe = services.redis.pipeline(transaction=False)
    for n in range(count):
        number = f"+3247{n:07d}"
        texter_id = services.privacy.texter_id(number)
        numbers[texter_id] = number
        record = {"phone": services.privacy.encrypt(number), "channel": "sms", "lang": "fr"}
        pipe.hset(store.texter(texter_id), mapping={**record, "last_inbound": now})
        pipe.zadd(store.texters_by_last_inbound(), {texter_id: now})
    pipe.execute()
    return numbers


def broadcast_records(services) -> list[dict]:
    """Every outbound record of purpose broadcast."""
    pattern = store.outbound("*")
    keys = [k for k in services.redis.scan_iter(match=pattern, count=1000) if k.count(":") == 2]
    pipe = services.redis.pipeline(transaction=False)
    for key in keys:
        pipe.hgetall(key)
    return [r for r in pipe.execute() if r.get("purpose") == "broadcast"]


def queues_idle(services) -> bool:
    """No job waiting, running or scheduled on the hotline's sending queues.

    (The maintenance queue always holds tomorrow's retention sweep.)
    """
    for name in (queues.URGENT, queues.REMINDERS, queues.BROADCASTS):
        rq_queue = queues.queue(services.rq_redis, name)
        registries = (rq_queue.started_job_registry, rq_queue.scheduled_job_registry)
        # cleanup=False: observe only (a cleanup here would itself retry abandoned jobs)
        if len(rq_queue) or any(r.get_job_count(cleanup=False) for r in registries):
            return False
    return True


def describe_jobs(services) -> str:
    """The state of every queue and registry, for a failure message."""
    lines = []
    for rq_queue in queues.all_queues(services.rq_redis):
        registries = {
            "scheduled": rq_queue.scheduled_job_registry,
            "started": rq_queue.started_job_registry,
            "failed": rq_queue.failed_job_registry,
        }
        for name, registry in registries.items():
            for job_id in registry.get_job_ids():
                job = rq_queue.fetch_job(job_id)
                results = [(r.type.name, (r.exc_string or "")[-300:]) for r in job.results()]
                lines.append(f"{rq_queue.name} {name} {job.func_name}{job.args} {results}")
    return "\n".join(lines)


@pytest.mark.slow
def test_worker_killed_mid_broadcast_every_recipient_gets_exactly_one(
    services, redis_server, tmp_path
):
    numbers = add_texters(services, RECIPIENTS)
    message = broadcasts.Message(texts={"fr": "SOLEA: atelier santé lundi à 17h."})
    broadcast_id, preview = broadcasts.create(services, "recent:30", message)
    assert preview.total_recipients == RECIPIENTS
    env = worker_env(redis_server.url, tmp_path, HOTLINE_SMS_RATE="400")
    broadcasts.confirm(services, broadcast_id)

    rescuer = start_worker(env)  # holds the scheduler: retries of the dead one's jobs run
    doomed = start_worker({**env, "HOTLINE_TEST_PAUSE_AFTER_SEND": "0.05"})  # mostly mid-send
    try:
        try:
            assert wait_for(lambda: services.redis.zcard(store.outbox()) >= RECIPIENTS // 5)
        finally:
            stop(doomed, signal.SIGKILL)
        assert services.redis.zcard(store.outbox()) < RECIPIENTS  # it died mid-broadcast
        finished = wait_for(
            lambda: (
                broadcasts.status(services, broadcast_id) == broadcasts.DONE
                and queues_idle(services)
                and services.redis.zcard(store.outbox()) >= RECIPIENTS
            )
        )
    finally:
        stop(rescuer)
    assert finished
    # Rarely, a record is still `sending` here although its message is in the outbox: the pending
    # message was the last of the killed batch (so the outbox filled up before the retry ran), and
    # the rescuer had just popped the retry (queue empty, not yet started: "idle") when we stopped
    # it; a worker stopped while idle drops what it popped, and with several queues RQ keeps no
    # intermediate copy, so that job never runs. The housekeeping sweep repairs exactly that, as
    # its next run would.
    swept = sweep_as_next_run(services)
    assert set(swept) <= {outbound_sweep.RECONCILED}, swept  # found sent, nothing resent

    records = broadcast_records(services)
    per_texter = collections.Counter(r["texter_id"] for r in records)
    assert set(per_texter) == set(numbers)
    assert set(per_texter.values()) == {1}
    assert services.redis.zcard(store.outbox()) == RECIPIENTS
    stuck = [r for r in records if r["status"] != outbound.SENT]
    assert stuck == [], describe_jobs(services)
    assert services.redis.zcard(store.outbound_in_flight()) == 0


def sweep_as_next_run(services) -> dict[str, int]:
    """The outbound sweep run in-process, its clock past the in-flight threshold."""
    seconds = outbound_sweep.threshold(services.settings) + 1
    services.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    return outbound_sweep.sweep(services)


@pytest.mark.slow
def test_worker_killed_after_twilio_answered_with_its_retry_lost_the_sweep_records_it_once(
    services, redis_server, tmp_path, fake_twilio
):
    env = worker_env(redis_server.url, tmp_path, **twilio_env(fake_twilio))
    doomed = start_worker({**env, "HOTLINE_TEST_PAUSE_AFTER_SEND": "60"})
    message_id = outbound.queue(
        services,
        outbound.OutboundRequest(
            to="+32470123456",
            channel="sms",
            purpose="t",
            idempotency_key="kill",
            body="Rendez-vous lundi",
        ),
    )
    try:
        assert wait_for(lambda: len(fake_twilio.accepted) == 1)
    finally:
        stop(doomed, signal.SIGKILL)  # between Twilio's answer and our write
    record = outbound.load(services.redis, message_id)
    assert (record.status, record.attempt_state) == (outbound.SENDING, "pending")
    Job.fetch(record.job_id, connection=services.rq_redis).delete()  # its retry is lost

    services.extras["sender"] = senders.TwilioSender(
        dataclasses.replace(services.settings, **twilio_settings(fake_twilio))
    )
    assert sweep_as_next_run(services) == {outbound_sweep.RECONCILED: 1}
    assert outbound.get(services, message_id)["sid"] == fake_twilio.accepted[0]["sid"]
    assert outbound.get(services, message_id)["status"] == outbound.SENT
    assert len(fake_twilio.requests) == 1


def twilio_settings(fake_twilio) -> dict[str, str]:
    """Settings fields aiming the Twilio backend at the fake."""
    return {
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_api_base_url": fake_twilio.url,
        "twilio_sms_from": "+32460000000",
    }


def twilio_env(fake_twilio) -> dict[str, str]:
    """The same, as a worker process's environment."""
    return {name.upper(): value for name, value in twilio_settings(fake_twilio).items()}


# --- Redis stopped and restarted --------------------------------------------------------------


class Hotline:
    """The web app served over real HTTP on loopback, on a services object of our choosing."""

    def __init__(self, services):
        self.services = services
        self.server = make_server("127.0.0.1", 0, create_app(services=services), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def text(self, body: str, sender: str, sid: str = "") -> requests.Response:
        """POST a signed inbound message; a timeout turns a hang into a failure."""
        form = inbound_form(body, sender=sender, **({"MessageSid": sid} if sid else {}))
        url = self.url + "/twilio/messages"
        headers = {"X-Twilio-Signature": sign(url, form)}
        return requests.post(url, data=form, headers=headers, timeout=10)

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join()


@pytest.fixture
def aof_redis(tmp_path):
    """A Redis with AOF on, in its own directory and port, that the test may stop and restart."""
    server = EmbeddedRedis(
        tmp_path / "aof", port=free_port(), appendonly=True, binary=redis_binary()
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def aof_hotline(aof_redis, settings, content):
    """Services and a served app on the AOF Redis."""
    services = build(dataclasses.replace(settings, redis_url=aof_redis.url), content=content)
    hotline = Hotline(services)
    yield hotline
    hotline.close()
    services.redis.close()
    services.rq_redis.close()


@pytest.mark.slow
def test_redis_restart_loses_nothing_and_the_webhook_answers_503_meanwhile(aof_redis, aof_hotline):
    services = aof_hotline.services
    workshop = create_workshop(services, services.clock())
    caller, registrant, quitter = "+32470000101", "+32470000102", "+32470000103"
    assert aof_hotline.text("RAPPEL", caller).status_code == 200
    assert aof_hotline.text(f"ATELIER {workshop.id}", registrant).status_code == 200
    assert aof_hotline.text("STOP", quitter).status_code == 200
    reminder_ids = [reminders.job_id(workshop, offset) for offset in reminders.offsets(services)]

    aof_redis.stop()
    down = aof_hotline.text("SANTE", caller, sid="SMduringtheoutage")
    assert down.status_code == 503  # Twilio retries it later
    assert aof_redis.start()

    tid = services.privacy.texter_id
    assert callbacks.open_for(services, tid(caller))
    assert workshops.registered_ids(services, workshop.id) == [tid(registrant)]
    assert texters.is_opted_out(services.redis, tid(quitter))
    scheduled = ScheduledJobRegistry(queue=queues.queue(services.rq_redis, queues.REMINDERS))
    assert set(reminder_ids) <= set(scheduled.get_job_ids())
    retried = aof_hotline.text("SANTE", caller, sid="SMduringtheoutage")
    assert retried.status_code == 200 and "<Message>" in retried.text


# --- the same webhook delivered three times ---------------------------------------------------


def test_a_webhook_delivered_three_times_makes_one_answer_one_callback_one_registration(
    services, clock, signed_post, run_jobs, outbox
):
    staff.add(
        services, "Amina", phone="+32470999001", languages=["fr"], hours="mon-sun 00:00-24:00"
    )
    workshop = create_workshop(services, clock)
    number = "+32470000201"
    rappel = inbound_form("RAPPEL logement", sender=number)
    atelier = inbound_form(f"ATELIER {workshop.id}", sender=number)
    for form in (rappel, atelier):
        answers = {signed_post("/twilio/messages", form).get_data() for _ in range(3)}
        assert len(answers) == 1  # the same answer each time
    texter_id = services.privacy.texter_id(number)
    mine = [r for r in callbacks.list_requests(services) if r.texter_id == texter_id]
    assert len(mine) == 1
    assert workshops.registered_ids(services, workshop.id) == [texter_id]
    run_jobs()
    assert len([m for m in outbox() if m["purpose"] == "callback_staff_alert"]) == 1


@pytest.mark.slow
def test_concurrent_redeliveries_make_one_callback(aof_hotline):
    services, number = aof_hotline.services, "+32470000202"
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        replies = list(
            pool.map(lambda _: aof_hotline.text("RAPPEL", number, sid="SMsame"), range(3))
        )
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert len({r.text for r in replies if "<Message>" in r.text}) == 1
    texter_id = services.privacy.texter_id(number)
    assert len([r for r in callbacks.list_requests(services) if r.texter_id == texter_id]) == 1


# --- Twilio answering 429 and 500 in bursts ---------------------------------------------------

BURSTS = ((429,) * 6 + (500,) * 4, (503,) * 3 + (429,) * 5, (500, 429) * 4)


def test_twilio_errors_in_bursts_every_message_is_delivered_once(
    services, clock, twilio_mode, fake_twilio, run_jobs
):
    numbers = [f"+3247000{n:04d}" for n in range(30)]
    ids = [
        outbound.queue(services, outbound.OutboundRequest(to=number, channel="sms", purpose="test",
                       idempotency_key=f"burst:{number}", body="Rendez-vous lundi 10h"))
        for number in numbers
    ]  # fmt: skip
    later = clock
    for burst in (*BURSTS, ()):  # a burst before each round of jobs, then a calm round
        fake_twilio.fail_next(*burst)
        run_jobs(until=later)
        later += dt.timedelta(hours=1)  # every retry's backoff has passed
    while not all(outbound.load(services.redis, i).status == outbound.SENT for i in ids):
        assert later < clock + dt.timedelta(days=1), describe_jobs(services)
        run_jobs(until=later)
        later += dt.timedelta(hours=1)
    assert len(fake_twilio.requests) > len(numbers)  # the bursts were really answered
    delivered = collections.Counter(message["to"] for message in fake_twilio.accepted)
    assert delivered == dict.fromkeys(numbers, 1)
