"""ATELIER by SMS, through the signed webhook: list, register, waiting list, unregister."""

from __future__ import annotations

import pytest

from hotline import languages
from hotline.platform import store as keys
from hotline.text import sms
from hotline.texters import state as texters
from hotline.workshops import events as workshops
from tests.clock import on_day, spoken_day
from tests.content.test_model import number_for
from tests.workshops.test_workshops import make_workshop

ANA = "+32470000001"
BOB = "+32470000002"


def test_atelier_lists_upcoming_workshops_with_french_dates(services, clock, text):
    later, sooner = on_day(clock, 17, "14:00"), on_day(clock, 10, "17:00")  # two Thursdays
    make_workshop(services, later)
    make_workshop(services, sooner, capacity=1)
    make_workshop(services, on_day(clock, -22, "17:00"))  # past: not listed
    workshops.register(services, "2", services.privacy.texter_id(BOB))

    reply = text("ATELIER")

    assert reply.splitlines() == [
        "Ateliers à venir. Pour vous inscrire, envoyez ATELIER et le numéro (ex.: ATELIER 2).",
        f"2. Droits des locataires - {spoken_day(sooner, 'fr')}, 17:00, Pianofabriek, Bruxelles "
        "(complet: liste d'attente)",
        f"1. Droits des locataires - {spoken_day(later, 'fr')}, 14:00, Pianofabriek, Bruxelles",
    ]
    texter = texters.load(services.redis, services.privacy.texter_id(ANA))
    assert texter.last_menu == "atelier"


def test_workshop_in_arabic_and_dari_uses_their_script(services, clock, text):
    thursday = make_workshop(services).starts_at

    arabic = text("ورشة", sender="+212600000001")
    dari = text("کارگاه", sender="+93700000001")

    assert f"{spoken_day(thursday, 'ar')}، 17:00" in arabic and "حقوق المستأجرين" in arabic
    assert f"{spoken_day(thursday, 'fa')}، ۱۷:۰۰" in dari
    assert spoken_day(thursday, "ar").startswith("الخميس") and "پنجشنبه" in dari


def test_nothing_upcoming_announces_the_next_workshop_without_a_date(services, clock, text):
    reply = text("workshop", sender="+447700900001")

    assert reply.startswith("No workshop is scheduled right now.")
    assert "Foreigners' law in Belgium" in reply


def test_a_long_list_is_cut_to_three_segments_with_a_hint(services, clock, text):
    for day in range(1, 11):
        make_workshop(services, on_day(clock, day, "17:00"))

    reply = text("ATELIER")

    assert reply.endswith("(+ d'autres ateliers. Infos: SOLEA 0456 64 40 36)")

    assert sms.segment_info(reply).segments <= 3


def test_register_by_keyword_number_and_bare_number(services, clock, text):
    make_workshop(services)
    make_workshop(services, on_day(clock, 17, "17:00"))

    assert text("ATELIER 1").startswith("Inscription confirmée: atelier 1, Droits des locataires")
    assert text("atelier 1").startswith("Inscription déjà faite pour l'atelier 1")
    text("ATELIER")
    assert text("2").startswith("Inscription confirmée: atelier 2")
    assert text("INSCRIPTION 7") == (
        "Pas d'atelier ouvert avec le numéro 7. Envoyez ATELIER pour voir la liste."
    )
    ana = services.privacy.texter_id(ANA)
    assert [w.id for w in workshops.of_texter(services, ana)] == ["1", "2"]


def test_register_in_spanish_and_english(services, clock, text):
    make_workshop(services)

    assert text("TALLER 1", sender="+34600000001").startswith("Inscripcion confirmada: taller 1")
    thursday = spoken_day(on_day(clock, 10, "17:00"), "en")
    assert text("register 1", sender="+447700900001").startswith(
        f"Registration confirmed: workshop 1, Droits des locataires, {thursday}, 17:00"
    )


def test_full_workshop_waiting_list_and_unregister_promotes(
    services, clock, text, run_jobs, outbox
):
    make_workshop(services, capacity=1)
    text("ATELIER 1", sender=ANA)

    waiting = text("ATELIER 1", sender=BOB)
    assert "complet" in waiting and "numéro 1" in waiting

    assert text("ANNULER ATELIER 1", sender=ANA).startswith(
        "Votre inscription à l'atelier 1, Droits des locataires, est annulée."
    )
    run_jobs()
    [promoted] = outbox()
    assert promoted["text"].startswith("Bonne nouvelle: une place s'est libérée.")
    assert promoted["texter_id"] == services.privacy.texter_id(BOB)
    assert text("ANNULER ATELIER 1", sender=ANA).startswith("Pas d'inscription à votre nom")


def test_annuler_atelier_without_number_cancels_the_only_registration(services, clock, text):
    make_workshop(services)
    make_workshop(services, on_day(clock, 17, "17:00"))

    assert text("ANNULER ATELIER").startswith("Pour annuler une inscription")
    text("ATELIER 2")
    assert text("ANNULER ATELIER").startswith("Votre inscription à l'atelier 2")


def test_a_typo_lists_but_never_registers(services, clock, text):
    make_workshop(services)

    reply = text("ATELLIER 1")

    assert reply.startswith("Ateliers à venir.")
    assert workshops.counts(services, "1") == (0, 0)


# A real title, long as coordinators write them (seed 000), with its Arabic and Dari versions.
LONG_TITLES = {
    "fr": "Accès aux services sociaux et de santé en Belgique",
    "ar": "الوصول إلى الخدمات الاجتماعية والصحية في بلجيكا",
    "fa": "دسترسی به خدمات اجتماعی و صحی در بلجیم",
}


@pytest.mark.parametrize("language", languages.LANGUAGES)
def test_every_language_shows_the_next_of_two_workshops(services, clock, text, language):
    later = make_workshop(services, on_day(clock, 17, "17:00"), titles=LONG_TITLES)
    sooner = make_workshop(services, titles=LONG_TITLES)
    keyword = services.content.topic("atelier").keywords[language][0]

    reply = text(keyword.upper(), sender=number_for(language))

    lines = reply.splitlines()
    assert any(line.startswith(f"{sooner.id}. {sooner.title(language)}") for line in lines)
    assert later.id != sooner.id
    assert sms.segment_info(reply).segments <= 3


def test_a_bare_number_registers_only_for_a_workshop_the_list_showed(services, clock, text):
    for day in range(1, 11):
        make_workshop(services, on_day(clock, day, "17:00"), titles=LONG_TITLES)
    arabic = "+212600000001"

    listed = text("ورشة", sender=arabic)
    shown = [line.split(".")[0] for line in listed.splitlines() if line[:1].isdigit()]
    assert shown and "10" not in shown  # a UCS-2 list cannot hold ten workshops

    refused = text("10", sender=arabic)
    assert refused.startswith("الورشة 10 لم تكن في القائمة")
    assert workshops.counts(services, "10") == (0, 0)

    text("ورشة", sender=arabic)
    assert "تم تسجيلك" in text(shown[0], sender=arabic)
    assert workshops.counts(services, shown[0]) == (1, 0)


def test_a_bare_number_from_an_old_list_registers_nobody(services, clock, text):
    """A texter whose list was remembered before lists recorded what they showed."""
    make_workshop(services)
    ana = services.privacy.texter_id(ANA)
    services.redis.hset(keys.texter(ana), mapping={"menu": "atelier"})

    assert text("1").startswith("L'atelier 1 ne figurait pas dans la liste envoyée")
    assert workshops.counts(services, "1") == (0, 0)


def test_the_keyword_with_a_number_registers_without_a_list(services, clock, text):
    """The number on a poster: ATELIER 3 needs no list first."""
    make_workshop(services)

    assert text("ورشة 1", sender="+212600000001").startswith("تم تسجيلك")
