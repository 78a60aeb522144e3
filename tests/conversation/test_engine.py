"""The engine through its plain-Python entry point: languages, scripts, typos, numbers, opt-out."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hotline.conversation import engine
from hotline.conversation.inbound import InboundMessage
from hotline.texters import state as texters

NEW_BE = "+32470000001"


def send(services, text: str, sender: str = NEW_BE, channel: str = "sms"):
    """Run one text through the engine."""
    return engine.handle(InboundMessage(channel, sender, text), services)


def answer(content, topic: str, language: str, message: str = "answer", channel: str = "sms"):
    return content.render(topic, message, language, channel)


@pytest.mark.parametrize(
    ("text", "topic", "language"),
    [
        ("SANTE", "sante", "fr"),
        ("SANTÉ", "sante", "fr"),
        ("santé", "sante", "fr"),
        ("Santé !!! 🙏", "sante", "fr"),
        ("MEDECIN", "sante", "fr"),
        ("OCMW", "cpas", "nl"),
        ("GEZONDHEID", "sante", "nl"),
        ("HEALTH", "sante", "en"),
        ("صحة", "sante", "ar"),
        ("صحه", "sante", "ar"),
        ("صـــحة", "sante", "ar"),
        ("SALUD", "sante", "es"),
        ("SĂNĂTATE", "sante", "ro"),
        ("sanatate", "sante", "ro"),
        ("SAĞLIK", "sante", "tr"),
        ("SHËNDET", "sante", "sq"),
        ("صحت", "sante", "fa"),
        ("داکتر", "sante", "fa"),
        ("retour volontaire", "retour", "fr"),
        ("Je cherche un medecin", "sante", "fr"),
        ("Bonjour, j'ai besoin d'un médecin", "sante", "fr"),
        ("Salam صحة", "sante", "ar"),
        ("Bonjour", "menu", "fr"),
    ],
)
def test_keyword_answers_in_its_language(services, content, text, topic, language):
    reply = send(services, text)
    assert (reply.topic, reply.language) == (topic, language)
    assert reply.text == answer(content, topic, language)


@pytest.mark.parametrize(
    ("text", "topic", "language"),
    [
        ("SNATE", "sante", "fr"),
        ("santte", "sante", "fr"),
        ("helth", "sante", "en"),
        ("gezondhijd", "sante", "nl"),
        ("retuor", "retour", "fr"),
    ],
)
def test_typos_of_four_letters_or_more_are_forgiven(services, text, topic, language):
    reply = send(services, text)
    assert (reply.topic, reply.language) == (topic, language)


def test_two_close_topics_ask_did_you_mean(services, content):
    reply = send(services, "saluu")  # SALUT (menu) and SALUD (sante) are as close
    options = " / ".join(content.topic(t).keywords["fr"][0].upper() for t in ("menu", "sante"))
    assert reply.text == content.render("menu", "did_you_mean", "fr", "sms", options=options)


def test_a_typo_never_opts_out(services, content):
    reply = send(services, "stopp")  # a typo is never corrected onto an action
    assert not texters.is_opted_out(services.redis, services.privacy.texter_id(NEW_BE))
    assert reply.text != answer(content, "stop", "fr")


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂", "blablabla", "x" * 1600])
def test_unknown_or_empty_gets_the_menu(services, content, text):
    reply = send(services, text)
    assert reply.text == answer(content, "menu", "fr")
    assert reply.menu == "menu"


def test_arabic_marks_alone_get_the_arabic_menu(services, content):
    reply = send(services, "؟؟؟")  # the script says Arabic or Dari, never French
    assert reply.text == answer(content, "menu", "ar")


def test_unknown_texts_are_counted_without_digits(services):
    send(services, "je veux un logement 0470123456")
    send(services, "quelque chose 42")
    from hotline.reporting import reports

    counted = reports.unknown_texts(services.redis, services.clock(), "Europe/Brussels")
    assert all(not any(ch.isdigit() for ch in row.text) for row in counted)
    assert counted


@pytest.mark.parametrize("digit", ["1", "١", "۱"])
def test_menu_numbers_in_any_script(services, content, digit):
    send(services, "menu")
    reply = send(services, digit)
    assert reply.topic == content.menu_topic(1).id


def test_number_without_a_matching_menu_item_gets_the_menu(services):
    reply = send(services, "99")
    assert reply.topic == "menu"


@pytest.mark.parametrize(
    ("number", "language"),
    [
        ("+40712345678", "ro"),
        ("+905321234567", "tr"),
        ("+355691234567", "sq"),
        ("+93701234567", "fa"),
        ("+34612345678", "es"),
        ("+212612345678", "ar"),
        ("+963944123456", "ar"),
        ("+31612345678", "nl"),
        ("+32470123456", "fr"),
        ("+4915112345678", "fr"),
    ],
)
def test_new_texter_language_from_country_code(services, content, number, language):
    reply = send(services, "menu", sender=number)
    assert reply.language == language
    assert reply.text == answer(content, "menu", language)


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("English", "en"),
        ("Nederlands", "nl"),
        ("العربية", "ar"),
        ("Español", "es"),
        ("Română", "ro"),
        ("Türkçe", "tr"),
        ("Shqip", "sq"),
        ("دری", "fa"),
        ("Français", "fr"),
    ],
)
def test_language_name_sets_explicit_choice_and_shows_menu(services, content, name, language):
    reply = send(services, name, sender="+40712345678")
    assert reply.text == answer(content, "menu", language)
    state = texters.load(services.redis, services.privacy.texter_id("+40712345678"))
    assert (state.language, state.language_source) == (language, texters.EXPLICIT)


def test_langue_lists_the_languages(services, content):
    reply = send(services, "LANGUE")
    assert reply.text == answer(content, "langue", "fr")


def test_explicit_choice_beats_inference(services, content):
    send(services, "English")
    reply = send(services, "SANTE")  # a French keyword
    assert reply.language == "en"
    assert reply.text == answer(content, "sante", "en")


def test_inference_updates_while_no_explicit_choice(services):
    assert send(services, "SANTE").language == "fr"
    assert send(services, "GEZONDHEID").language == "nl"
    assert send(services, "menu").language == "nl"  # menu exists in every language: keep nl


def test_stop_records_opt_out_and_start_undoes_it(services, content):
    texter_id = services.privacy.texter_id(NEW_BE)
    send(services, "English")
    reply = send(services, "STOP")
    assert reply.text == answer(content, "stop", "en")
    assert texters.is_opted_out(services.redis, texter_id)
    assert send(services, "HEALTH").topic == "sante"  # still answered: the texter asked
    reply = send(services, "START")
    assert reply.text == answer(content, "start", "en")
    assert not texters.is_opted_out(services.redis, texter_id)


@pytest.mark.parametrize(
    ("stop", "start"),
    [
        ("STOP", "START"),
        ("ARRÊT", "DÉMARRER"),
        ("STOPPEN", "HERVATTEN"),
        ("UNSUBSCRIBE", "UNSTOP"),
        ("توقف", "استئناف"),
        ("PARAR", "REANUDAR"),
        ("OPRIRE", "PORNIRE"),
        ("DURDUR", "BAŞLAT"),
        ("NDALO", "RIFILLO"),
        ("ایست", "شروع"),
    ],
)
def test_stop_and_start_words_in_every_language(services, stop, start):
    texter_id = services.privacy.texter_id(NEW_BE)
    send(services, stop)
    assert texters.is_opted_out(services.redis, texter_id)
    send(services, start)
    assert not texters.is_opted_out(services.redis, texter_id)


def test_whatsapp_gets_the_whatsapp_text(services, content):
    reply = send(services, "SANTE", channel="whatsapp")
    assert reply.text == answer(content, "sante", "fr", channel="whatsapp")


def test_same_message_sid_gets_same_reply_and_no_second_side_effect(services):
    message = InboundMessage("sms", NEW_BE, "STOP", message_sid="SM123")
    first = engine.handle(message, services)
    texters.set_opted_out(services.redis, services.privacy.texter_id(NEW_BE), False)
    second = engine.handle(message, services)
    assert second.text == first.text
    assert not texters.is_opted_out(services.redis, services.privacy.texter_id(NEW_BE))


def test_state_is_keyed_by_hash_and_number_is_encrypted(services):
    send(services, "SANTE")
    for key in services.redis.scan_iter("*"):
        assert "470000001" not in key
        if services.redis.type(key) == "hash":
            assert "470000001" not in str(services.redis.hgetall(key))


def test_engine_and_handlers_never_import_flask():
    code = "import sys, hotline.conversation.engine, handlers; print('flask' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_a_reply_without_a_list_resets_numbers_to_the_main_menu(services, content):
    send(services, "ATELIER")
    send(services, "SANTE")
    assert send(services, "1").topic == content.menu_topic(1).id
