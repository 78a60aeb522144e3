"""OUBLIER / DELETE / VERGETEN …: ask first, erase on "OUBLIER OUI", in every language."""

from __future__ import annotations

import pytest

from hotline.conversation import engine
from hotline.conversation.inbound import InboundMessage
from hotline.platform import audit
from hotline.texters import state as texters

NUMBER = "+32470000042"


def send(services, text: str, sender: str = NUMBER, sid: str = ""):
    return engine.handle(InboundMessage("sms", sender, text, message_sid=sid), services)


def keys_naming(services, texter_id: str) -> list[str]:
    return [k for k in services.redis.scan_iter(count=1000) if texter_id in k]


@pytest.mark.parametrize(
    ("ask", "confirm", "language"),
    [
        ("OUBLIER", "OUBLIER OUI", "fr"),
        ("VERGETEN", "VERGETEN JA", "nl"),
        ("DELETE", "DELETE YES", "en"),
        ("احذف", "احذف نعم", "ar"),
        ("BORRAR", "BORRAR SÍ", "es"),
        ("ȘTERGE", "STERGE DA", "ro"),
        ("SİL", "SIL EVET", "tr"),
        ("FSHI", "FSHI PO", "sq"),
        ("پاک", "پاک بلی", "fa"),
    ],
)
def test_every_language_asks_then_erases(services, content, ask, confirm, language):
    send(services, "SANTE")
    asked = send(services, ask)
    assert (asked.topic, asked.language) == ("oublier", language)
    assert asked.text == content.render("oublier", "answer", language, "sms")
    assert texters.phone_token(services.redis, services.privacy.texter_id(NUMBER))
    erased = send(services, confirm)
    assert erased.text == content.render("oublier", "erased", language, "sms")


def test_confirmed_erasure_leaves_no_key_about_the_texter(services):
    texter_id = services.privacy.texter_id(NUMBER)
    for text in ("SANTE", "LANGUE", "English", "CPAS"):
        send(services, text, sid=f"SM{text}")
    assert keys_naming(services, texter_id)
    send(services, "OUBLIER OUI", sid="SMforget")
    assert keys_naming(services, texter_id) == []
    assert texters.load(services.redis, texter_id).is_new
    assert not services.redis.exists("hl:msgsid:SMSANTE")


def test_erasure_keeps_only_the_opt_out(services):
    texter_id = services.privacy.texter_id(NUMBER)
    send(services, "SANTE")
    send(services, "STOP")
    send(services, "OUBLIER OUI")
    assert keys_naming(services, texter_id) == [f"hl:optout:{texter_id}"]
    assert texters.is_opted_out(services.redis, texter_id)


def test_nothing_to_erase_for_an_unknown_number(services, content):
    reply = send(services, "OUBLIER OUI", sender="+32470000043")
    assert reply.text == content.render("oublier", "nothing", "fr", "sms")
    assert keys_naming(services, services.privacy.texter_id("+32470000043")) == []


def test_any_languages_yes_word_confirms(services, content):
    send(services, "SANTE")
    assert send(services, "OUBLIER YES").text == content.render("oublier", "erased", "fr", "sms")


@pytest.mark.parametrize(
    ("text", "topic", "message"),
    [
        ("OUBLIER", "oublier", "answer"),  # explains, asks for OUBLIER OUI
        ("OUBLIER NON", "question", "oublier"),  # more than the keyword takes: the question back
        ("OUBLIER moi ce truc", "question", "oublier"),
    ],
)
def test_without_the_yes_word_nothing_is_erased(services, content, text, topic, message):
    send(services, "SANTE")
    reply = send(services, text)
    assert reply.text == content.render(topic, message, "fr", "sms")
    assert not texters.load(services.redis, services.privacy.texter_id(NUMBER)).is_new


def test_a_typo_never_erases(services, content):
    send(services, "SANTE")
    reply = send(services, "OUBLEIR OUI")
    assert reply.text == content.render("question", "oublier", "fr", "sms")  # asked, not done
    assert not texters.load(services.redis, services.privacy.texter_id(NUMBER)).is_new


def test_the_audit_log_records_the_erasure_but_not_whose(services):
    send(services, "SANTE")
    send(services, "OUBLIER OUI")
    entries = audit.recent(services.redis)
    assert [e["action"] for e in entries] == [audit.ERASURE]
    texter_id = services.privacy.texter_id(NUMBER)
    flat = " ".join(f"{k}={v}" for e in entries for k, v in e.items())
    assert texter_id[:8] not in flat and "470000042" not in flat


def test_after_erasure_the_texter_starts_afresh(services, content):
    send(services, "English")
    send(services, "DELETE YES")
    reply = send(services, "SANTE")
    assert (reply.topic, reply.language) == ("sante", "fr")
