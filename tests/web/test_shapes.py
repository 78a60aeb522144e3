"""Every request shape in tests/data/twilio_shapes.json, replayed signed, gets an answer or an ack.

The shapes were collected from other projects' test suites (RapidPro's courier, Chatwoot, Zammad,
100eyes, …) and Twilio's documentation: SMS, MMS, WhatsApp text, media, voice notes, locations,
contact cards, button and list replies, quoted replies, ad referrals, usernames without a phone
number, status callbacks of every status and error, and incoming calls with withheld IDs.
Expectations: "answer" = 200 TwiML with a non-empty <Message>; "ack" = 2xx; "reject" = TwiML
<Reject>. Some shapes also name what the answer must be (`check`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest

from hotline.callbacks import requests as callbacks
from hotline.languages import LANGUAGES
from tests.conftest import BASE_URL, sign

SHAPES = json.loads((Path(__file__).parents[1] / "data" / "twilio_shapes.json").read_text("utf-8"))
CASES = SHAPES["shapes"]
MIN_SHAPES = 55


def test_the_fixture_holds_enough_real_shapes():
    assert len(CASES) >= MIN_SHAPES
    assert {c["path"].split("?")[0] for c in CASES} == {
        "/twilio/messages",
        "/twilio/status",
        "/twilio/voice",
    }


def post(client, case: dict):
    form = case["form"]
    headers = {"X-Twilio-Signature": sign(BASE_URL + case["path"], form)}
    return client.post(
        case["path"],
        data=urlencode(form),
        headers=headers,
        content_type="application/x-www-form-urlencoded",
    )


def renders(services, topic: str, message: str, **fields) -> set[str]:
    """The message in every language and on both channels."""
    return {
        services.content.render(topic, message, language, channel, **fields)
        for language in LANGUAGES
        for channel in ("sms", "whatsapp")
    }


def expected_texts(services, check: str) -> set[str] | None:
    if check == "voice":
        return renders(services, "canal", "voice")
    if check == "picture":
        return renders(services, "canal", "answer")
    if check == "menu":
        return renders(services, "menu", "answer")
    if check == "tap_sante":
        return renders(services, "sante", "answer")
    if check == "location":
        names = ("near_brussels", "near_charleroi", "near_thuin")
        found = set().union(*(renders(services, "lieux", name) for name in names))
        return found | renders(services, "lieux", "near_apd", town="Liège")
    return None


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_every_shape_gets_an_answer_or_an_acknowledgement(services, client, case):
    response = post(client, case)
    assert 200 <= response.status_code < 300, response.get_data(as_text=True)
    if case["expect"] == "ack":
        return
    root = ET.fromstring(response.get_data(as_text=True))
    if case["expect"] == "reject":
        assert [child.tag for child in root] == ["Reject"]
        opened = callbacks.list_requests(services)
        assert bool(opened) == (case.get("check") == "callback")
        return
    message = root.find("Message")
    assert message is not None and message.text, "no answer"
    wanted = expected_texts(services, case.get("check", ""))
    if wanted is not None:
        assert message.text in wanted
    if case.get("check") == "same_as_previous":
        assert post(client, case).get_data() == response.get_data()
