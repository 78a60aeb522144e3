# ruff: noqa: F811 - the browser fixtures are imported from tests/console/test_browser.py
"""Texters' words in a real browser: a 500-letter word does not push the queue's buttons off the
screen, a RIGHT-TO-LEFT OVERRIDE does not reverse a note, and rq-dashboard runs under the
console's Content-Security-Policy. Debian's Chromium driven by Playwright, as in
tests/console/test_browser.py (whose fixtures are reused here)."""

from __future__ import annotations

from hotline import callbacks
from hotline.accounts import users
from tests.console.test_browser import (  # noqa: F401 - pytest fixtures, used by name
    browser,
    live,
    log_in,
    page,
    pytestmark,
    text_in,
)
from tests.console_helpers import make_user
from tests.full_conversation import create_workshop

LONG_WORD = "a" * 500
RLO = "\u202e"


def _fits(page) -> bool:
    """No horizontal scrolling: the page is no wider than the window."""
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def _on_screen(page, selector: str) -> None:
    """Every control `selector` finds lies inside the window's width."""
    width = page.viewport_size["width"]
    controls = page.locator(selector)
    assert controls.count() >= 1, selector
    for n in range(controls.count()):
        box = controls.nth(n).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box


def _buttons_on_screen(page, ref: str) -> None:
    _on_screen(page, f"tr[data-ref='{ref}'] button")
    _on_screen(page, f"tr[data-ref='{ref}'] a")


def _queue_redrawn(page) -> None:
    """Wait for the queue's own fetch() refresh (rows drawn by queue.js, not the template)."""
    page.locator("#queue-updated").filter(has_text=":").wait_for(timeout=15_000)


def test_a_500_letter_word_leaves_every_queue_button_on_screen(page, live, services):
    assert text_in(live, f"RAPPEL logement {LONG_WORD}", "+32470123436").status_code == 200
    [request] = callbacks.list_requests(services)
    assert LONG_WORD[:400] in request.note  # notes keep 500 characters
    log_in(page, live, make_user(services, users.STAFF))
    page.goto(f"{live}/console/callbacks")
    _buttons_on_screen(page, request.ref)
    assert _fits(page)
    _queue_redrawn(page)
    _buttons_on_screen(page, request.ref)
    assert _fits(page)
    page.goto(f"{live}/console/callbacks/{request.ref}")  # the case, where the note is whole
    _on_screen(page, "main button")
    assert _fits(page)


def test_an_override_character_does_not_reverse_a_note(page, live, services):
    note = f"appelez {RLO}le soir svp"
    assert text_in(live, f"RAPPEL logement {note}", "+32470123436").status_code == 200
    [request] = callbacks.list_requests(services)
    callbacks.set_translation(services, request.ref, f"{RLO}le soir", source=request.note)
    log_in(page, live, make_user(services, users.STAFF))
    page.goto(f"{live}/console/callbacks")
    for redrawn in (False, True):
        if redrawn:
            _queue_redrawn(page)
        shown = page.locator(f"tr[data-ref='{request.ref}'] .note").first
        assert shown.inner_text() == "logement appelez le soir svp"  # in the order typed
        assert shown.get_attribute("dir") == "auto"
        style = shown.evaluate("node => getComputedStyle(node).unicodeBidi")
        assert style in ("isolate", "plaintext")
        translated = page.locator(f"tr[data-ref='{request.ref}'] .translation bdi")
        assert translated.inner_text() == "le soir"
        assert translated.get_attribute("dir") == "auto"
    page.goto(f"{live}/console/callbacks/{request.ref}")  # the case view
    assert page.inner_text("#case-note") == "logement appelez le soir svp"
    assert page.locator("#case-translation bdi").inner_text() == "le soir"


def test_unknown_texts_in_reports_are_isolated_and_wrap(page, live, services):
    assert text_in(live, f"{RLO}xyzzy {LONG_WORD}", "+32470123437").status_code == 200
    log_in(page, live, make_user(services, users.COORDINATOR))
    page.goto(f"{live}/console/reports")
    cell = page.locator("td.texter").first
    assert cell.inner_text().startswith("xyzzy")
    assert cell.get_attribute("dir") == "auto"
    assert cell.evaluate("node => getComputedStyle(node).unicodeBidi") == "isolate"
    assert _fits(page)


def test_the_rq_dashboard_runs_under_the_console_policy(page, live, services):
    create_workshop(services, services.clock())  # its reminders are jobs on the reminders queue
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    page.on("pageerror", lambda error: violations.append(str(error)))
    log_in(page, live, make_user(services, users.ADMIN))
    page.wait_for_url(f"{live}/console/")
    response = page.goto(f"{live}/console/admin/rq/")
    assert response.headers["x-frame-options"] == "DENY"
    page.locator("#queues tbody tr td", has_text="reminders").first.wait_for()  # drawn by its JS
    assert [v for v in violations if "Content Security Policy" in v] == []
