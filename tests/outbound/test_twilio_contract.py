"""Contract test: what the Twilio backend sends matches Twilio's own OpenAPI description.

Stoplight Prism (npm `@stoplight/prism-cli@5`, installed into `.cache/prism`) serves a validating
mock of `../shared/twilio/twilio_api_v2010.json`; real SMS, WhatsApp and template messages go
through `TwilioSender` to it. A request that breaks the contract makes Prism answer 4xx and log
`[VALIDATOR] ✖ error Request body must ...`. (Prism also flags its own example *responses*,
whose relative URIs break the spec's "uri" format; those are not about what we send.)
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from hotline.outbound import senders
from hotline.platform.config import Settings
from hotline.platform.embedded_redis import free_port

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "twilio" / "twilio_api_v2010.json"
PRISM_DIR = ROOT / ".cache" / "prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
ACCOUNT_SID = "AC" + "1" * 32
NUMBER = "+32470123456"

# One worker for both Prism modules: they share the npm install in .cache/prism.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prism")]


class Prism:
    """A running `prism mock` and its log."""

    def __init__(self, log: Path, url: str, process: subprocess.Popen):
        self.log, self.url, self.process = log, url, process
        self.seen = 0

    def new_lines(self) -> list[str]:
        """Log lines written since the last call."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        fresh, self.seen = lines[self.seen :], len(lines)
        return fresh

    def request_errors(self) -> list[str]:
        """Validation errors about the requests we sent, since the last call."""
        time.sleep(0.2)  # let Prism flush its log
        return [line for line in self.new_lines() if _about_our_request(line)]


def _about_our_request(line: str) -> bool:
    """A validator complaint about the request, or a request Prism refused."""
    if "[VALIDATOR]" in line:
        flagged = "✖" in line or "did not pass" in line
        return flagged and "Violation: response" not in line
    return "[HTTP SERVER]" in line and "✖" in line


def _install() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node/npm not installed: the Twilio contract test needs Stoplight Prism")
    if not PRISM.exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(PRISM_DIR), "@stoplight/prism-cli@5"],
            check=True,
            capture_output=True,
            timeout=600,
        )


def serve(spec: Path, log: Path) -> Iterator[Prism]:
    """Prism mocking `spec` on a free loopback port until the generator is closed (a fixture's
    body: both contract modules start their mock this way)."""
    _install()
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Prism(log, f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + 120
    while "Prism is listening" not in log.read_text(errors="replace"):
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    server.new_lines()
    yield server
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    """Prism mocking Twilio's 2010 API."""
    yield from serve(SPEC, tmp_path_factory.mktemp("prism") / "prism.log")


def sender(prism: Prism, **extra: str) -> senders.TwilioSender:
    values = {
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": "contract-test-token",
        "twilio_api_base_url": prism.url,
        "twilio_sms_from": "+32460000000",
        "twilio_whatsapp_from": "+32460000001",
        "public_base_url": "https://hotline.example.org",
        **extra,
    }
    return senders.TwilioSender(Settings(**values))


def send_and_check(prism: Prism, backend: senders.TwilioSender, message: senders.Outgoing):
    accepted = backend.send(message)
    assert backend.client.http_client._test_only_last_response.status_code == 201
    assert accepted.sid.startswith(("SM", "MM"))
    assert prism.request_errors() == []


def test_sms(prism):
    send_and_check(prism, sender(prism), senders.Outgoing("m1", NUMBER, "sms", body="Bonjour"))


def test_whatsapp(prism):
    message = senders.Outgoing("m2", NUMBER, "whatsapp", body="*Bonjour* ✅")
    send_and_check(prism, sender(prism), message)


def test_whatsapp_template(prism):
    message = senders.Outgoing(
        "m3", NUMBER, "whatsapp", content_sid="HX" + "a" * 32, content_variables={"1": "lundi"}
    )
    send_and_check(prism, sender(prism), message)


def test_whatsapp_interactive_reply(prism):
    """A reply with taps: its template and values, the text beside it never sent as Body."""
    message = senders.Outgoing(
        "m6", NUMBER, "whatsapp", body="1 Santé\n2 CPAS", content_sid="HX" + "c" * 32,
        content_variables={"i1": "SANTE", "t1": "Santé", "i2": "CPAS", "t2": "CPAS"},
    )  # fmt: skip
    backend = sender(prism)
    assert "body" not in backend.parameters(message)
    send_and_check(prism, backend, message)


def test_whatsapp_template_without_variables(prism):
    message = senders.Outgoing("m7", NUMBER, "whatsapp", content_sid="HX" + "d" * 32)
    backend = sender(prism)
    assert "content_variables" not in backend.parameters(message)
    send_and_check(prism, backend, message)


def test_messaging_service(prism):
    backend = sender(prism, twilio_messaging_service_sid="MG" + "2" * 32)
    send_and_check(prism, backend, senders.Outgoing("m4", NUMBER, "sms", body="Bonjour"))


def test_reconcile_listing(prism):
    message = senders.Outgoing("m5", NUMBER, "sms", body="Bonjour")
    sender(prism).find(message, since=time.time())
    assert prism.request_errors() == []


def test_prism_does_catch_a_broken_request(prism):
    """The check above is meaningful: a message without `To` is refused and logged."""
    response = requests.post(
        f"{prism.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
        data={"Body": "no recipient", "From": "+32460000000"},
        auth=(ACCOUNT_SID, "token"),
        timeout=10,
    )
    assert 400 <= response.status_code < 500
    assert prism.request_errors() != []
