"""Worker liveness is visible: /healthz counts live workers, `hotline worker --check` exits 1
without one (for a container's or systemd's health check), `hotline doctor` says it."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from hotline.cli import main
from hotline.platform import worker
from tests import processes


@pytest.fixture
def cli(monkeypatch, settings):
    """`hotline …` in this process, on the test Redis."""
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(settings.var_dir))
    return lambda *args: CliRunner().invoke(main, list(args))


def test_without_a_worker_check_fails_and_healthz_says_none(cli, client, services):
    result = cli("worker", "--check")
    assert result.exit_code == 1
    assert "no worker alive: alerts, reminders and broadcasts wait" in result.output
    assert client.get("/healthz").get_json()["workers"] == 0
    assert client.get("/healthz").status_code == 200  # the web process itself is fine
    assert client.get("/healthz?workers=1").status_code == 503


def test_check_without_any_redis_fails_and_starts_none(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["worker", "--check"])
    assert result.exit_code == 1
    assert "no Redis" in result.output
    assert not (tmp_path / "redis").exists()


@pytest.mark.slow
def test_a_running_worker_is_seen_until_it_stops(cli, client, services, redis_server, tmp_path):
    process = processes.start(["worker"], processes.worker_env(redis_server.url, tmp_path),
                              tmp_path / "worker.log")  # fmt: skip
    try:
        assert processes.wait_until(lambda: worker.alive(services.rq_redis))
        result = cli("worker", "--check", "--this-host")
        assert result.exit_code == 0, result.output
        assert f"on {socket.gethostname()} (pid " in result.output
        assert client.get("/healthz").get_json()["workers"] == 1
        assert client.get("/healthz?workers=1").status_code == 200
        assert "OK       Workers: 1 alive" in cli("doctor").output
    finally:
        processes.stop(process)
    assert not worker.alive(services.rq_redis)  # a stopped worker unregisters
    assert cli("worker", "--check").exit_code == 1
    assert "WARN     Workers: none alive" in cli("doctor").output
