"""The console under the real `hotline run`, as `make run` starts it, in a real browser.

No SECRET_KEY, no REDIS_URL, no encryption key: `hotline run` starts its embedded Redis, gunicorn
with two worker processes and an RQ worker. Each of 20 rounds logs in from a fresh browser
context and then loads a console page from another fresh context carrying the session cookie,
so every request opens new connections and lands on whichever gunicorn worker accepts it. All
20 must succeed: the session key is generated once into var/ and shared by every process
(before, each gunicorn worker generated its own and about half the logins failed).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from hotline.accounts import users
from hotline.platform.embedded_redis import EmbeddedRedis, free_port, is_alive
from tests import processes
from tests.console.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.console_helpers import PASSWORD

ROUNDS = 20
EMAIL = "coordinatrice@example.org"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


def local_run_env(var_dir: Path) -> dict[str, str]:
    """The environment of a developer's `make run`: no hotline setting at all but the var dir."""
    names = ("TWILIO_", "HOTLINE_", "PUBLIC_BASE_URL", "REDIS_URL", "SECRET_KEY", "GUNICORN_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(names)}
    env["HOTLINE_VAR_DIR"] = str(var_dir)  # not the checkout's var/
    return env


@pytest.fixture
def hotline_run(tmp_path) -> Iterator[tuple[str, Path]]:
    """`hotline run --port P` as a real process; yields its base URL and log file."""
    var_dir, port, log = tmp_path / "var", free_port(), tmp_path / "run.log"
    process = processes.start(["run", "--port", str(port)], local_run_env(var_dir), log)
    base = f"http://127.0.0.1:{port}"
    try:
        assert processes.wait_until(lambda: processes.answers(f"{base}/healthz")), log.read_text()
        client = redis.Redis.from_url(EmbeddedRedis(var_dir / "redis").url)
        users.add(client, EMAIL, PASSWORD, users.ADMIN, "fr")
        client.close()
        yield base, log
    finally:
        processes.stop(process)
        _no_redis_left(EmbeddedRedis(var_dir / "redis").url)


def _no_redis_left(url: str) -> None:
    """`hotline run` stops its Redis when it exits; make sure of it."""
    if is_alive(url):
        redis.Redis.from_url(url).shutdown(nosave=True)
        pytest.fail("hotline run left its Redis running")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def log_in_fresh(browser, base: str) -> dict:
    """Log in from a new context (new connections); its cookies, once on the console home."""
    context = browser.new_context(locale="fr-BE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/console/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    logged_in = page.url == f"{base}/console/" and "Bonjour" in page.inner_text("h1")
    state = context.storage_state()
    context.close()
    return state if logged_in else {}


def load_page_fresh(browser, base: str, state: dict, path: str) -> bool:
    """Load a console page from another new context holding only the session cookie."""
    context = browser.new_context(locale="fr-BE", storage_state=state)
    page = context.new_page()
    response = page.goto(f"{base}{path}")
    ok = response is not None and response.ok and page.url == f"{base}{path}"
    if not ok:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "hotline_run_failed_page.png"))
    context.close()
    return ok


def test_console_logs_in_and_loads_pages_every_time_under_hotline_run(browser, hotline_run):
    base, log = hotline_run
    pages = ("/console/callbacks", "/console/workshops", "/console/outbox", "/console/reports")
    logins = loads = 0
    for round_number in range(ROUNDS):
        state = log_in_fresh(browser, base)
        logins += bool(state)
        path = pages[round_number % len(pages)]
        loads += bool(state) and load_page_fresh(browser, base, state, path)
    assert (logins, loads) == (ROUNDS, ROUNDS)
    login_lines = [line for line in log.read_text().splitlines() if "hotline.console.login" in line]
    assert len(login_lines) == ROUNDS  # INFO lines of the gunicorn workers reach the log
    assert all(" INFO " in line and EMAIL not in line for line in login_lines)
