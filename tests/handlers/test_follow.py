"""SUIVRE by SMS, through the signed webhook: follow, list, stop one topic, bare STOP, typos."""

from __future__ import annotations

import pytest

from hotline.broadcasts import subscriptions
from hotline.text import sms
from hotline.text.normalization import normalize
from hotline.texters import state as texters
from tests.conftest import inbound_form
from tests.web.test_webhooks import PATH, reply_text

ANA = "+32470000001"
DAYS = 90  # the test settings' history_retention_days


@pytest.fixture
def say(content):
    """The exact text of a `suivre` message in one language."""
    return lambda message, language, **fields: content.render(
        "suivre", message, language, "sms", **fields
    )


def following(services, number: str = ANA) -> list[str]:
    return subscriptions.of_texter(services, services.privacy.texter_id(number))


def opted_out(services, number: str = ANA) -> bool:
    return texters.is_opted_out(services.redis, services.privacy.texter_id(number))


def test_days_match_the_settings(services):
    assert services.settings.history_retention_days == DAYS


def test_follow_list_and_stop_one_topic_in_french(services, text, say):
    assert text("SUIVRE") == say("answer", "fr")
    assert text("SUIVRE SANTE") == say("subscribed", "fr", subject="SANTE", days=DAYS)
    assert text("suivre santé") == say("already", "fr", subject="SANTE")
    assert text("SUIVRE CPAS") == say("subscribed", "fr", subject="CPAS", days=DAYS)
    assert following(services) == ["sante", "cpas"]
    assert text("SUIVRE") == say("following", "fr", followed="SANTE, CPAS", example="SANTE")

    assert text("STOP SANTE") == say("unsubscribed", "fr", subject="SANTE")

    assert following(services) == ["cpas"]
    assert not opted_out(services)  # one topic stopped, not every message


def test_the_confirmation_names_the_topic_and_how_to_stop(services, text):
    reply = text("SUIVRE SANTE")
    assert "SANTE" in reply and "STOP SANTE" in reply and "STOP seul" in reply
    assert f"{DAYS} jours" in reply


def test_dutch_follow_and_stop(services, text, say):
    assert text("VOLGEN GEZONDHEID") == say("subscribed", "nl", subject="GEZONDHEID", days=DAYS)
    assert following(services) == ["sante"]
    assert text("STOPPEN GEZONDHEID") == say("unsubscribed", "nl", subject="GEZONDHEID")
    assert following(services) == [] and not opted_out(services)


def test_arabic_follow_and_stop_in_arabic_script(services, text, say):
    arabic = "+212600000001"
    assert text("متابعة صحة", arabic) == say("subscribed", "ar", subject="صحة", days=DAYS)
    assert following(services, arabic) == ["sante"]
    assert text("توقف صحة", arabic) == say("unsubscribed", "ar", subject="صحة")
    assert following(services, arabic) == [] and not opted_out(services, arabic)


def test_spanish_follow_and_cancel_through_annuler(services, text, say):
    spanish = "+34600000001"
    assert text("SEGUIR SALUD", spanish) == say("subscribed", "es", subject="SALUD", days=DAYS)
    assert text("CANCELAR SEGUIR SALUD", spanish) == say("unsubscribed", "es", subject="SALUD")
    assert text("CANCELAR SEGUIR SALUD", spanish) == say("not_following", "es", subject="SALUD")
    assert following(services, spanish) == []


def test_annuler_suivre_in_french_and_annuler_suivre_alone(services, text, say):
    text("SUIVRE LOGEMENT")
    assert text("ANNULER SUIVRE") == say("following", "fr", followed="LOGEMENT", example="LOGEMENT")
    assert text("ANNULER SUIVRE LOGEMENT") == say("unsubscribed", "fr", subject="LOGEMENT")
    assert following(services) == []


def test_dari_and_turkish_keywords(services, text, say):
    dari, turkish = "+93700000001", "+905300000001"
    assert text("دنبال صحت", dari) == say("subscribed", "fa", subject="صحت", days=DAYS)
    assert text("TAKİP SAĞLIK", turkish) == say("subscribed", "tr", subject="SAGLIK", days=DAYS)
    assert following(services, dari) == following(services, turkish) == ["sante"]


def test_bare_stop_drops_every_subscription(services, text, content):
    text("SUIVRE SANTE")
    text("SUIVRE ATELIER")
    assert following(services) == ["sante", "atelier"]

    assert text("STOP") == content.render("stop", "answer", "fr", "sms")

    assert opted_out(services) and following(services) == []
    assert text("START") == content.render("start", "answer", "fr", "sms")
    assert following(services) == []  # START does not bring subscriptions back


def test_stop_with_a_topic_not_followed_is_a_full_stop(services, text, content):
    assert text("STOP SANTE") == content.render("stop", "answer", "fr", "sms")
    assert opted_out(services)


def test_stop_with_other_words_is_a_full_stop(services, text):
    text("SUIVRE SANTE")
    text("STOP SANTE svp")
    assert opted_out(services) and following(services) == []


def test_an_opted_out_texter_is_told_to_send_start_first(services, text, say):
    text("STOP")
    assert text("SUIVRE SANTE") == say("opted_out", "fr", subject="SANTE")
    assert following(services) == []
    assert text("START SANTE") == say("subscribed", "fr", subject="SANTE", days=DAYS)
    assert not opted_out(services) and following(services) == ["sante"]


def test_english_subscribe_is_start_and_follows_the_topic(services, text, say):
    english = "+447700900001"
    assert text("SUBSCRIBE HEALTH", english) == say("subscribed", "en", subject="HEALTH", days=DAYS)
    assert text("FOLLOW HOUSING", english) == say("subscribed", "en", subject="HOUSING", days=DAYS)
    assert following(services, english) == ["sante", "logement"]
    assert text("UNSUBSCRIBE HEALTH", english) == say("unsubscribed", "en", subject="HEALTH")


def test_a_menu_number_names_the_topic(services, text, say):
    assert text("SUIVRE 1") == say("subscribed", "fr", subject="SANTE", days=DAYS)
    assert following(services) == ["sante"]


@pytest.mark.parametrize("body", ["SUIVER", "SUIVR ATELIER", "SUIVER SANTE", "ABONER"])
def test_a_typo_of_the_keyword_never_subscribes(services, text, body):
    reply = text(body)
    assert following(services) == []
    assert "SUIVRE" in reply or "Santé" in reply  # "did you mean SUIVRE?" or the SANTE answer


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        ("suivre des cours de français", "COURS DE LANGUE"),
        ("SUIVRE SANTE svp", "SANTE"),
        ("suivre sante s'il vous plait", "SANTE"),
    ],
)
def test_more_than_a_topic_name_asks_for_the_exact_words(services, text, say, body, subject):
    assert text(body) == say("ask", "fr", subject=subject)
    assert following(services) == []


@pytest.mark.parametrize(
    ("body", "topic", "message"),
    [
        ("suivre un cours de français ça coûte cher ?", "cours", "answer"),  # to take a class
        ("SUIVRE SNATE", "question", "suivre"),  # a typo of the topic: SUIVRE's question back
    ],
)
def test_suivre_in_a_sentence_follows_nothing(services, text, content, body, topic, message):
    assert text(body) == content.render(topic, message, "fr", "sms")
    assert following(services) == []


def test_a_topic_that_cannot_be_followed_lists_those_that_can(services, text, content):
    reply = text("SUIVRE RAPPEL")
    assert reply.startswith("On ne peut pas suivre ce thème.")
    assert "SANTE, CPAS, JURIDIQUE" in reply and "ATELIER" in reply
    assert following(services) == []
    romanian = text("URMARESTE RAPEL", "+40700000001")
    assert sms.segment_info(romanian).segments <= 3


def test_whatsapp_replies_are_not_cut(services, signed_post):
    form = inbound_form("SUIVRE RAPPEL", sender="whatsapp:" + ANA)
    reply = reply_text(signed_post(PATH, form))
    assert reply.endswith("ATELIER")


@pytest.mark.parametrize("language", ["fr", "nl", "en", "ar", "es", "ro", "tr", "sq", "fa"])
def test_the_menu_and_the_empty_workshop_list_tell_how_to_follow(content, language):
    follow_word = normalize(content.topic("suivre").keywords[language][0])
    menu = normalize(content.render("menu", "answer", language, "sms"))
    no_workshop = normalize(content.render("atelier", "none", language, "sms"))
    assert follow_word in menu and follow_word in no_workshop
    assert sms.segment_info(content.render("menu", "answer", language, "sms")).segments <= 3


@pytest.mark.parametrize("language", ["fr", "nl", "en", "ar", "es", "ro", "tr", "sq", "fa"])
def test_follow_and_stop_one_topic_with_each_languages_own_words(services, text, content, language):
    follow_word = content.topic("suivre").keywords[language][0]
    health_word = content.topic("sante").keywords[language][0]
    stop_word = content.topic("stop").keywords[language][-1]  # the language's own, not "stop"
    number = "+32470000199"
    text(f"{follow_word} {health_word}", sender=number)
    assert following(services, number) == ["sante"]
    text(f"{stop_word} {health_word}", sender=number)
    assert following(services, number) == [] and not opted_out(services, number)
