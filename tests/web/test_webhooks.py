"""The webhook edge, table-driven with real Twilio signatures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from urllib.parse import urlencode

import pytest

from hotline import create_app
from hotline.platform import store
from tests.conftest import AUTH_TOKEN, BASE_URL, inbound_form, sign

PATH = "/twilio/messages"


def reply_text(response) -> str:
    """The text of the TwiML <Message>, or "" when the response sends nothing."""
    root = ET.fromstring(response.get_data(as_text=True))
    message = root.find("Message")
    return message.text or "" if message is not None else ""


def whatsapp_form(body: str) -> dict[str, str]:
    return inbound_form(
        body,
        sender="whatsapp:+32470000002",
        To="whatsapp:+32460000000",
        WaId="32470000002",
        ProfileName="Amina",
    )


CASES = [
    ("sms SANTE", inbound_form("SANTE"), ("sante", "fr", "sms")),
    ("sms arabic", inbound_form("صحة"), ("sante", "ar", "sms")),
    ("sms OCMW", inbound_form("OCMW"), ("cpas", "nl", "sms")),
    ("sms English", inbound_form("English"), ("menu", "en", "sms")),
    ("whatsapp", whatsapp_form("SANTE"), ("sante", "fr", "whatsapp")),
    (
        "media only",  # a picture or a document: what it is cannot be read here
        inbound_form("", NumMedia="1", MediaUrl0="https://api.twilio.com/m.jpg"),
        ("canal", "fr", "sms"),
    ),
    ("empty", inbound_form(""), ("menu", "fr", "sms")),
    ("1600 chars", inbound_form("é" * 1600), ("menu", "fr", "sms")),
    ("any unicode", inbound_form("\u202e\x00🙂" * 300), ("menu", "fr", "sms")),
    (
        "unknown fields",
        inbound_form("SANTE", FromCountry="BE", SomethingNew="x", ButtonText="", AddOns="{}"),
        ("sante", "fr", "sms"),
    ),
    (
        "whatsapp button",
        {**whatsapp_form(""), "ButtonText": "SANTE", "ButtonPayload": "p"},
        ("sante", "fr", "whatsapp"),
    ),
]


@pytest.mark.parametrize(("name", "form", "expected"), CASES, ids=[c[0] for c in CASES])
def test_signed_inbound_gets_the_answer(signed_post, content, name, form, expected):
    topic, language, channel = expected
    response = signed_post(PATH, form)
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert reply_text(response) == content.render(topic, "answer", language, channel)


@pytest.mark.parametrize(
    "signature",
    ["", "forged", sign(BASE_URL + PATH, inbound_form("SANTE"), token="another-token")],
    ids=["unsigned", "garbage", "other-token"],
)
def test_forged_or_unsigned_requests_get_403(client, signature):
    headers = {"X-Twilio-Signature": signature} if signature else {}
    response = client.post(
        PATH,
        data=urlencode(inbound_form("SANTE")),
        headers=headers,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403


def test_tampered_body_gets_403(client):
    form = inbound_form("SANTE")
    signature = sign(BASE_URL + PATH, form)
    form["Body"] = "STOP"
    response = client.post(
        PATH,
        data=urlencode(form),
        headers={"X-Twilio-Signature": signature},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403


def test_no_auth_token_configured_refuses_to_serve(services):
    services.settings = replace(services.settings, twilio_auth_token="")
    client = create_app(services=services).test_client()
    form = inbound_form("SANTE")
    headers = {"X-Twilio-Signature": sign(BASE_URL + PATH, form, token=AUTH_TOKEN)}
    response = client.post(PATH, data=form, headers=headers)
    assert response.status_code == 403


def test_public_base_url_is_what_twilio_signed(services):
    public = "https://hotline.example.org"
    services.settings = replace(services.settings, public_base_url=public)
    client = create_app(services=services).test_client()
    form = inbound_form("SANTE")
    good = client.post(PATH, data=form, headers={"X-Twilio-Signature": sign(public + PATH, form)})
    bad = client.post(PATH, data=form, headers={"X-Twilio-Signature": sign(BASE_URL + PATH, form)})
    assert (good.status_code, bad.status_code) == (200, 403)


def test_duplicate_message_sid_gets_same_reply_once(signed_post, services):
    form = inbound_form("STOP")
    first = signed_post(PATH, form)
    texter_id = services.privacy.texter_id(form["From"])
    services.redis.delete(f"hl:optout:{texter_id}")
    second = signed_post(PATH, form)
    assert reply_text(second) == reply_text(first)
    assert not services.redis.exists(f"hl:optout:{texter_id}")


def test_a_webhook_replayed_after_its_reply_expired_is_not_processed_again(signed_post, services):
    """A captured signed STOP replayed days later must not opt the texter out again."""
    stop = inbound_form("STOP")
    signed_post(PATH, stop)
    signed_post(PATH, inbound_form("START", sender=stop["From"]))
    texter_id = services.privacy.texter_id(stop["From"])
    services.redis.delete(store.message_sid(stop["MessageSid"]))  # its 48-hour reply expired
    replay = signed_post(PATH, stop)
    assert replay.status_code == 200 and reply_text(replay) == ""
    assert not services.redis.exists(f"hl:optout:{texter_id}")
    assert services.redis.ttl(store.message_seen(stop["MessageSid"])) > 29 * store.DAY


def test_a_message_whose_handling_failed_is_handled_afresh_on_twilios_retry(
    signed_post, services, monkeypatch
):
    from hotline.conversation import engine

    form = inbound_form("SANTE")
    monkeypatch.setattr(engine, "_write_after", _raise)
    with pytest.raises(RuntimeError):
        signed_post(PATH, form)
    monkeypatch.undo()
    assert reply_text(signed_post(PATH, form)) != ""


def _raise(*args, **kwargs):
    raise RuntimeError("handler failed")


@pytest.mark.parametrize("sender", ["", "not-a-number", "whatsapp:", "+1"])
def test_malformed_sender_gets_400_not_500(signed_post, sender):
    response = signed_post(PATH, inbound_form("SANTE", sender=sender))
    assert response.status_code == 400


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["redis"] == "ok"
    assert response.get_json()["content_topics"] >= 7


def test_healthz_503_when_redis_is_down(services):
    down = replace(services, redis=store.connect("redis://127.0.0.1:1/0"))
    response = create_app(services=down).test_client().get("/healthz")
    assert response.status_code == 503


def test_webhook_503_when_redis_is_down(services):
    down = replace(services, redis=store.connect("redis://127.0.0.1:1/0"))
    client = create_app(services=down).test_client()
    form = inbound_form("SANTE")
    response = client.post(
        PATH, data=form, headers={"X-Twilio-Signature": sign(BASE_URL + PATH, form)}
    )
    assert response.status_code == 503


def test_simulator_answers_loopback_only(client, content):
    response = client.post("/simulator/messages", json={"text": "صحة", "from": "+32470000009"})
    assert response.get_json()["reply"] == content.render("sante", "answer", "ar", "sms")
    assert response.get_json()["encoding"] == "UCS-2"
    remote = client.post(
        "/simulator/messages", json={"text": "SANTE"}, environ_base={"REMOTE_ADDR": "10.0.0.5"}
    )
    assert remote.status_code == 403


@pytest.mark.parametrize(
    "header",
    [
        {"X-Forwarded-For": "203.0.113.7"},
        {"X-Real-IP": "203.0.113.7"},
        {"Forwarded": "for=203.0.113.7"},
        {"X-Forwarded-Host": "hotline.example.org"},
        {"Via": "1.1 nginx"},
    ],
)
def test_the_bare_simulator_refuses_anything_a_proxy_forwarded(client, header):
    """A proxy on this machine makes every visitor look local: forwarding headers mean remote."""
    for path in ("/simulator/", "/simulator/messages"):
        response = client.open(path, method="GET" if path.endswith("/") else "POST",
                               json={"text": "SANTE"}, headers=header)  # fmt: skip
        assert response.status_code == 403, path


def test_the_bare_simulator_refuses_trusted_proxies_too(services):
    """With HOTLINE_TRUSTED_PROXIES the peer address is rewritten; the simulator still refuses."""
    services.settings = replace(services.settings, trusted_proxies=1)
    client = create_app(services=services).test_client()
    response = client.get("/simulator/", headers={"X-Forwarded-For": "127.0.0.1"})
    assert response.status_code == 403


def test_the_bare_simulator_refuses_other_host_names(client):
    """A page on another site resolving to 127.0.0.1 (DNS rebinding) names its own host."""
    assert client.get("/simulator/", headers={"Host": "evil.example:5000"}).status_code == 403
    assert client.get("/simulator/", headers={"Host": "127.0.0.1:5000"}).status_code == 200
