"""`hotline send` queues a one-off message; `hotline outbox` shows what outbox mode sent."""

from __future__ import annotations

import json

from click.testing import CliRunner

from hotline.cli import main
from tests.conftest import ENCRYPTION_KEY


def cli_env(redis_server, tmp_path) -> dict[str, str]:
    return {
        "REDIS_URL": redis_server.url,
        "HOTLINE_ENCRYPTION_KEY": ENCRYPTION_KEY,
        "HOTLINE_VAR_DIR": str(tmp_path / "var"),
        "TWILIO_ACCOUNT_SID": "",
        "TWILIO_AUTH_TOKEN": "",
    }


def test_send_then_outbox(services, run_jobs, redis_server, tmp_path):
    runner = CliRunner()
    env = cli_env(redis_server, tmp_path)
    sent = runner.invoke(
        main, ["send", "+32470123456", "Bonjour", "--channel", "whatsapp"], env=env
    )
    assert sent.exit_code == 0, sent.output
    assert "outbox mode" in sent.output
    run_jobs()
    listed = runner.invoke(main, ["outbox", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    [record] = [json.loads(line) for line in listed.output.splitlines()]
    assert record["text"] == "Bonjour" and record["sent_channel"] == "whatsapp"
    assert record["to"] == "+32 4•• •• •• 56"
    human = runner.invoke(main, ["outbox"], env=env)
    assert "Bonjour" in human.output and "+32470123456" not in human.output


def test_send_refuses_a_non_number(services, redis_server, tmp_path):
    result = CliRunner().invoke(
        main, ["send", "hello", "Bonjour"], env=cli_env(redis_server, tmp_path)
    )
    assert result.exit_code == 2 and "not a phone number" in result.output


def test_empty_outbox_says_so(services, redis_server, tmp_path):
    result = CliRunner().invoke(main, ["outbox"], env=cli_env(redis_server, tmp_path))
    assert result.exit_code == 0 and "empty" in result.output
    as_json = CliRunner().invoke(main, ["outbox", "--json"], env=cli_env(redis_server, tmp_path))
    assert as_json.output == ""  # scripts get no rows, not a sentence
