"""The Procfile works where a buildpack platform put it: only `pip install -r requirements.txt`.

A fresh venv gets exactly that (no `pip install -e .`, so no `hotline` console script and the
package is not in site-packages); then each Procfile line runs as the platform runs it, from the
app directory with the venv first on PATH. The worker must serve the queue (a message queued
by the test is sent) and the web process must answer /healthz and see that worker.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from hotline import outbound
from hotline.platform import free_port, worker
from tests import processes

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def procfile() -> dict[str, str]:
    """The Procfile's process types and their command lines."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


@pytest.fixture(scope="module")
def buildpack_venv(tmp_path_factory) -> Path:
    """A new venv with requirements.txt installed, and nothing else."""
    venv = tmp_path_factory.mktemp("buildpack") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "-r", str(ROOT / "requirements.txt")], check=True, timeout=900)
    return venv


def platform_env(venv: Path, redis_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment a platform gives a process: the venv's bin first on PATH."""
    env = processes.worker_env(redis_url, tmp_path, **extra)
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return env


def run_line(command: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """One Procfile line, run by a shell in the app directory as the platform does."""
    with log.open("ab") as output:
        return subprocess.Popen(
            ["/bin/sh", "-c", f"exec {command}"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def test_the_install_path_has_no_hotline_command(buildpack_venv, tmp_path):
    assert not (buildpack_venv / "bin" / "hotline").exists()
    outside = subprocess.run(
        [str(buildpack_venv / "bin" / "python"), "-c", "import hotline"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert outside.returncode != 0  # the package comes from the app directory only


def test_procfile_worker_and_web_work_after_only_pip_install(
    buildpack_venv, services, redis_server, tmp_path
):
    port = free_port()
    env = platform_env(buildpack_venv, redis_server.url, tmp_path, PORT=str(port))
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"  # the platform's PORT, on loopback only here
    lines = procfile()
    worker_process = run_line(lines["worker"], env, tmp_path / "worker.log")
    web_process = run_line(lines["web"], env, tmp_path / "web.log")
    try:
        assert processes.wait_until(lambda: worker.alive(services.rq_redis)), _logs(tmp_path)
        outbound.queue(
            services,
            outbound.OutboundRequest(
                to="+32470000001",
                channel="sms",
                purpose="test",
                idempotency_key="buildpack",
                body="Bonjour",
            ),
        )
        assert processes.wait_until(lambda: _sent(services)), _logs(tmp_path)
        health = f"http://127.0.0.1:{port}/healthz"
        assert processes.wait_until(lambda: processes.answers(health)), _logs(tmp_path)
        assert requests.get(health, timeout=5).json()["workers"] == 1
        python = str(buildpack_venv / "bin" / "python")
        check = subprocess.run(
            [python, "-m", "hotline", "worker", "--check"], env=env, cwd=ROOT, timeout=120
        )
        assert check.returncode == 0
    finally:
        processes.stop(web_process)
        processes.stop(worker_process)


def _sent(services) -> bool:
    return [r["status"] for r in outbound.outbox(services)] == ["sent"]


def _logs(tmp_path: Path) -> str:
    return "\n".join(log.read_text() for log in sorted(tmp_path.glob("*.log")))
