"""The case thread through the signed webhook: texters write to their open case, staff answer."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.callbacks import cases, staff, thread
from hotline.callbacks import requests as callbacks
from hotline.platform import audit, store
from hotline.reporting import reports
from hotline.retention import sweeper as retention
from tests.console_helpers import monday_morning

SENDER = "+32470000777"
STAFF_PHONE = "+32470100001"


@pytest.fixture
def now(services):
    moment = monday_morning()
    services.clock = lambda: moment
    return moment


@pytest.fixture
def case(services, now, text):
    text("RAPPEL logement", SENDER)
    [request] = callbacks.list_requests(services)
    return request


def test_text_to_an_open_case_is_attached_not_the_menu(services, case, text, content):
    reply = text("je serai chez moi ce soir", SENDER)
    assert reply == content.render("rappel", "attached", "fr", "sms", ref=case.ref)
    [message] = thread.messages(services, case.ref)
    assert message.direction == thread.INBOUND and message.text == "je serai chez moi ce soir"
    assert callbacks.get(services, case.ref).unread == 1
    raw = services.redis.lrange(store.callback_thread(case.ref), 0, -1)
    assert "chez moi" not in str(raw)  # encrypted at rest
    unknown = reports.unknown_texts(services.redis, services.clock(), services.settings.timezone)
    assert unknown == []  # a message to staff, not a statistic


def test_keywords_keep_working_while_a_case_is_open(services, case, text, content):
    assert text("SANTE", SENDER) == content.render("sante", "answer", "fr", "sms")
    assert text("MENU", SENDER) == content.render("menu", "answer", "fr", "sms")
    assert thread.messages(services, case.ref) == []
    text("ANNULER", SENDER)
    assert callbacks.get(services, case.ref).status == callbacks.CANCELLED


def test_after_closing_unknown_text_gets_the_menu_again(services, case, text, content):
    callbacks.done(services, case.ref)
    assert text("mon frère parle aussi", SENDER) == content.render("menu", "answer", "fr", "sms")
    assert thread.messages(services, case.ref) == []


def test_the_claimer_is_alerted_by_sms_once_per_window(
    services, case, text, now, run_jobs, outbox, content
):
    staff.add(services, "Amina", phone=STAFF_PHONE, languages=["fr"])
    callbacks.claim(services, case.ref, "Amina")
    text("toujours là", SENDER)
    text("vous pouvez appeler", SENDER)
    run_jobs()
    alerts = [m for m in outbox() if m["purpose"] == thread.ALERT_PURPOSE]
    assert len(alerts) == 1 and alerts[0]["to"].endswith("01")
    assert alerts[0]["text"] == content.render(
        "rappel", "staff_new_message", "fr", "sms", ref=case.ref
    )
    services.clock = lambda: now + dt.timedelta(seconds=thread.ALERT_WINDOW)
    text("je serai chez moi ce soir", SENDER)
    run_jobs()
    assert len([m for m in outbox() if m["purpose"] == thread.ALERT_PURPOSE]) == 2
    assert callbacks.get(services, case.ref).unread == 3


def test_staff_write_to_the_stored_number_once_per_token(services, case, run_jobs, outbox):
    token = thread.new_token()
    for _ in range(2):  # a double submit
        thread.write(
            services, case.ref, staff="Amina", actor="amina@solea.be",
            text="Bonjour, nous appelons à 14h.", channel="sms", token=token,
        )  # fmt: skip
    run_jobs()
    [sent] = [m for m in outbox() if m["purpose"] == thread.REPLY_PURPOSE]
    assert sent["text"] == "Bonjour, nous appelons à 14h." and sent["to"].endswith("77")
    [message] = thread.messages(services, case.ref)
    assert message.direction == thread.OUTBOUND and message.staff == "Amina"
    entries = [e for e in audit.recent(services.redis) if e["action"] == thread.MESSAGE_SENT]
    assert len(entries) == 2 and "14h" not in str(entries)  # audited, never the text


def test_nothing_is_written_to_a_closed_case(services, case):
    callbacks.done(services, case.ref)
    with pytest.raises(callbacks.CallbackError):
        thread.write(
            services, case.ref, staff="Amina", actor="a@b.c", text="x", channel="sms", token="t"
        )


def test_whatsapp_reply(services, case, run_jobs, outbox):
    thread.write(
        services, case.ref, staff="Amina", actor="a@b.c", text="*Bonjour*", channel="whatsapp",
        token=thread.new_token(),
    )  # fmt: skip
    run_jobs()
    [sent] = [m for m in outbox() if m["purpose"] == thread.REPLY_PURPOSE]
    assert sent["channel"] == "whatsapp"


def test_the_thread_is_blanked_with_the_notes_30_days_after_closing(services, case, text, now):
    text("je serai chez moi ce soir", SENDER)
    cases.close(services, case.ref, cases.REACHED, staff="Amina", actor="a@b.c")
    services.clock = lambda: now + dt.timedelta(days=retention.CALLBACK_NOTE_DAYS, hours=1)
    retention.sweep(services)
    assert thread.messages(services, case.ref) == []
    assert callbacks.get(services, case.ref).thread == 0


def test_oublier_erases_the_thread(services, case, text):
    text("je serai chez moi ce soir", SENDER)
    text("OUBLIER OUI", SENDER)
    assert services.redis.exists(store.callback_thread(case.ref)) == 0
    assert callbacks.get(services, case.ref) is None
