"""Contract test: the WhatsApp menus created through the Content API match Twilio's description.

Stoplight Prism (as in tests/test_twilio_contract.py) serves a validating mock of
`../shared/twilio/twilio_content_v1.json`; the main menu (`twilio/list-picker`) in every
language and "did you mean…?" (`twilio/quick-reply`) are created through the official client.
"""

from __future__ import annotations

import subprocess
import time

import pytest
import requests
from twilio.rest import Client

from hotline.languages import LANGUAGES
from hotline.outbound import whatsapp_menus
from hotline.platform.embedded_redis import free_port
from tests.test_twilio_contract import ACCOUNT_SID, PRISM, ROOT, Prism, _install

SPEC = ROOT.parent / "shared" / "twilio" / "twilio_content_v1.json"

# One worker for both Prism modules: they share the npm install in .cache/prism.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prism")]


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory):
    """Prism mocking Twilio's Content API on a free loopback port."""
    _install()
    port = free_port()
    log = tmp_path_factory.mktemp("prism-content") / "prism.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(SPEC)],
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


def client_for(prism: Prism) -> Client:
    client = Client(ACCOUNT_SID, "contract-test-token")
    client.content.base_url = prism.url
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_menu_list_picker_is_created_within_the_contract(prism, content, language):
    request = whatsapp_menus.menu_request(content, language)
    assert 1 <= len(request["types"]["twilio/list-picker"]["items"]) <= 10
    sid = whatsapp_menus.create(client_for(prism), request)
    assert sid.startswith("HX")
    assert prism.request_errors() == []


def test_did_you_mean_quick_replies_are_created_within_the_contract(prism, content):
    request = whatsapp_menus.did_you_mean_request(content, "ar", ("sante", "cpas"))
    assert [a["id"] for a in request["types"]["twilio/quick-reply"]["actions"]] == ["صحة", "CPAS"]
    assert whatsapp_menus.create(client_for(prism), request).startswith("HX")
    assert prism.request_errors() == []


def test_prism_does_catch_a_broken_template(prism):
    """The check is meaningful: a list picker without its button is refused and logged."""
    response = requests.post(
        f"{prism.url}/v1/Content",
        json={"language": "fr", "types": {"twilio/list-picker": {"body": "x", "items": []}}},
        auth=(ACCOUNT_SID, "token"),
        timeout=10,
    )
    assert 400 <= response.status_code < 500
    assert prism.request_errors() != []
