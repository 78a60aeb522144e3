"""`hotline doctor`: missing and unsafe production settings, the Twilio webhook URLs, exit codes."""

from __future__ import annotations

import pytest
import redis
from click.testing import CliRunner
from cryptography.fernet import Fernet

from hotline.cli import main
from hotline.cli.doctor import FAIL, MISSING, OK, UNSAFE, WARN, diagnose
from hotline.platform.config import PRODUCTION, Settings
from hotline.platform.embedded_redis import EmbeddedRedis, free_port
from tests.redis_binary import binary as redis_binary

GOOD = {
    "HOTLINE_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "HOTLINE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
    "TWILIO_AUTH_TOKEN": "token",
    "TWILIO_MESSAGING_SERVICE_SID": "MG" + "2" * 32,
    "PUBLIC_BASE_URL": "https://hotline.example.org",
    "HOTLINE_SIMULATOR": "0",
}
ALL_VARIABLES = [
    *GOOD,
    "REDIS_URL",
    "TWILIO_SMS_FROM",
    "TWILIO_WHATSAPP_FROM",
    "TWILIO_API_BASE_URL",
]


@pytest.fixture
def environment(monkeypatch):
    """Set the environment the doctor reads, starting from nothing."""
    for name in ALL_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def apply(**variables: str) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return apply


def levels(settings: Settings) -> dict[str, str]:
    return {finding.subject: finding.level for finding in diagnose(settings)}


def test_prints_the_webhook_urls_to_paste_into_twilio(environment, redis_server):
    environment(**GOOD, REDIS_URL=redis_server.url)
    result = CliRunner().invoke(main, ["doctor"])
    for path in ("/twilio/messages", "/twilio/status", "/twilio/voice"):
        assert f"https://hotline.example.org{path}" in result.output


def test_production_without_secrets_exits_non_zero_and_names_them(environment):
    environment(HOTLINE_ENV="production")
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 1
    for name in ("SECRET_KEY", "HOTLINE_ENCRYPTION_KEY", "TWILIO_ACCOUNT_SID", "PUBLIC_BASE_URL"):
        assert f"MISSING  {name}" in result.output
    assert "MISSING  Signature check" in result.output


def test_development_reports_but_exits_zero_unless_asked_for_production(environment):
    assert CliRunner().invoke(main, ["doctor"]).exit_code == 0
    assert CliRunner().invoke(main, ["doctor", "--production"]).exit_code == 1


@pytest.mark.parametrize(
    ("change", "subject"),
    [
        ({"public_base_url": "http://hotline.example.org"}, "PUBLIC_BASE_URL"),
        ({"public_base_url": "https://localhost:5000"}, "PUBLIC_BASE_URL"),
        ({"secret_key": "short"}, "SECRET_KEY"),
        ({"encryption_key": "not-a-key"}, "HOTLINE_ENCRYPTION_KEY"),
        ({"simulator_enabled": True}, "Simulator"),
        ({"twilio_api_base_url": "http://127.0.0.1:9999"}, "Twilio API"),
    ],
)
def test_unsafe_values_are_flagged(redis_server, change, subject):
    settings = Settings.from_env(**{**_good_settings(redis_server.url), **change})
    assert levels(settings)[subject] == UNSAFE


def test_redis_without_aof_is_unsafe(redis_server):
    settings = Settings.from_env(**_good_settings(redis_server.url))
    assert levels(settings)["Redis persistence"] == UNSAFE  # the test server runs without AOF


def test_redis_without_aof_is_only_a_warning_outside_production(redis_server):
    settings = Settings.from_env(**{**_good_settings(redis_server.url), "env": "development"})
    assert levels(settings)["Redis persistence"] == WARN


@pytest.fixture
def evicting_redis(redis_server):
    """The test Redis with an eviction policy, put back to noeviction afterwards."""
    client = redis.Redis.from_url(redis_server.url)
    client.config_set("maxmemory-policy", "allkeys-lru")
    yield redis_server
    client.config_set("maxmemory-policy", "noeviction")
    client.close()


def test_an_evicting_redis_fails_in_every_environment(environment, evicting_redis):
    settings = Settings.from_env(**_good_settings(evicting_redis.url))
    assert levels(settings)["Redis eviction"] == FAIL
    environment(REDIS_URL=evicting_redis.url)  # development
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 1
    assert "FAIL     Redis eviction: maxmemory-policy allkeys-lru" in result.output


def test_unreachable_redis_is_missing():
    settings = Settings.from_env(**_good_settings(f"redis://127.0.0.1:{free_port()}/0"))
    assert levels(settings)["Redis"] == MISSING


@pytest.mark.slow
def test_a_complete_production_setup_passes(environment, tmp_path):
    server = EmbeddedRedis(
        tmp_path / "redis", port=free_port(), appendonly=True, binary=redis_binary()
    )
    server.start()
    try:
        environment(**GOOD, REDIS_URL=server.url)
        result = CliRunner().invoke(main, ["doctor"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output
    assert f"{OK.upper():8} Redis persistence" in result.output
    assert f"{OK.upper():8} Redis eviction: maxmemory-policy noeviction" in result.output


def _good_settings(redis_url: str) -> dict[str, object]:
    return {
        "env": PRODUCTION,
        "redis_url": redis_url,
        "secret_key": GOOD["SECRET_KEY"],
        "encryption_key": GOOD["HOTLINE_ENCRYPTION_KEY"],
        "twilio_account_sid": GOOD["TWILIO_ACCOUNT_SID"],
        "twilio_auth_token": "token",
        "twilio_messaging_service_sid": GOOD["TWILIO_MESSAGING_SERVICE_SID"],
        "public_base_url": GOOD["PUBLIC_BASE_URL"],
        "simulator_enabled": False,
        "twilio_api_base_url": "",
    }
