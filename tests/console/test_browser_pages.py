"""The coordinator's and admin's pages in a real browser: the broadcast audience picker, office
hours and closures, the content's texts and CSV import, the reports. Screenshots at a phone's
and a desk's size under test-output/browser/; action buttons inside the viewport.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
from pathlib import Path

import pytest

from hotline import wiring
from hotline.accounts import users
from hotline.platform import office
from tests import browser_helpers
from tests.browser_helpers import BROWSER_MARKS, DESK, PHONE, assert_inside, shoot, tab
from tests.console.test_browser import log_in, text_in
from tests.console_helpers import make_user

ROOT = Path(__file__).resolve().parents[2]

pytestmark = BROWSER_MARKS
browser = browser_helpers.browser  # the module's fixtures: one Chromium, the app on loopback
live = browser_helpers.live


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESK, "desk")])
def test_the_audience_is_picked_from_lists(browser, live, services, viewport, name):
    for body, sender in (("SANTE", "+32470000401"), ("صحة", "+32470000402")):
        text_in(live, body, sender)
    page = tab(browser, viewport)
    log_in(page, live, make_user(services, users.COORDINATOR))
    page.goto(f"{live}/console/broadcasts")
    assert not page.locator("#audience_language").is_visible()
    page.select_option("#audience_kind", "language")
    assert page.locator("#audience_language").is_visible()
    assert not page.locator("#audience_topic").is_visible()
    assert "arabe (1 pers.)" in page.inner_text("#audience_language")
    page.select_option("#audience_language", "ar")
    page.fill("#text_fr", "Permanence sociale mardi.")
    assert_inside(page)
    shoot(page, f"broadcast-audience-{name}")
    page.click("#preview-broadcast")
    page.wait_for_url(re.compile(r".*/console/broadcasts/\d+$"))
    assert page.inner_text("#broadcast-audience") == "langue : arabe"
    assert page.inner_text("#total-recipients") == "1"
    page.context.close()


def test_a_broadcast_error_in_the_staffs_language(browser, live, services):
    page = tab(browser, DESK)
    log_in(page, live, make_user(services, users.COORDINATOR, "nl@example.org", language="nl"))
    page.goto(f"{live}/console/broadcasts")
    page.fill("#text_ar", "استقبال")
    page.click("#preview-broadcast")
    assert "De Franse tekst is verplicht" in page.inner_text("#broadcast-error")
    shoot(page, "broadcast-error-nl")
    page.context.close()


def test_an_admin_closes_the_office_and_the_queue_says_so(browser, live, services):
    page = tab(browser, PHONE)
    log_in(page, live, make_user(services, users.ADMIN))
    page.goto(f"{live}/console/admin/office")
    assert "lun.-ven. 09:00-17:00" in page.inner_text("#office-hours")
    today = services.clock().date()
    page.fill("#closure-day", today.isoformat())
    page.fill("#closure-label", "Journée d'équipe")
    page.click("#add-closure")
    page.wait_for_selector(".flash")
    assert office.closures(services.redis) == {today: "Journée d'équipe"}
    assert "Bureau fermé (Journée d'équipe)" in page.inner_text("#office-status")
    assert_inside(page)
    shoot(page, "office-phone")
    text_in(live, "RAPPEL", "+32470000403")
    page.goto(f"{live}/console/callbacks")
    assert "réouverture mardi" in page.inner_text("#office-status")
    assert "appel prévu mardi" in page.inner_text("#queue")
    shoot(page, "queue-phone-closed")
    page.context.close()


@pytest.fixture
def content_copy(services, tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    services.settings = dataclasses.replace(services.settings, content_dir=target)
    wiring.reload_content(services)
    return target


def test_content_texts_and_the_csv_round_trip(browser, live, services, content_copy, tmp_path):
    page = tab(browser, DESK)
    log_in(page, live, make_user(services, users.COORDINATOR))
    page.goto(f"{live}/console/content")
    page.click("text=santé")
    page.wait_for_url(f"{live}/console/content/topics/sante")
    assert "arabe" in page.inner_text("#message-answer")
    shoot(page, "content-topic-desk")
    page.goto(f"{live}/console/content")
    with page.expect_download() as download:
        page.click("#csv-download")
    exported = Path(download.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    for row in rows[1:]:
        if row[:3] == ["sante", "answer", "sms"]:
            row[rows[0].index("nl")] = "Gezondheid: bel 112 bij nood."
    edited = tmp_path / "answers.csv"
    with edited.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    page.set_input_files("#csv-file", str(edited))
    page.click("#csv-check")
    assert "1 texte(s) modifié(s)" in page.inner_text("#import-summary")
    shoot(page, "content-dry-run-desk")
    page.click("#csv-apply")
    page.wait_for_selector(".flash")
    assert (
        services.content.render("sante", "answer", "nl", "sms") == "Gezondheid: bel 112 bij nood."
    )
    page.context.close()


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESK, "desk")])
def test_the_reports_page(browser, live, services, viewport, name):
    for body, sender in (
        ("SANTE", "+32470000411"),
        ("STOP", "+32470000412"),
        ("CPAS", "+32470000413"),
    ):
        text_in(live, body, sender)
    page = tab(browser, viewport)
    log_in(page, live, make_user(services, users.COORDINATOR))
    page.goto(f"{live}/console/reports")
    legend = page.locator("figure.chart").first.locator("g.legend text")
    assert sorted(legend.all_text_contents()) == ["CPAS", "santé"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shoot(page, f"reports-{name}")
    page.context.close()
