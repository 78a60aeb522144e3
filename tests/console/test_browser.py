"""The console in a real browser: Debian's headless Chromium driven by Playwright.

The real app is served by a real HTTP server (werkzeug, in a thread) on 127.0.0.1 with the test
services, so pages, cookies, CSRF tokens, fetch() polling and the signed webhook all run as in
production. Each test saves a screenshot under test-output/browser/.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from werkzeug.serving import make_server

from hotline.accounts import users
from hotline.callbacks import requests as callbacks
from hotline.workshops import events as workshops
from tests.clock import on_day
from tests.conftest import inbound_form, sign
from tests.console.test_workshops import form_time
from tests.console_helpers import PASSWORD, make_user

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module (and per xdist worker)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def live(app, services, clock) -> Iterator[str]:
    """The app served over real HTTP on a free loopback port; yields its base URL.

    The test process's clock is frozen on the Monday morning of `clock` (office hours), a few
    days ahead of the browser's at most: the session cookie, made to last hours, stays valid.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    """A fresh browser context (no cookies); a screenshot is saved when the test ends."""
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 860})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def log_in(page, live: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live}/console/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def text_in(live: str, body: str, sender: str) -> requests.Response:
    """A texter's SMS, as Twilio would POST it: form-encoded and signed for this URL."""
    url = f"{live}/twilio/messages"
    form = inbound_form(body, sender=sender)
    return requests.post(
        url,
        data=urlencode(form),
        headers={
            "X-Twilio-Signature": sign(url, form),
            "Content-Type": "application/x-www-form-urlencoded",
        },
        timeout=10,
    )


def test_login_and_wrong_password(page, live, services):
    email = make_user(services, users.STAFF)
    log_in(page, live, email, "not the password")
    assert "incorrect" in page.inner_text("#login-error")
    assert page.input_value("#password") == ""
    log_in(page, live, email)
    page.wait_for_url(f"{live}/console/")
    assert "Bonjour" in page.inner_text("h1")
    assert page.locator("header nav a", has_text="Rappels").count() == 1


def test_staff_is_blocked_from_coordinator_pages(page, live, services):
    log_in(page, live, make_user(services, users.STAFF))
    page.wait_for_url(f"{live}/console/")
    assert page.locator("header nav a", has_text="Ateliers").count() == 0
    response = page.goto(f"{live}/console/workshops")
    assert response.status == 403
    assert "réservée" in page.inner_text("#error-message")


def test_claim_and_close_a_callback_from_a_signed_webhook(page, live, services):
    assert text_in(live, "RAPPEL logement <b>svp</b>", "+32470123436").status_code == 200
    [first] = callbacks.list_requests(services)
    log_in(page, live, make_user(services, users.STAFF))
    page.goto(f"{live}/console/callbacks")
    row = page.locator(f"tr[data-ref='{first.ref}']")
    assert "+32 4•• •• •• 36" in row.inner_text()
    assert "<b>svp</b>" in row.locator(".note").inner_text()  # shown as text, not markup

    assert text_in(live, "RAPPEL", "+32470999912").status_code == 200  # arrives meanwhile
    [second] = [r for r in callbacks.list_requests(services) if r.ref != first.ref]
    page.locator(f"tr[data-ref='{second.ref}']").wait_for()  # fetch() polling, no reload

    row.locator("button[data-action=claim]").click()  # claiming opens the case
    page.wait_for_url(f"{live}/console/callbacks/{first.ref}")
    assert "pris" in page.inner_text("#case-status")
    assert callbacks.get(services, first.ref).status == callbacks.CLAIMED
    page.check("#outcome-reached")
    page.click("#save-outcome")
    page.wait_for_selector(".flash")
    assert page.locator(f"tr[data-ref='{first.ref}']").count() == 0
    assert callbacks.get(services, first.ref).status == callbacks.DONE


def test_create_a_workshop(page, live, services, clock):
    log_in(page, live, make_user(services, users.COORDINATOR))
    page.goto(f"{live}/console/workshops")
    form = page.locator("#new-workshop")
    form.locator("[name=title_fr]").fill("Logement : vos droits")
    form.locator("[name=title_ar]").fill("السكن: حقوقك")
    form.locator("[name=starts_at]").fill(form_time(on_day(clock, 9, "14:00")))
    form.locator("[name=ends_at]").fill(form_time(on_day(clock, 9, "16:00")))
    form.locator("[name=place]").fill("SOLEA")
    form.locator("[name=capacity]").fill("12")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/console/workshops/\d+$"))
    assert "Logement : vos droits" in page.inner_text("#workshop-title")
    [created] = workshops.all_workshops(services)
    assert created.capacity == 12 and created.titles["ar"] == "السكن: حقوقك"
    assert created.starts_at == on_day(clock, 9, "14:00")
    assert page.locator("#reminders tbody tr").count() >= 1


def test_simulator_answers_sante_in_arabic(page, live, services, content):
    log_in(page, live, make_user(services, users.STAFF))
    page.goto(f"{live}/console/simulator")
    page.fill("#sim-from", "+32470555001")
    page.fill("#sim-text", "صحة")
    page.click("#sim-send")
    reply = page.locator(".bubble.in").first
    reply.wait_for()
    expected = content.render("sante", "answer", "ar", "sms")
    assert reply.inner_text().strip() == expected.strip()
    assert "UCS-2" in page.locator(".thread .meta").last.inner_text()


def test_broadcast_preview_and_send_in_outbox_mode(page, live, services, run_jobs, outbox):
    for body, sender in (("SANTE", "+32470000201"), ("صحة", "+32470000202")):
        assert text_in(live, body, sender).status_code == 200
    log_in(page, live, make_user(services, users.COORDINATOR))
    page.goto(f"{live}/console/broadcasts")
    page.fill("#text_fr", "Permanence sociale mardi à 10h.")
    page.fill("#text_ar", "استقبال اجتماعي يوم الثلاثاء")
    page.locator("#counter-ar", has_text="UCS-2").wait_for()  # the live counter
    assert "GSM-7" in page.inner_text("#counter-fr")
    page.click("#preview-broadcast")
    page.wait_for_url(re.compile(r".*/console/broadcasts/\d+$"))
    assert page.inner_text("#total-recipients") == "2"
    run_jobs()
    assert not [m for m in outbox() if m["purpose"] == "broadcast"]  # a preview sends nothing
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#confirm-broadcast")
    page.wait_for_selector(".flash")
    run_jobs()
    page.locator("#broadcast-status", has_text="terminée").wait_for()  # progress polling
    page.locator("#count-sent", has_text="2").wait_for()  # each message's outcome counted
    assert page.inner_text("#count-pending") == "0"
    texts = sorted(m["text"] for m in outbox() if m["purpose"] == "broadcast")
    assert texts == sorted(["Permanence sociale mardi à 10h.", "استقبال اجتماعي يوم الثلاثاء"])
