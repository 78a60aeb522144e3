"""`hotline callbacks …` and `hotline staff …` against the test Redis."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from hotline.callbacks import requests as callbacks
from hotline.cli import main
from tests.conftest import inbound_form


@pytest.fixture
def cli(monkeypatch, settings, services, clock):
    """Run the CLI with the test Redis and encryption key, on the frozen Monday of `clock`."""
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("HOTLINE_ENCRYPTION_KEY", settings.encryption_key)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(settings.var_dir))

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_list_json_and_the_staff_actions(cli, services, clock, travel, signed_post):
    signed_post("/twilio/messages", inbound_form("RAPPEL logement", sender="+32470000061"))
    travel(clock + dt.timedelta(minutes=1))  # the second one is younger
    signed_post("/twilio/messages", inbound_form("CALLBACK", sender="+32470000062"))
    rows = json.loads(cli("callbacks", "list", "--json"))
    assert [(r["status"], r["language"], r["topic"], r["priority"]) for r in rows] == [
        ("waiting", "fr", "logement", "normal"),
        ("waiting", "en", "", "normal"),
    ]
    assert rows[0]["phone"] == "+32 4•• •• •• 61" and rows[0]["attempts"] == 0
    first, second = rows[0]["reference"], rows[1]["reference"]
    assert "claimed by Amina" in cli("callbacks", "claim", first, "--staff", "Amina")
    assert "done" in cli("callbacks", "done", first.lower())
    cli("callbacks", "claim", second, "--staff", "Bram")
    assert "waiting after 1 attempt" in cli("callbacks", "no-answer", second)
    assert "cancelled" in cli("callbacks", "cancel", second)
    waiting = json.loads(cli("callbacks", "list", "--status", "waiting", "--json"))
    assert waiting == []
    table = cli("callbacks", "list")
    assert first in table and "+32470000061" not in table
    assert callbacks.get(services, second).status == callbacks.CANCELLED


def test_errors_are_reported_not_raised(cli):
    result = CliRunner().invoke(main, ["callbacks", "done", "R-AAAA"])
    assert result.exit_code == 1 and "no callback request" in result.output


def test_staff_add_and_list(cli):
    out = cli("staff", "add", "Amina", "--phone", "+32470100001", "--languages", "fr,ar",
              "--hours", "mon-fri 09:00-17:00")  # fmt: skip
    assert "+32 4•• •• •• 01" in out
    [row] = json.loads(cli("staff", "list", "--json"))
    assert row == {
        "name": "Amina",
        "languages": ["fr", "ar"],
        "phone": "+32 4•• •• •• 01",
        "hours": "mon-fri 09:00-17:00",
    }
    bad = CliRunner().invoke(main, ["staff", "add", "X", "--phone", "1", "--languages", "fr"])
    assert bad.exit_code == 1
