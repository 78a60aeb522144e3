"""Voice notes, pictures, documents, contact cards, locations and quoted replies.

Shapes as Twilio sends them for WhatsApp (`MediaContentType0`, `Latitude`/`Longitude`/`Address`/
`Label`, `OriginalRepliedMessageSid`); the answers come from content/canal.yaml, lieux.yaml.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from hotline.content import places
from hotline.platform import store
from hotline.workshops import events as workshops
from tests.conftest import inbound_form

SENDER = "whatsapp:+212612345678"  # Moroccan number: answered in Arabic until told otherwise
MEDIA_URL = "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0"


def whatsapp(body: str = "", sender: str = SENDER, **extra: str) -> dict[str, str]:
    return inbound_form(body, sender=sender, To="whatsapp:+32460000001", **extra)


def media(content_type: str, body: str = "") -> dict[str, str]:
    extra = {"NumMedia": "1", "MediaContentType0": content_type, "MediaUrl0": MEDIA_URL}
    return whatsapp(body, MessageType=content_type.split("/")[0], **extra)


def location(latitude: float, longitude: float, **extra: str) -> dict[str, str]:
    return whatsapp(
        "", Latitude=str(latitude), Longitude=str(longitude), MessageType="location", **extra
    )


@pytest.fixture
def answer(signed_post):
    """Post a form to the webhook; the reply's text and the <Message> element."""

    def post(form: dict[str, str]) -> str:
        response = signed_post("/twilio/messages", form)
        assert response.status_code == 200
        message = ET.fromstring(response.get_data(as_text=True)).find("Message")
        return message.text if message is not None else ""

    return post


def say(services, topic, message, language="ar", **fields):
    return services.content.render(topic, message, language, "whatsapp", **fields)


@pytest.mark.parametrize("content_type", ["audio/ogg", "audio/ogg; codecs=opus", "audio/mpeg"])
def test_a_voice_note_offers_rappel_and_the_missed_call_in_the_texters_language(
    services, answer, content_type
):
    assert answer(media(content_type)) == say(services, "canal", "voice")


@pytest.mark.parametrize(
    "content_type", ["image/jpeg", "image/webp", "video/mp4", "application/pdf"]
)
def test_a_picture_or_a_document_offers_a_callback_about_the_papers(services, answer, content_type):
    assert answer(media(content_type)) == say(services, "canal", "answer")


def test_a_caption_that_is_a_keyword_is_answered_as_the_keyword(services, answer):
    assert answer(media("image/jpeg", body="SANTE")) == say(services, "sante", "answer", "fr")


def test_a_contact_card_gets_the_menu(services, answer):
    assert answer(media("text/vcard")) == say(services, "menu", "answer")


@pytest.mark.parametrize(
    ("latitude", "longitude", "message", "town"),
    [
        (50.6412, 5.5718, "near_apd", "Liège"),  # Liège centre
        (50.4669, 4.8675, "near_apd", "Namur"),
        (50.4114, 4.4447, "near_charleroi", ""),
        (50.3410, 4.2880, "near_thuin", ""),
        (50.8503, 4.3517, "near_brussels", ""),  # Grand-Place
    ],
)
def test_a_location_gets_the_services_of_the_nearest_town(
    services, answer, latitude, longitude, message, town
):
    shared = location(latitude, longitude, Address="Rue X 1", Label="Chez moi")
    fields = {"town": town} if town else {}
    assert answer(shared) == say(services, "lieux", message, **fields)


def test_a_location_far_from_every_town_asks_for_the_commune(services, answer):
    assert answer(location(51.2194, 4.4025)) == say(services, "lieux", "answer")  # Antwerp
    assert answer(location(33.5731, -7.5898)) == say(services, "lieux", "answer")  # Casablanca


def test_the_shared_address_is_never_stored(services, answer):
    answer(location(50.6412, 5.5718, Address="Rue Secrète 12, 4000 Liège", Label="Chez Amina"))
    for key in services.redis.keys("*"):
        if services.redis.type(key) == "hash":
            values = " ".join(services.redis.hgetall(key).values())
            assert "Secrète" not in values and "Amina" not in values


def test_a_town_typed_as_text_gets_its_services(services, answer):
    assert answer(whatsapp("Namur")) == say(services, "lieux", "near_apd", "fr", town="Namur")
    assert answer(whatsapp("luik")) == say(services, "lieux", "near_apd", "nl", town="Liège")


def test_every_town_keyword_of_the_content_names_a_town(services):
    for words in services.content.topic("lieux").keywords.values():
        for word in words:
            assert places.named(word) is not None, word


def test_a_quoted_number_picks_from_the_quoted_list_not_the_last_one(services, answer, signed_post):
    start = services.clock() + dt.timedelta(days=3)
    workshops.create(
        services, titles={"fr": "Atelier CPAS"}, starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="Pianofabriek",
    )  # fmt: skip
    menu_sid, atelier_sid = "SM" + "a" * 32, "SM" + "b" * 32
    response = signed_post("/twilio/messages", whatsapp("MENU"))
    action = ET.fromstring(response.get_data(as_text=True)).find("Message").get("action")
    assert action.endswith("/twilio/replied?menu=menu")
    signed_post(
        action.removeprefix("http://localhost"), {"MessageSid": menu_sid, "MessageStatus": "sent"}
    )
    assert services.redis.get(store.reply_menu(menu_sid)) == "menu"
    signed_post("/twilio/messages", whatsapp("ATELIER"))  # the list seen last: workshops
    unknown = answer(whatsapp("1", OriginalRepliedMessageSid=atelier_sid))  # SID never reported
    assert unknown != say(services, "sante", "answer", "fr")  # the last list: workshop 1
    signed_post("/twilio/messages", whatsapp("ATELIER"))
    quoted = answer(whatsapp("1", OriginalRepliedMessageSid=menu_sid))
    assert quoted == say(services, "sante", "answer", "fr")  # item 1 of the quoted main menu
