"""Working a case in a real browser, on a phone (390×844) and on a desk (1280×860).

Debian's headless Chromium driven by Playwright against the real app on a loopback server, the
texter's messages coming in through the signed webhook. Every test saves screenshots under
test-output/browser/ and checks that every action button is inside the viewport: on a phone
nothing may need sideways scrolling.
"""

from __future__ import annotations

import re

import pytest

from hotline.accounts import users
from hotline.callbacks import requests as callbacks
from hotline.callbacks import thread
from tests import browser_helpers
from tests.browser_helpers import BROWSER_MARKS, DESK, PHONE, assert_inside, shoot, tab
from tests.console.test_browser import log_in, text_in
from tests.console_helpers import make_user

pytestmark = BROWSER_MARKS
browser = browser_helpers.browser  # the module's fixtures: one Chromium, the app on loopback
live = browser_helpers.live


@pytest.fixture
def waiting(live, services) -> list[str]:
    """Two requests from texters, through the signed webhook."""
    text_in(
        live,
        "RAPPEL logement j'ai reçu une lettre du propriétaire, il veut que je parte",
        "+32470123436",
    )
    text_in(live, "اتصال طبيب، عندي سعال منذ أسبوع", "+32470999912")
    return [r.ref for r in callbacks.list_requests(services)]


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESK, "desk")])
def test_the_queue_fits_the_screen(browser, live, services, waiting, viewport, name):
    page = tab(browser, viewport)
    log_in(page, live, make_user(services, users.STAFF))
    page.goto(f"{live}/console/callbacks")
    for ref in waiting:
        card = page.locator(f"tr[data-ref='{ref}']")
        assert card.locator("button[data-action=claim]").is_visible()
        assert card.locator("a[data-action=call]").is_visible()
    assert "arabe" in page.inner_text("#queue") and "santé" in page.inner_text("#queue")
    assert "ouvert" in page.inner_text("#office-status")
    assert_inside(page)
    shoot(page, f"queue-{name}")
    page.context.close()


def test_a_case_worked_on_a_phone(browser, live, services, waiting, run_jobs, outbox):
    ref = next(r for r in waiting if callbacks.get(services, r).language == "ar")
    page = tab(browser, PHONE)
    log_in(page, live, make_user(services, users.STAFF))
    page.goto(f"{live}/console/callbacks")
    page.locator(f"tr[data-ref='{ref}'] button[data-action=claim]").click()
    page.wait_for_url(f"{live}/console/callbacks/{ref}")
    assert "arabe" in page.inner_text("#case-language")
    assert page.locator("#lease-left").inner_text().count(":") == 1  # the countdown runs
    assert_inside(page)
    shoot(page, "case-phone-claimed")

    page.fill("#call-reason", "rappel demandé par SMS")  # the audit reason, inline
    page.click("#call-submit")
    tel = page.locator("#tel-link")
    assert tel.get_attribute("href") == "tel:+32470999912"
    assert_inside(page)
    shoot(page, "case-phone-call")

    page.select_option("#ready-reply", "sante")  # a ready-made answer in Arabic
    assert page.input_value("#reply-text") == services.content.render(
        "sante", "answer", "ar", "sms"
    )
    page.locator("#reply-counter", has_text="UCS-2").wait_for()  # the live counter
    page.fill("#reply-text", "نتصل بك بعد قليل")
    page.click("#send-reply")
    page.wait_for_selector(".flash")
    assert "نتصل بك بعد قليل" in page.inner_text("#thread-list")

    # the texter answers: attached, polled in
    text_in(live, "سأنتظر اتصالكم في المساء", "+32470999912")
    page.locator("#thread-list li.msg.in", has_text="سأنتظر اتصالكم في المساء").wait_for()
    assert page.locator("#thread-list li.msg.in .bubble-text").get_attribute("dir") == "auto"
    assert_inside(page)
    shoot(page, "case-phone-thread")

    page.check("#outcome-referred")
    page.fill("#referred-to", "Maison médicale du quartier")
    page.fill("#private-note", "Préfère être appelée le matin")
    page.click("#save-outcome")
    page.wait_for_url(f"{live}/console/callbacks")
    assert "orienté ailleurs" in page.inner_text(".flash")
    closed = callbacks.get(services, ref)
    assert closed.status == callbacks.DONE and closed.referred_to == "Maison médicale du quartier"
    run_jobs()
    [reply] = [m for m in outbox() if m["purpose"] == thread.REPLY_PURPOSE]
    assert reply["text"] == "نتصل بك بعد قليل"
    shoot(page, "case-phone-closed")
    page.context.close()


def test_cancelling_shows_the_sms_first(browser, live, services, waiting, content):
    ref = waiting[0]
    page = tab(browser, DESK)
    log_in(page, live, make_user(services, users.STAFF))
    page.goto(f"{live}/console/callbacks/{ref}")
    assert not page.locator("#cancel-sms").is_visible()
    page.click("#cancel-open")
    request = callbacks.get(services, ref)
    expected = content.render("rappel", "cancelled", request.language, "sms", ref=ref)
    assert page.inner_text("#cancel-sms").strip() == expected
    assert callbacks.get(services, ref).status == callbacks.WAITING  # one click sends nothing
    assert_inside(page)
    shoot(page, "case-desk-cancel")
    page.click("#cancel-confirm")
    page.wait_for_url(re.compile(r".*/console/callbacks$"))
    assert callbacks.get(services, ref).status == callbacks.CANCELLED
    page.context.close()


def test_a_case_on_a_desk_in_english(browser, live, services, waiting):
    page = tab(browser, DESK)
    log_in(page, live, make_user(services, users.STAFF, "en@example.org", language="en"))
    ref = next(r for r in waiting if callbacks.get(services, r).language == "ar")
    page.goto(f"{live}/console/callbacks/{ref}")
    assert "Request" in page.inner_text("h1") and "Arabic" in page.inner_text("#case-language")
    assert page.inner_text("#case-topic") == "health" and "urgent" in page.inner_text(".case-head")
    assert page.inner_text("#case-source") == "SMS CALLBACK"
    assert_inside(page)
    shoot(page, "case-desk-en")
    page.context.close()
