"""The real content in each language: cheap SMS where the alphabet allows, nothing lost.

Spanish, Romanian, Turkish and Albanian SMS are written without the letters GSM-7 lacks (459
characters in 3 segments instead of 201), their WhatsApp texts keep the diacritics; every
language gives the emergency numbers; Arabic and Dari keep the French names a texter must ask for.
"""

from __future__ import annotations

import pytest

from hotline import languages
from hotline.content import model as store
from hotline.text import sms
from tests.content.test_model import REAL

GSM7_LANGUAGES = ("es", "ro", "tr", "sq")
DIACRITICS = {"es": "áéíóúñ", "ro": "ăâîșț", "tr": "ışğçöü", "sq": "ëç"}
NATIVE_NAMES = {("langue", "answer")}  # lists العربية and دری: UCS-2 whatever the language


def messages():
    for topic in REAL.topics.values():
        for name in topic.messages:
            if (topic.id, name) not in NATIVE_NAMES:
                yield topic.id, name


@pytest.mark.parametrize("language", GSM7_LANGUAGES)
def test_spanish_romanian_turkish_and_albanian_sms_are_gsm7(language):
    ucs2 = [
        f"{topic}.{name}: {''.join(info.ucs2_chars)}"
        for topic, name in messages()
        if (info := sms.segment_info(REAL.render(topic, name, language, "sms"))).encoding
        != sms.GSM7
    ]
    assert ucs2 == []


@pytest.mark.parametrize("language", GSM7_LANGUAGES)
def test_their_whatsapp_answers_keep_the_diacritics(language):
    for topic in REAL.topics.values():
        if topic.kind != "info":
            continue
        whatsapp = REAL.render(topic.id, "answer", language, "whatsapp")
        assert any(ch in whatsapp for ch in DIACRITICS[language]), topic.id


@pytest.mark.parametrize("language", languages.LANGUAGES)
def test_every_language_gives_112_and_101_first_in_urgence(language):
    answer = REAL.render("urgence", "answer", language, "sms")

    assert "112" in answer[:40] and "101" in answer


@pytest.mark.parametrize("language", languages.LANGUAGES)
@pytest.mark.parametrize("topic_id", ["sante", "cpas", "urgence"])
def test_the_name_to_ask_for_at_the_cpas_is_given_in_french(topic_id, language):
    both = [REAL.render(topic_id, m, language, "sms") for m in ("answer", store.CONTINUATION)]
    assert "aide médicale urgente" in "\n".join(both)


@pytest.mark.parametrize("language", languages.LANGUAGES)
def test_the_main_menu_names_the_emergency_number(language):
    assert "9 " in REAL.render("menu", "answer", language, "sms")
    assert "112" in REAL.render("menu", "answer", language, "sms")


def test_texts_written_by_a_machine_say_so():
    """Every non-French text of the info topics was (re)drafted by a machine: none is reviewed."""
    for topic in REAL.topics.values():
        if topic.kind != "info":
            continue
        for name, by_language in topic.messages.items():
            for language, text in by_language.items():
                if language != languages.REFERENCE_LANGUAGE:
                    assert text.machine and not text.reviewed, f"{topic.id}.{name}.{language}"
