"""The deployment files agree with the code: the env template, the systemd units, compose.

The template must name every production variable (and nothing the settings would refuse), and
copied as it is it must refuse to start, naming the secrets still to fill in. The units and the
compose file run the Procfile's commands; systemd itself checks the units where it is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hotline.platform.config import KNOWN_NAMES, VARIABLES, ConfigError, Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ASSIGNMENT = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")
TEST_ONLY = {"HOTLINE_TEST_PAUSE_AFTER_SEND"}
UNITS = sorted((DEPLOY / "systemd").iterdir())


def template() -> tuple[dict[str, str], set[str]]:
    """The template's active assignments (name -> value) and every name it mentions."""
    active, mentioned = {}, set()
    for line in (DEPLOY / "hotline.env.example").read_text().splitlines():
        found = ASSIGNMENT.match(line.strip())
        if found:
            commented, name, value = found.groups()
            mentioned.add(name)
            if not commented:
                active[name] = value.strip().strip('"')
    return active, mentioned


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_the_template_names_every_setting_and_only_settings():
    _, mentioned = template()
    every = {variable.name for variable in VARIABLES} - TEST_ONLY
    assert every - mentioned == set()
    assert mentioned - KNOWN_NAMES == set()


def test_the_template_as_copied_refuses_to_start_until_the_secrets_are_filled_in():
    active, _ = template()
    settings = Settings.from_environ(active)  # every value it sets is well-formed
    assert settings.is_production and not settings.simulator_enabled
    with pytest.raises(ConfigError) as raised:
        settings.check_production()
    needed = "SECRET_KEY, HOTLINE_ENCRYPTION_KEY, TWILIO_AUTH_TOKEN"
    assert raised.value.problems == [f"HOTLINE_ENV=production needs {needed} (not set)"]


def test_the_units_run_the_procfile_commands():
    commands = procfile()
    web = (DEPLOY / "systemd" / "hotline-web.service").read_text()
    worker = (DEPLOY / "systemd" / "hotline-worker@.service").read_text()
    assert f"ExecStart=/opt/hotline/.venv/bin/{commands['web']}" in web
    assert f"ExecStart=/opt/hotline/.venv/bin/{commands['worker']}" in worker
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/hotline/hotline.env" in unit
        assert "RestartPreventExitStatus=78" in unit  # bad settings: no restart loop


def test_compose_mirrors_the_set_up():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert "--appendonly yes" in compose["redis"]["command"]
    assert "--maxmemory-policy noeviction" in compose["redis"]["command"]
    assert compose["redis"]["volumes"] == ["redis-data:/data"]
    assert " ".join(compose["worker"]["command"]) == procfile()["worker"]
    assert compose["worker"]["healthcheck"]["test"][-3:] == ["worker", "--check", "--this-host"]
    for name in ("web", "worker"):
        assert compose[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert "gunicorn_conf.py" in (DEPLOY / "Dockerfile").read_text()


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_accepts_the_units(tmp_path):
    venv = Path(sys.prefix)  # the units' /opt/hotline/.venv, so that the commands exist
    for unit in UNITS:
        text = unit.read_text().replace("/opt/hotline/.venv", str(venv))
        name = unit.name.replace("@.", "@1.")
        (tmp_path / name).write_text(text.replace("/opt/hotline", str(ROOT)))
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
