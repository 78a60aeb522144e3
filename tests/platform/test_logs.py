"""One logging set-up for web and worker: time, level, logger; JSON lines on request; no number.

The real processes are started as in production: `hotline web` (gunicorn and its workers) and
`hotline worker`. A successful console login is an INFO line of a gunicorn worker: it used to be
dropped (Python's last-resort handler only shows warnings).
"""

from __future__ import annotations

import json
import logging
import re

import pytest
import requests

from hotline.platform import free_port, jobs, logs, queues
from hotline.platform.config import JSON, Settings
from tests import processes
from tests.console_helpers import PASSWORD, TOKEN, make_user

PLAIN_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO|WARNING|ERROR) \S+ .+$")


@pytest.fixture
def configured():
    """Configure logging as a process would; put pytest's capture back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield lambda **changes: logs.configure(Settings(**changes))
    root.handlers[:] = handlers
    root.setLevel(level)


def test_plain_lines_carry_time_level_logger_and_mask_numbers(configured, capsys):
    configured()
    logging.getLogger("hotline.test").info("texter %s wrote", "+32470123456")
    line = capsys.readouterr().err.strip()
    assert PLAIN_LINE.match(line), line
    assert line.endswith(" INFO hotline.test texter +32 4•• •• •• 56 wrote")


def test_json_is_one_object_per_line_tracebacks_included(configured, capsys):
    configured(log_format=JSON)
    logging.getLogger("hotline.test").info("first")
    try:
        raise ValueError("Invalid 'To' Phone Number: +32470123456")
    except ValueError:
        logging.getLogger("hotline.test").exception("second")
    lines = capsys.readouterr().err.splitlines()
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"time", "level", "logger", "message"}
    assert (first["level"], first["logger"], first["message"]) == ("INFO", "hotline.test", "first")
    assert "ValueError" in second["exc_info"]
    assert "+32470123456" not in lines[1]


def test_gunicorn_reads_the_same_configuration():
    assert logs.dict_config(Settings(log_format=JSON))["root"]["handlers"] == ["stderr"]
    gunicorn_loggers = logs.dict_config(Settings())["loggers"]
    assert all(entry["propagate"] for entry in gunicorn_loggers.values())


@pytest.mark.slow
def test_the_web_process_logs_a_login_and_the_worker_its_jobs_as_json(
    services, redis_server, tmp_path
):
    email = make_user(services, "staff")
    port = free_port()
    env = processes.worker_env(redis_server.url, tmp_path, HOTLINE_LOG_FORMAT="json")
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", SECRET_KEY="k" * 40)
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    web = processes.start(["web"], env, web_log)
    try:
        base = f"http://127.0.0.1:{port}"
        assert processes.wait_until(lambda: processes.answers(f"{base}/healthz"))
        _log_in(base, email)
    finally:
        processes.stop(web)
    queues.queue(services.rq_redis, queues.MAINTENANCE).enqueue(jobs.HOUSEKEEPING)
    worker = processes.start(["worker", "--burst"], env, worker_log)
    worker.wait(timeout=120)
    web_lines = _json_lines(web_log)
    assert any(r["logger"] == "gunicorn.error" and r["level"] == "INFO" for r in web_lines)
    [login] = [r for r in web_lines if r["logger"] == "hotline.console.login"]
    assert login["level"] == "INFO"
    assert login["message"].startswith("login pair=")  # keyed fingerprints, never the e-mail
    assert email not in web_log.read_text()
    worker_lines = _json_lines(worker_log)
    assert any(r["message"].startswith("housekeeping: ") for r in worker_lines)


def _log_in(base: str, email: str) -> None:
    session = requests.Session()
    page = session.get(f"{base}/console/login", timeout=10).text
    token = next(group for group in TOKEN.search(page).groups() if group)
    form = {"email": email, "password": PASSWORD, "csrf_token": token}
    answer = session.post(f"{base}/console/login", data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text


def _json_lines(path) -> list[dict]:
    """Every line of a process's output, each of which must be one JSON object."""
    return [json.loads(line) for line in path.read_text().splitlines()]
