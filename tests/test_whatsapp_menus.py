"""The menus people can tap: every item, tapped, is answered like its keyword, in that language
(a texter who was shown the menu in a language has that language already)."""

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
    items = whatsapp_menus.menu_items(services.content, language)
    assert len(items) == 10 and all(len(item["item"]) <= 24 for item in items)
    for number, item in enumerate(items, start=1):
        sender = f"whatsapp:+3247000{number:04d}"
        tid = services.privacy.texter_id(sender.removeprefix("whatsapp:"))
        texters.set_language(services.redis, tid, language, texters.INFERRED)  # saw the menu
        form = inbound_form(item["item"], sender=sender, ListId=item["id"], ListTitle=item["item"])
        reply = engine.handle(parse_form(form), services)
        topic = services.content.menu_topic(number)
        assert (reply.topic, reply.language) == (topic.id, language), item


def test_did_you_mean_buttons_carry_the_candidates_keywords(services):
    request = whatsapp_menus.did_you_mean_request(services.content, "nl", ("sante", "juridique"))
    actions = request["types"]["twilio/quick-reply"]["actions"]
    form = inbound_form("x", sender="whatsapp:+32470009999", ButtonPayload=actions[0]["id"])
    reply = engine.handle(parse_form(form), services)
    assert (reply.topic, reply.language) == ("sante", "nl")
