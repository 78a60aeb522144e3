"""The menus people can tap: every item, tapped, is answered like its keyword, in that language
(a texter who was shown the menu in a language has that language already); the templates'
shapes stay within WhatsApp's limits."""

from __future__ import annotations

import pytest

from hotline.conversation import engine
from hotline.conversation.inbound import parse_form
from hotline.languages import LANGUAGES
from hotline.outbound import whatsapp_menus
from hotline.texters import state as texters
from tests.conftest import inbound_form


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_menu_item_tapped_gets_its_topic_in_the_menus_language(services, language):
    menu = whatsapp_menus.main_menu(services.content, language)
    values = whatsapp_menus.variables(menu)
    assert menu.count == 10
    for number in range(1, 11):
        item_id, title = values[f"i{number}"], values[f"t{number}"]
        assert 0 < len(title) <= whatsapp_menus.ITEM_MAX
        sender = f"whatsapp:+3247000{number:04d}"
        tid = services.privacy.texter_id(sender.removeprefix("whatsapp:"))
        texters.set_language(services.redis, tid, language, texters.INFERRED)  # saw the menu
        form = inbound_form(title, sender=sender, ListId=item_id, ListTitle=title)
        reply = engine.handle(parse_form(form), services)
        topic = services.content.menu_topic(number)
        assert (reply.topic, reply.language) == (topic.id, language), item_id


def test_did_you_mean_buttons_carry_the_candidates_keywords(services):
    buttons = whatsapp_menus.did_you_mean(services.content, "nl", ("sante", "juridique"))
    values = whatsapp_menus.variables(buttons)
    form = inbound_form("x", sender="whatsapp:+32470009999", ButtonPayload=values["i1"])
    reply = engine.handle(parse_form(form), services)
    assert (reply.topic, reply.language) == ("sante", "nl")
    assert values["options"] == f"{values['i1']} / {values['i2']}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_template_per_kind_language_and_count_with_its_content_version(content, language):
    menu = whatsapp_menus.definition(content, whatsapp_menus.MENU, language, 10)
    again = whatsapp_menus.definition(content, whatsapp_menus.MENU, language, 10)
    other = whatsapp_menus.definition(
        content, whatsapp_menus.MENU, "fr" if language != "fr" else "nl", 10
    )
    assert menu.version == again.version != other.version
    assert menu.friendly_name == f"hotline_menu10_{language}_{menu.version}"
    picker = menu.request["types"][whatsapp_menus.LIST_PICKER]
    assert picker["body"] == content.render("menu", "answer", language, "whatsapp")
    assert len(picker["body"]) <= whatsapp_menus.BODY_MAX and "112" in picker["body"]
    assert len(picker["button"]) <= whatsapp_menus.BUTTON_MAX
    assert set(menu.request["variables"]) == {f"{x}{k}" for k in range(1, 11) for x in "it"}


def test_too_many_or_too_long_is_not_shown_as_taps(content):
    choices = tuple(whatsapp_menus.Choice(f"W {n}", f"{n}. x", "d") for n in range(1, 12))
    eleven = whatsapp_menus.Interactive(whatsapp_menus.WORKSHOPS, choices, {"n": "1"})
    template = whatsapp_menus.definition(content, eleven.kind, "fr", eleven.count)
    assert not whatsapp_menus.fits(eleven, template)
    long = whatsapp_menus.Interactive(
        whatsapp_menus.WORKSHOPS, choices[:2], {"n": "1", "items": "x" * 1000}
    )
    assert not whatsapp_menus.fits(long, whatsapp_menus.definition(content, long.kind, "fr", 2))
    same = whatsapp_menus.Interactive(whatsapp_menus.DID_YOU_MEAN, choices[:1] * 2, {})
    assert not whatsapp_menus.fits(same, whatsapp_menus.definition(content, same.kind, "fr", 2))


def test_a_long_workshop_list_keeps_every_item_and_the_lines_that_fit(content):
    lines = [f"{n}. " + "x" * 150 for n in range(1, 11)]
    choices = [whatsapp_menus.Choice(str(n), "Titre " * 10, "lundi") for n in range(1, 11)]
    taps = whatsapp_menus.workshop_list(content, "fr", lines, choices)
    template = whatsapp_menus.definition(content, taps.kind, "fr", taps.count)
    assert taps.count == 10 and whatsapp_menus.fits(taps, template)
    assert 0 < len(taps.values["items"].splitlines()) < 10
    values = whatsapp_menus.variables(taps)
    assert values["i10"] == "ATELIER 10" and values["t1"] == "1. Titre Titre Titre…"
    assert whatsapp_menus.taps('{"t1": "a", "i1": "A", "t2": "b"}') == ["a", "b"]
