"""The understanding on the kinds of failure issue 14 quotes, and through the engine."""

from __future__ import annotations

import pytest

from hotline import callbacks
from hotline.conversation import InboundMessage, engine
from hotline.text import sms
from hotline.texters import state as texters
from hotline.understanding import EMERGENCY, EXACT, Understanding, warm_up

BE = "+32470000091"


@pytest.fixture(scope="module")
def understanding(content) -> Understanding:
    warm_up()
    return Understanding(content)


def send(services, text: str, sender: str = BE):
    return engine.handle(InboundMessage("sms", sender, text), services)


@pytest.mark.parametrize(
    ("text", "topic", "language"),
    [
        ("الصحة", "sante", "ar"),  # the article
        ("السكن", "logement", "ar"),
        ("والعمل", "emploi", "ar"),  # and + the article
        ("بالمستشفى", "sante", "ar"),
        ("داکترها", "sante", "fa"),  # a plural
        ("می‌خواهم داکتر ببینم", "sante", "fa"),  # Persian letters: Dari
        ("bghit tbib 3afak", "sante", "ar"),  # Arabizi
        ("salam khoya ma3andich fin nbat", "logement", "ar"),
        ("salam dactar mekhaham", "sante", "fa"),  # Dari typed in Latin letters
        ("je cherche un médecin pour ma fille", "sante", "fr"),
        ("waar vind ik een dokter zonder papieren", "sante", "nl"),
        ("unde pot dormi in seara asta", "logement", "ro"),
        ("nuk kam ku te fle sonte", "logement", "sq"),  # fle: to sleep, not the FLE course
        ("médecins", "sante", "fr"),  # a plural
        ("spitalin", "sante", "sq"),
        ("hastaneye", "sante", "tr"),
    ],
)
def test_words_meet_their_topic_through_morphology_and_language(
    understanding, text, topic, language
):
    understood = understanding.understand(text)
    assert (understood.topic, understood.language) == (topic, language)


@pytest.mark.parametrize(
    "text",
    [
        "ma femme ne respire plus bien",
        "زوجي لا يتنفس جيدا",
        "mijn man is bewusteloos",
        "my wife is in labour",
        "zanem dard zayman dara",
        "ajel ast, shoharem nafas kashida nametana",
        "RAPPEL mon fils saigne beaucoup",  # an emergency even after an action's keyword
    ],
)
def test_emergencies_go_to_urgence_first(understanding, text):
    understood = understanding.understand(text)
    assert (understood.kind, understood.topic) == (EMERGENCY, "urgence")
    assert not understood.may_act


@pytest.mark.parametrize(
    "text",
    [
        "ajel ast komak mekhaham",  # not APEL
        "cual es el horario del cpas",  # not CALL
        "SANS PAPIERS",  # not a language name
        "viol",  # not VOLGEN
        "stop violence in my home",
        "دنبال کار هستم",  # looking for work, not SUIVRE
        "call ambulance my wife is bleeding",
        "stopp",
        "could someone call me",
    ],
)
def test_nothing_but_an_exact_keyword_acts(understanding, text):
    understood = understanding.understand(text)
    assert not (understood.may_act and (understood.action or understood.selects))


def test_a_greeting_carries_its_language_and_salam_is_not_turkish(understanding):
    assert set(understanding.understand("salam").languages) <= {"ar", "fa"}
    assert understanding.understand("salam").topic == "menu"
    assert understanding.understand("merhaba doktor").language == "tr"


def test_a_refusal_turns_a_topic_down(understanding):
    assert understanding.understand("je ne veux pas retourner au pays").topic == "juridique"
    assert understanding.understand("I want to go back to my country").topic == "retour"


def test_the_rest_after_a_keyword_stays_available(understanding):
    understood = understanding.understand("SANTE 2")
    assert (understood.kind, understood.topic, understood.rest) == (EXACT, "sante", "2")
    assert understanding.understand("RAPPEL logement, j'ai une lettre").rest_raw == (
        "logement, j'ai une lettre"
    )


def test_an_action_in_other_words_gets_its_question_and_nothing_happens(services, content):
    reply = send(services, "could someone call me please")
    assert reply.text == content.render("question", "rappel", "en", "sms")
    assert callbacks.list_requests(services) == []
    reply = send(services, "please stop sending me messages")
    assert reply.text == content.render("question", "stop", "en", "sms")
    assert not texters.is_opted_out(services.redis, services.privacy.texter_id(BE))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("merci", "fr"), ("bedankt", "nl"), ("thank you", "en"), ("shukran", "ar"),
        ("gracias", "es"), ("multumesc", "ro"), ("teşekkürler", "tr"), ("faleminderit", "sq"),
        ("تشکر", "fa"),
    ],
)  # fmt: skip
def test_thanks_get_a_one_segment_polite_reply(services, content, text, language):
    reply = send(services, text)
    assert (reply.topic, reply.language) == ("merci", language)
    assert sms.segment_info(reply.text).segments == 1


@pytest.mark.parametrize("text", ["help", "aide", "ayuda", "ajutor", "yardım", "ndihmë", "کمک"])
def test_help_words_get_the_menu(services, text):
    assert send(services, text).topic == "menu"


def test_unmatched_arabic_script_is_never_answered_in_french(services, content):
    assert send(services, "كلام غير مفهوم").language == "ar"
    assert send(services, "گپ نامفهوم", sender="+32470000092").language == "fa"


def test_an_explicit_language_choice_still_wins(services):
    send(services, "English")
    assert send(services, "je cherche un médecin").language == "en"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("ik wil mijn terugbelverzoek annuleren", "annuler"),  # the intent, not its object
        ("je voudrais etre prevenu quand il y a du nouveau sur le logement", "suivre"),
        ("hola buenas, necesito un doctor que hable español", "sante"),  # not LANGUE
        ("l'atelier sur la santé c'est quand", "atelier"),
        ("ik wil een andere taal", "langue"),  # "taal" is also a course: LANGUE has its own words
    ],
)
def test_an_intent_outranks_the_topic_it_takes_as_its_object(understanding, text, topic):
    understood = understanding.understand(text)
    assert understood.topic == topic
    assert not (understood.may_act and understood.action)  # found in a sentence: it only asks


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("no me quiero regresar, quiero quedarme aquí con papeles", "juridique"),
        ("nuk kthehem mbrapa, dua te qendroj ketu ligjerisht", "juridique"),
        ("به وطن برنمیگردم، میخواهم اینجا قانونی بمانم", "juridique"),  # a negated verb
        ("no tengo casa", "logement"),  # a bare "no" turns down only RETOUR
    ],
)
def test_negation_words_turn_voluntary_return_down_and_nothing_else(understanding, text, topic):
    assert understanding.understand(text).topic == topic


@pytest.mark.parametrize(
    ("text", "topic", "language"),
    [
        ("bivienda", "logement", "es"),  # b for v
        ("yamar", "rappel", "es"),  # y for ll
        ("تماش", "rappel", "fa"),  # ش for س: the same letter but for its dots
        ("وکبل", "juridique", "fa"),
        ("اللجوو", "juridique", "ar"),  # a typo behind the article
        ("iptl", "annuler", "tr"),  # a letter left out
    ],
)
def test_typos_as_people_make_them_are_corrected_and_only_ask(understanding, text, topic, language):
    understood = understanding.understand(text)
    assert (understood.topic, understood.language) == (topic, language)
    assert not (understood.may_act and understood.action)


@pytest.mark.parametrize(
    ("text", "language"),
    [("menú", "es"), ("مرسی", "fa"), ("stop va rog", "ro"), ("stop por favor", "es")],
)
def test_a_keyword_of_several_languages_takes_the_language_its_letters_or_words_show(
    understanding, text, language
):
    assert understanding.understand(text).languages == (language,)


def test_rappel_followed_by_another_actions_words_only_asks(understanding):
    understood = understanding.understand("geri arama talebimi iptal etmek istiyorum")
    assert understood.topic == "annuler"
    assert not understood.may_act


def test_arabic_marks_alone_are_arabic_or_dari(understanding):
    assert understanding.understand("؟؟").languages == ("ar", "fa")
    assert understanding.understand("🙂").languages == ()
