"""Real processes refuse to start wrong: the web server, the worker and the CLI.

Each is started as in production (the Procfile's gunicorn line, `python -m hotline worker`,
`hotline web`) with one bad setting: it must exit with status 78 after one line naming the
variable, and no traceback. A production process without REDIS_URL must refuse too, and never
start a private Redis of its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet

from hotline.cli import main
from hotline.platform import EX_CONFIG
from tests import processes

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "hotline/platform/gunicorn_conf.py"]
COMMANDS = {
    "web (Procfile, gunicorn)": [*GUNICORN, "hotline:create_app()"],
    "hotline web": [sys.executable, "-m", "hotline", "web"],
    "worker (Procfile)": [sys.executable, "-m", "hotline", "worker"],
}
BAD = [
    ("HOTLINE_TIMEZONE", "Europe/Brusels", "HOTLINE_TIMEZONE='Europe/Brusels': "),
    ("HOTLINE_OFFICE_HOURS", "lun-vne 09:00-17:00", "HOTLINE_OFFICE_HOURS='lun-vne 09:00-17:00': "),
    ("HOTLINE_ENV", "Production", "HOTLINE_ENV='Production': "),
    ("HOTLINE_SIMULATOR", "oui", "HOTLINE_SIMULATOR='oui': "),
    ("HOTLINE_TIMEZON", "Europe/Brussels", "HOTLINE_TIMEZON is not a hotline setting"),
]

pytestmark = pytest.mark.slow


def start(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a process that should refuse at once (a generous bound, in case it does not)."""
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


# Every bad setting on the worker; a few on the web server (it reads the same table).
CASES = [("worker (Procfile)", bad) for bad in BAD] + [
    ("web (Procfile, gunicorn)", BAD[0]),
    ("web (Procfile, gunicorn)", BAD[2]),
    ("hotline web", BAD[1]),
]


@pytest.mark.parametrize(("process", "bad"), CASES, ids=[f"{p}: {b[0]}" for p, b in CASES])
def test_a_bad_setting_stops_the_process_with_one_line(process, bad, redis_server, tmp_path):
    command, (name, value, says) = COMMANDS[process], bad
    env = processes.worker_env(redis_server.url, tmp_path, **{name: value})
    result = start(command, env)
    assert result.returncode == EX_CONFIG, result.stderr
    assert result.stderr.startswith(f"hotline: {says}"), result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_production_without_redis_url_refuses_and_starts_no_redis(command, tmp_path):
    env = processes.worker_env("", tmp_path, HOTLINE_ENV="production", SECRET_KEY="s" * 40)
    env.update(HOTLINE_ENCRYPTION_KEY=Fernet.generate_key().decode(), TWILIO_AUTH_TOKEN="t")
    del env["REDIS_URL"]
    result = start(command, env)
    assert result.returncode == EX_CONFIG, result.stderr
    assert "hotline: HOTLINE_ENV=production needs REDIS_URL (not set)" in result.stderr
    assert not (tmp_path / "var" / "redis").exists()


def test_gunicorn_alone_needs_a_redis_url(tmp_path, redis_server):
    env = processes.worker_env(redis_server.url, tmp_path)
    del env["REDIS_URL"]
    result = start([*GUNICORN, "hotline:create_app()"], env)
    assert result.returncode == EX_CONFIG
    assert result.stderr.startswith("hotline: REDIS_URL is not set: gunicorn needs the Redis")


def test_gunicorn_sizing_is_checked(tmp_path, redis_server):
    env = processes.worker_env(redis_server.url, tmp_path, GUNICORN_THREADS="many")
    result = start([*GUNICORN, "hotline:create_app()"], env)
    assert result.returncode == EX_CONFIG
    assert (
        result.stderr == "hotline: GUNICORN_THREADS='many': expected a whole number from 1 to 256\n"
    )


def test_every_cli_command_checks_the_settings_first(monkeypatch):
    monkeypatch.setenv("HOTLINE_QUIET_HOURS", "22-7")
    result = CliRunner().invoke(main, ["outbox"])
    assert result.exit_code == EX_CONFIG
    assert result.output.startswith("hotline: HOTLINE_QUIET_HOURS='22-7': expected HH:MM-HH:MM")
