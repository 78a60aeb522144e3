"""WhatsApp menus people can tap, through the signed webhook: the main menu, "did you mean…?"
and the workshop list go out as Content API templates (created once, cached), the TwiML stays
empty, a redelivery sends nothing twice, a tap is answered in the texter's language; SMS, and
WhatsApp until the template exists, get the text."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from hotline import content as content_store
from hotline import outbound
from hotline.accounts import users
from hotline.cli import main
from hotline.outbound import whatsapp_menus, whatsapp_templates
from hotline.platform import queues, store
from hotline.texters import state as texters
from hotline.workshops import events as workshops
from tests.cli.test_outbound import cli_env
from tests.conftest import BASE_URL, ROOT, inbound_form, sign
from tests.console_helpers import logged_in

WA = "whatsapp:+32470000001"
SENDER = "whatsapp:+32460000001"
MAROC = "whatsapp:+212600000001"  # answered in Arabic


@dataclass
class Sent:
    """One inbound WhatsApp message: what the TwiML said ("" for nothing) and its form."""

    twiml: str
    form: dict[str, str]


@pytest.fixture
def whatsapp(services, signed_post):
    """Send a WhatsApp message through the signed webhook (signed for the URL Twilio calls)."""

    def send(body: str = "", sender: str = WA, form: dict | None = None, **extra: str) -> Sent:
        form = form or inbound_form(body, sender=sender, To=SENDER, **extra)
        url = (services.settings.public_base_url or BASE_URL) + "/twilio/messages"
        response = signed_post("/twilio/messages", form, signature=sign(url, form))
        assert response.status_code == 200
        message = ET.fromstring(response.get_data(as_text=True)).find("Message")
        return Sent((message.text or "") if message is not None else "", form)

    return send


def pending_jobs(services) -> int:
    return len(queues.queue(services.rq_redis, queues.URGENT))


def menu_text(services, language: str = "fr") -> str:
    return services.content.render("menu", "answer", language, "whatsapp")


# --- outbox mode: what would be sent --------------------------------------------------------


def test_the_first_menu_is_text_and_asks_for_its_template_once(services, whatsapp):
    first = whatsapp("bonjour")
    second = whatsapp("menu", sender="whatsapp:+32470000002")

    assert first.twiml == second.twiml == menu_text(services)  # never silence meanwhile
    assert pending_jobs(services) == 1  # one creation job for both (the lock)
    assert outbound.outbox(services) == []


def test_once_created_the_menu_goes_as_a_list_and_the_outbox_shows_it(
    services, whatsapp, run_jobs, outbox
):
    whatsapp("bonjour")
    run_jobs()  # the template is "created" locally (outbox mode)

    sent = whatsapp("menu")
    run_jobs()

    assert sent.twiml == ""
    [record] = outbox()
    assert (record["purpose"], record["sent_channel"], record["status"]) == (
        "reply",
        "whatsapp",
        "sent",
    )
    assert record["content_sid"].startswith("HX") and record["text"] == menu_text(services)
    taps = whatsapp_menus.taps(record["content_variables"])
    assert taps[:3] == ["Santé", "CPAS", "Aide juridique"] and len(taps) == 10
    stored = json.loads(services.redis.get(store.outbox_content(record["content_sid"])))
    assert stored["types"]["twilio/list-picker"]["button"] == "MENU"


def test_hotline_outbox_and_the_console_show_the_taps(
    app, services, whatsapp, run_jobs, redis_server, tmp_path
):
    whatsapp("bonjour")
    run_jobs()
    whatsapp("menu")
    run_jobs()

    listed = CliRunner().invoke(main, ["outbox"], env=cli_env(redis_server, tmp_path))
    assert "taps: Santé | CPAS | Aide juridique | Logement" in listed.output
    page = logged_in(app, services, users.ADMIN).get("/console/outbox").get_data(as_text=True)
    assert "Santé · CPAS · Aide juridique" in page


def test_sms_is_unchanged(services, text, run_jobs, outbox):
    assert text("bonjour") == services.content.render("menu", "answer", "fr", "sms")
    assert pending_jobs(services) == 0
    run_jobs()
    assert text("menu") and outbox() == []


def test_a_reply_without_taps_stays_in_the_twiml(services, whatsapp, run_jobs):
    whatsapp("bonjour")
    run_jobs()
    assert "112" in whatsapp("URGENCE").twiml and pending_jobs(services) == 0


# --- Twilio mode: the Content API and Messages as Twilio speaks them ------------------------


def test_template_created_through_the_content_api_then_sent_with_its_sid(
    services, twilio_mode, whatsapp, run_jobs
):
    whatsapp("bonjour")
    run_jobs()
    [request] = twilio_mode.content_requests
    picker = request["types"]["twilio/list-picker"]
    assert request["language"] == "fr" and len(picker["items"]) == 10
    assert picker["items"][0] == {"id": "{{i1}}", "item": "{{t1}}"}
    assert twilio_mode.requests == []  # the first menu was the TwiML text

    assert whatsapp("menu").twiml == ""
    run_jobs()

    [form] = twilio_mode.requests
    assert form["To"] == WA and form["ContentSid"] in twilio_mode.contents and "Body" not in form
    items = twilio_mode.shown(form)["twilio/list-picker"]["items"]
    assert items[0] == {"id": "SANTE", "item": "Santé"}
    assert len(twilio_mode.content_requests) == 1  # created once, then cached


def test_a_tap_on_the_list_answers_the_topic_in_the_texters_language(
    services, twilio_mode, whatsapp, run_jobs
):
    whatsapp("مرحبا", sender=MAROC)
    run_jobs()
    whatsapp("مرحبا", sender=MAROC)
    run_jobs()
    [form] = twilio_mode.requests
    items = twilio_mode.shown(form)["twilio/list-picker"]["items"]
    first = items[0]  # health, titled in Arabic

    tap = whatsapp(
        first["item"], sender=MAROC, ListId=first["id"], ListTitle=first["item"],
        OriginalRepliedMessageSid="SM" + "6" * 32,
    )  # fmt: skip

    assert tap.twiml == services.content.render("sante", "answer", "ar", "whatsapp")


def test_a_redelivered_message_sends_nothing_twice(services, twilio_mode, whatsapp, run_jobs):
    whatsapp("bonjour")
    run_jobs()

    first = whatsapp("menu")
    again = whatsapp(form=first.form)  # Twilio redelivers the same MessageSid
    run_jobs()
    later = whatsapp(form=first.form)  # and once more, after the send
    run_jobs()

    assert first.twiml == again.twiml == later.twiml == ""
    assert len(twilio_mode.requests) == 1 and len(twilio_mode.accepted) == 1


def test_a_redelivered_text_menu_stays_text(services, twilio_mode, whatsapp, run_jobs):
    first = whatsapp("bonjour")
    run_jobs()  # the template exists now
    again = whatsapp(form=first.form)
    run_jobs()
    assert again.twiml == first.twiml == menu_text(services)
    assert twilio_mode.requests == []


def test_a_creation_job_run_twice_finds_the_template_by_name(services, twilio_mode, run_jobs):
    menu = whatsapp_menus.main_menu(services.content, "nl")
    template = whatsapp_menus.definition(services.content, menu.kind, "nl", menu.count)
    first = whatsapp_templates.ensure(services, menu.kind, "nl", menu.count)
    services.redis.delete(whatsapp_templates.key_of(template))  # the cache was lost (expired)

    assert whatsapp_templates.ensure(services, menu.kind, "nl", menu.count) == first
    assert len(twilio_mode.content_requests) == 1


def test_while_the_content_api_fails_the_menu_is_text(services, twilio_mode, whatsapp, run_jobs):
    twilio_mode.fail_content_next(500)
    whatsapp("bonjour")
    run_jobs()  # the creation job failed once: RQ retries it later
    assert whatsapp("menu").twiml == menu_text(services)

    run_jobs(until=services.clock() + dt.timedelta(minutes=1))  # the retry
    assert whatsapp("menu").twiml == ""


def test_a_template_deleted_at_twilio_sends_the_text_and_is_made_again(
    services, twilio_mode, whatsapp, run_jobs
):
    whatsapp("bonjour")
    run_jobs()
    [sid] = twilio_mode.contents
    twilio_mode.delete_content(sid)

    whatsapp("menu")
    run_jobs()

    refused, text = twilio_mode.requests
    assert refused["ContentSid"] == sid and text["Body"] == menu_text(services)
    assert len(twilio_mode.accepted) == 1  # the texter got the menu, once
    assert whatsapp("menu").twiml == menu_text(services)  # forgotten: asked for again
    run_jobs()
    assert len(twilio_mode.content_requests) == 2


def test_a_template_refused_for_its_values_sends_the_text(
    services, twilio_mode, whatsapp, run_jobs
):
    whatsapp("bonjour")
    run_jobs()
    twilio_mode.fail_next(21656)  # "The Content Variables parameter is invalid."
    whatsapp("menu")
    run_jobs()
    refused, text = twilio_mode.requests
    assert refused["ContentSid"] and text["Body"] == menu_text(services)
    assert whatsapp("menu").twiml == ""  # the template itself is still there: kept


def test_outside_the_window_twilio_says_63016_and_the_sms_goes(
    services, twilio_mode, whatsapp, run_jobs
):
    whatsapp("bonjour")
    run_jobs()
    twilio_mode.fail_next(63016)
    whatsapp("menu")
    run_jobs()
    template, sms = twilio_mode.requests
    assert template["ContentSid"] and sms["To"] == "+32470000001"
    assert sms["Body"] == services.content.render("menu", "answer", "fr", "sms")


def test_63016_reported_late_sends_the_sms_menu(services, client, whatsapp, run_jobs, outbox):
    whatsapp("bonjour")
    run_jobs()
    whatsapp("menu")
    run_jobs()
    [record] = outbox()
    form = {
        "AccountSid": "AC" + "0" * 32, "MessageSid": record["sid"], "MessageStatus": "failed",
        "ErrorCode": "63016", "To": WA, "From": SENDER, "ChannelPrefix": "whatsapp",
    }  # fmt: skip
    headers = {"X-Twilio-Signature": sign(BASE_URL + "/twilio/status", form)}
    assert client.post("/twilio/status", data=form, headers=headers).status_code == 204
    run_jobs()

    sms, _ = outbox()
    assert sms["sent_channel"] == "sms"
    assert sms["text"] == services.content.render("menu", "answer", "fr", "sms")


def test_an_edited_menu_gets_a_new_template(services, twilio_mode, whatsapp, run_jobs, tmp_path):
    whatsapp("bonjour")
    run_jobs()
    edited = tmp_path / "content"
    shutil.copytree(ROOT / "content", edited)
    menu = edited / "menu.yaml"
    menu.write_text(menu.read_text().replace("*Ligne info SOLEA*", "*Ligne info SOLEA asbl*"))
    services.content = content_store.load(edited)  # a coordinator edited the French menu

    assert whatsapp("menu").twiml == menu_text(services)  # a new version: text meanwhile
    run_jobs()
    assert whatsapp("menu").twiml == ""
    run_jobs()
    first, second = twilio_mode.content_requests
    assert first["friendly_name"] != second["friendly_name"]
    assert "SOLEA asbl" in second["types"]["twilio/list-picker"]["body"]


def test_replies_are_not_held_by_the_daily_cap(services, twilio_mode, whatsapp, run_jobs):
    import dataclasses

    services.settings = dataclasses.replace(services.settings, daily_outbound_cap=0)
    whatsapp("bonjour")
    run_jobs()
    whatsapp("menu")
    run_jobs()
    assert len(twilio_mode.accepted) == 1


# --- did you mean …? --------------------------------------------------------------------


def test_a_typo_of_an_action_asks_and_a_tap_does_what_it_says(services, twilio_mode, whatsapp):
    tid = services.privacy.texter_id("+32470000001")
    asked = whatsapp("stopp")  # a typo of STOP never opts out: it asks (understanding's rule)
    assert "STOP" in asked.twiml and not texters.is_opted_out(services.redis, tid)
    tap = whatsapp("STOP", ButtonPayload="STOP", ButtonText="STOP")
    assert texters.is_opted_out(services.redis, tid)
    assert tap.twiml == services.content.render("stop", "answer", "fr", "whatsapp")


# --- the workshop list ------------------------------------------------------------------


def future_workshop(services, days: int, title: str, **extra) -> workshops.Workshop:
    starts = (services.clock() + dt.timedelta(days=days)).replace(microsecond=0)
    return workshops.create(
        services, titles={"fr": title, "ar": title}, starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), place="Pianofabriek", address="Bruxelles",
        **extra,
    )  # fmt: skip


def test_the_workshop_list_lists_exactly_the_workshops_shown(
    services, twilio_mode, whatsapp, run_jobs
):
    later = future_workshop(services, 20, "Droit des étrangers en Belgique")
    sooner = future_workshop(services, 10, "Droits des locataires", capacity=1)
    whatsapp("ATELIER")
    run_jobs()

    sent = whatsapp("ATELIER")
    run_jobs()

    assert sent.twiml == ""
    [form] = twilio_mode.requests
    picker = twilio_mode.shown(form)["twilio/list-picker"]
    assert [item["id"] for item in picker["items"]] == [
        f"ATELIER {sooner.id}",
        f"ATELIER {later.id}",
    ]
    assert picker["items"][1]["item"] == f"{later.id}. Droit des étrangers…"
    assert picker["button"] == "ATELIER" and "Pianofabriek" in picker["body"]
    tid = services.privacy.texter_id("+32470000001")
    assert texters.load(services.redis, tid).last_shown == (sooner.id, later.id)


def test_a_tap_on_a_workshop_registers_for_it_in_the_texters_language(
    services, twilio_mode, whatsapp, run_jobs
):
    workshop = future_workshop(services, 10, "حقوق المستأجرين")
    whatsapp("ورشة", sender=MAROC)
    run_jobs()
    whatsapp("ورشة", sender=MAROC)
    run_jobs()
    [form] = twilio_mode.requests
    [item] = twilio_mode.shown(form)["twilio/list-picker"]["items"]
    whatsapp("مرحبا", sender=MAROC)  # another list seen since: the tap still means that one

    tap = whatsapp(item["item"], sender=MAROC, ListId=item["id"], ListTitle=item["item"])

    assert item["id"] == f"ورشة {workshop.id}"
    tid = services.privacy.texter_id("+212600000001")
    assert tid in workshops.registered_ids(services, workshop.id)
    assert "حقوق المستأجرين" in tap.twiml and tap.twiml.startswith("تم تسجيلك")
