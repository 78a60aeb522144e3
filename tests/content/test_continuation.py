"""Continuations through the signed webhook: "SANTE 2" (in any language) gets the rest.

An answer that three SMS segments cannot hold in a language ends "Plus : envoyez SANTE 2" in that
language; texting exactly what the answer says gets the topic's `more` message.
"""

from __future__ import annotations

import pytest

from hotline import languages
from hotline.content import model as store
from hotline.text import normalize
from tests.conftest import inbound_form
from tests.content.test_model import REAL, number_for, reply_text

CONTINUED = [
    t.id for t in REAL.topics.values() if t.kind == "info" and store.CONTINUATION in t.messages
]
UCS2_LANGUAGES = ("ar", "fa")


def prompt_in(topic_id: str, language: str) -> str:
    """The "<keyword> 2" the answer's SMS tells the texter to send (the keyword as listed)."""
    answer = f" {normalize(REAL.render(topic_id, 'answer', language, 'sms'))} "
    for word in REAL.topic(topic_id).keywords[language]:
        if f" {normalize(word)} 2 " in answer:
            return f"{word.upper()} 2"
    raise AssertionError(f"{topic_id}.{language}: the answer names no '<keyword> 2'")


def test_the_info_topics_with_long_answers_have_continuations():
    assert {"urgence", "sante"} <= set(CONTINUED)


@pytest.mark.parametrize("language", languages.LANGUAGES)
@pytest.mark.parametrize("topic_id", CONTINUED)
def test_sending_what_the_answer_says_gets_the_continuation(text, topic_id, language):
    prompt = prompt_in(topic_id, language)

    reply = text(prompt, sender=number_for(language))

    assert reply == REAL.render(topic_id, store.CONTINUATION, language, "sms")


def test_sante_2_in_french_gets_the_2016_contacts(text):
    reply = text("SANTE 2")

    assert reply == REAL.render("sante", "more", "fr", "sms")
    assert "Exil, 02 534 53 30" in reply and "2016" in reply


def test_persian_digits_and_the_menu_number_work_too(text):
    dari = "+93700000001"
    assert text("صحت ۲", sender=dari) == REAL.render("sante", "more", "fa", "sms")
    assert text("1 2") == REAL.render("sante", "more", "fr", "sms")


def test_the_keyword_alone_still_gets_the_answer_with_the_prompt(text):
    reply = text("URGENCE")

    assert reply == REAL.render("urgence", "answer", "fr", "sms")
    assert reply.startswith("Urgence: appelez le 112") and reply.endswith("URGENCE 2")


@pytest.mark.parametrize("language", UCS2_LANGUAGES)
def test_arabic_and_dari_emergency_answers_give_112_and_101_first(language):
    answer = REAL.render("urgence", "answer", language, "sms")

    assert answer.index("112") < 20 and "101" in answer


def test_on_whatsapp_sante_2_gets_the_whole_answer_with_its_diacritics(signed_post):
    form = inbound_form("SALUD 2", sender="whatsapp:+34600000001")

    reply = reply_text(signed_post("/twilio/messages", form))

    assert reply == REAL.render("sante", "answer", "es", "whatsapp")
    assert "Exil, 02 534 53 30" in reply and "médica" in reply
