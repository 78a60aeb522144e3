"""Local runs share one generated key per file, however many processes start at once."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

import pytest

from hotline.platform import local_secrets
from hotline.platform.config import PRODUCTION, ConfigError, Settings
from hotline.platform.privacy import load_key


def _create(path: str, key: str, queue) -> None:
    queue.put(local_secrets.read_or_create(Path(path), lambda: key))


def test_processes_racing_to_create_the_key_all_get_the_same_one(tmp_path):
    path = tmp_path / "var" / "secret.key"
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    racers = [
        context.Process(target=_create, args=(str(path), f"key-{n}", results)) for n in range(6)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)
    keys = {results.get(timeout=10) for _ in racers}
    assert len(keys) == 1
    assert keys == {path.read_text()}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temporary left


def test_the_session_key_is_generated_once_into_var_and_shared(tmp_path):
    first = Settings(var_dir=tmp_path).resolved_secret_key()
    assert len(first) == 64
    assert Settings(var_dir=tmp_path).resolved_secret_key() == first
    assert (tmp_path / "secret.key").read_text() == first
    assert Settings(var_dir=tmp_path, secret_key="given").resolved_secret_key() == "given"


def test_production_generates_no_key(tmp_path):
    with pytest.raises(ConfigError):
        Settings(env=PRODUCTION, var_dir=tmp_path).resolved_secret_key()
    with pytest.raises(ConfigError):
        load_key(Settings(env=PRODUCTION, var_dir=tmp_path))
    assert not list(tmp_path.iterdir())
