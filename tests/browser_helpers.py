"""Helpers for the browser tests of the console: a phone and a desk, screenshots, viewport checks.

A browser test module takes its marks (`BROWSER_MARKS`) and its `browser` and `live` fixtures
from here (one Chromium per module, the app on a loopback server at a Monday morning), or builds
its own from `chromium` and `serve`; screenshots go under test-output/browser/.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.console.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from tests.console_helpers import monday_morning

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 860}
ACTIONS = "main button, main a.button, main summary.action, header.top button"
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]


def chromium() -> Iterator[object]:
    """A headless Debian Chromium (the body of a module-scoped fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def serve(app, services) -> Iterator[str]:
    """The app over real HTTP on a free loopback port, on a Monday morning (office open)."""
    moment = monday_morning()
    services.clock = lambda: moment
    server = make_server("127.0.0.1", 0, app, threaded=True)
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    worker.join()


def tab(browser, viewport: dict) -> object:
    """A fresh page (no cookies) at a phone's or a desk's size, in Belgian French."""
    context = browser.new_context(locale="fr-BE", viewport=viewport, is_mobile=viewport is PHONE)
    context.set_default_timeout(10_000)
    return context.new_page()


def shoot(page, name: str) -> None:
    """A full-page screenshot under test-output/browser/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_inside(page) -> None:
    """No sideways scrolling, and every visible action button within the viewport's width."""
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.eval_on_selector_all(
        ACTIONS,
        """els => els.filter(e => e.offsetParent !== null).map(e => {
             const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.left, r.right];
           })""",
    )
    assert boxes, "no action button on the page"
    outside = [(name, left, right) for name, left, right in boxes if left < 0 or right > width]
    assert outside == [], outside


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium for the module that imports this fixture."""
    yield from chromium()


@pytest.fixture
def live(app, services) -> Iterator[str]:
    """The app over real HTTP on a loopback port, on a Monday morning."""
    yield from serve(app, services)
