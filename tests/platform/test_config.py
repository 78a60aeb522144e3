"""Settings refuse to start wrong: every bad value and misspelt name, in one line naming it.

The cases of issue 13 all started "healthy" before (a misspelt time zone, French day names, a
capitalised environment, `true` for a flag that only understood `1`); each must now name its
variable, the value and what is accepted.
"""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.fernet import Fernet

from hotline import create_app
from hotline.platform.config import PRODUCTION, TESTING, ConfigError, Settings

REFUSED = [
    ("HOTLINE_TIMEZONE", "Europe/Brusels", "did you mean Europe/Brussels?"),
    ("HOTLINE_OFFICE_HOURS", "lun-vne 09:00-17:00", "unknown day in 'mon-vne'"),
    ("HOTLINE_OFFICE_HOURS", "mon-fri 17:00-09:00", "the end must be after the start"),
    ("HOTLINE_ENV", "Production", "expected one of development, production, testing"),
    ("HOTLINE_SIMULATOR", "oui", "expected 1/0, true/false, yes/no or on/off"),
    ("HOTLINE_SEND_TIMEOUT", "30s", "expected a whole number from 1 to 600"),
    ("HOTLINE_SEND_TIMEOUT", "0", "expected a whole number from 1 to 600"),
    ("HOTLINE_CALLBACK_EXPIRY_DAYS", "-1", "from 1 to 365"),
    ("HOTLINE_DAILY_OUTBOUND_CAP", "20 000", "a whole number"),
    ("HOTLINE_SMS_RATE", "nan", "a number from 0.01 to 10000"),
    ("HOTLINE_HOUSEKEEPING_MINUTES", "five", "a number"),
    ("HOTLINE_QUIET_HOURS", "21h-8h", "HH:MM-HH:MM"),
    ("HOTLINE_QUIET_HOURS", "21:00", "HH:MM-HH:MM"),
    ("HOTLINE_WORKSHOP_REMINDERS", "1d@18:00,2hours", "bad reminder offset '2hours'"),
    ("HOTLINE_WORKSHOP_REMINDERS", "1d@25:00", "is not a time of day"),
    ("HOTLINE_DEFAULT_LANGUAGE", "de", "fr, nl, en, ar, es, ro, tr, sq, fa"),
    ("HOTLINE_SMS_COUNTRIES", "Belgium", "two-letter country codes"),
    ("HOTLINE_CALLBACK_RATE", "-5", "from 0 to 100000"),
    ("HOTLINE_SIMULATOR_REDIS_URL", "localhost:6379", "expected redis://"),
    ("HOTLINE_LOG_FORMAT", "JSON", "plain, json"),
    ("HOTLINE_LOG_LEVEL", "verbose", "debug, info, warning, error"),
    ("PUBLIC_BASE_URL", "hotline.example.org", "an http(s) URL"),
    ("TWILIO_ACCOUNT_SID", "AC123", "AC followed by 32 hexadecimal digits"),
    ("TWILIO_MESSAGING_SERVICE_SID", "AC" + "1" * 32, "MG followed by 32"),
    ("TWILIO_SMS_FROM", "0470 12 34 56", "an E.164 number"),
    ("TWILIO_WHATSAPP_FROM", "+32460000001", "whatsapp:+32"),
    ("HOTLINE_CONTENT_DIR", "/nonexistent/content", "an existing directory"),
    ("HOTLINE_WHATSAPP_TEMPLATES", "/nonexistent/templates.yaml", "an existing, readable file"),
]


def refusal(environ: dict[str, str]) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        Settings.from_environ(environ)
    return raised.value.problems


@pytest.mark.parametrize(("name", "value", "accepted"), REFUSED)
def test_a_bad_value_is_refused_in_one_line_naming_it(name, value, accepted):
    [line] = refusal({name: value})
    assert line.startswith(f"{name}={value!r}: ")
    assert accepted in line
    assert "\n" not in line


def test_every_problem_is_listed_not_only_the_first():
    lines = refusal({"HOTLINE_TIMEZONE": "Europe/Brusels", "HOTLINE_ENV": "Production"})
    assert [line.split("=")[0] for line in lines] == ["HOTLINE_ENV", "HOTLINE_TIMEZONE"]


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("HOTLINE_TIMEZON", "HOTLINE_TIMEZONE"),
        ("HOTLINE_QUIETHOURS", "HOTLINE_QUIET_HOURS"),
        ("HOTLNE_ENV", "HOTLINE_ENV"),
        ("REDIS_ULR", "REDIS_URL"),
        ("SECRETKEY", "SECRET_KEY"),
        ("TWILIO_AUTH_TOKN", "TWILIO_AUTH_TOKEN"),
    ],
)
def test_a_misspelt_variable_is_refused_with_the_name_it_resembles(name, meant):
    assert refusal({name: "x"}) == [f"{name} is not a hotline setting: did you mean {meant}?"]


def test_any_unknown_hotline_variable_is_refused():
    [line] = refusal({"HOTLINE_COLOUR": "blue"})
    assert line.startswith("HOTLINE_COLOUR is not a hotline setting")


def test_other_programs_variables_and_the_test_suites_are_left_alone():
    environ = {
        "PATH": "/usr/bin",
        "REDIS_HOST": "x",
        "TWILIO_REGION": "ie1",
        "SECRET_KEY_BASE": "rails",
        "HOTLINE_TEST_NOW": "2030-01-01",
        "PORT": "8000",
        "PORTS": "80,443",
    }
    assert Settings.from_environ(environ).env == "development"


def test_secrets_are_never_echoed_back():
    secret = "not-a-fernet-key-but-secret"
    [line] = refusal({"HOTLINE_ENCRYPTION_KEY": secret})
    assert secret not in line
    assert line.startswith("HOTLINE_ENCRYPTION_KEY=(hidden, 27 characters): expected a Fernet key")
    [url] = refusal({"REDIS_URL": "http://:hunter2@redis.example.org:6379/0"})
    assert "hunter2" not in url
    assert "***" in url


@pytest.mark.parametrize(
    ("word", "enabled"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("FALSE", False)],
)
def test_booleans_read_the_usual_words(word, enabled):
    assert Settings.from_environ({"HOTLINE_SIMULATOR": word}).simulator_enabled is enabled


def test_values_are_read_into_their_types():
    settings = Settings.from_environ(
        {
            "HOTLINE_ENV": TESTING,
            "HOTLINE_SEND_TIMEOUT": " 12 ",
            "HOTLINE_SMS_RATE": "2.5",
            "PUBLIC_BASE_URL": "https://hotline.example.org/",
            "HOTLINE_TIMEZONE": "Europe/Paris",
            "HOTLINE_OFFICE_HOURS": "mon-fri 09:00-12:30; mon-thu 13:30-17:00",
            "HOTLINE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "TWILIO_ACCOUNT_SID": "AC" + "a" * 32,
            "TWILIO_SMS_FROM": "SOLEA",
            "TWILIO_WHATSAPP_FROM": "whatsapp:+32460000001",
        }
    )
    assert (settings.send_job_timeout, settings.sms_rate_per_second) == (12, 2.5)
    assert settings.public_base_url == "https://hotline.example.org"
    assert settings.timezone == "Europe/Paris"


def test_unset_and_empty_mean_the_default_but_empty_quiet_hours_mean_none():
    assert Settings.from_environ({"HOTLINE_TIMEZONE": ""}).timezone == "Europe/Brussels"
    assert Settings.from_environ({}).quiet_hours == "21:00-08:00"
    assert Settings.from_environ({"HOTLINE_QUIET_HOURS": ""}).quiet_hours == ""
    assert Settings.from_environ({"HOTLINE_WORKSHOP_REMINDERS": ""}).workshop_reminders == ""


def test_the_simulator_is_on_by_default_except_in_production():
    assert Settings.from_environ({}).simulator_enabled
    assert not Settings.from_environ({"HOTLINE_ENV": PRODUCTION}).simulator_enabled
    assert Settings.from_environ(
        {"HOTLINE_ENV": PRODUCTION, "HOTLINE_SIMULATOR": "1"}
    ).simulator_enabled


def test_production_needs_its_shared_redis_and_secrets():
    settings = Settings.from_environ({"HOTLINE_ENV": PRODUCTION})
    with pytest.raises(ConfigError) as raised:
        settings.check_production()
    assert raised.value.problems == [
        "HOTLINE_ENV=production needs REDIS_URL, SECRET_KEY, HOTLINE_ENCRYPTION_KEY, "
        "TWILIO_AUTH_TOKEN (not set)"
    ]


def _simulator_status(app, forwarded_for: str) -> int:
    client = app.test_client()
    headers = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"}
    return client.get(
        "/simulator/", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    ).status_code


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(services):
    # The bare simulator refuses anything a proxy forwarded, trusted or not (a local proxy made
    # every visitor look local); the login lock-out's tests show the forwarded address is used.
    assert _simulator_status(create_app(services=services), "203.0.113.5") == 403
    services.settings = dataclasses.replace(services.settings, trusted_proxies=1)
    assert _simulator_status(create_app(services=services), "203.0.113.5") == 403
    assert Settings.from_environ({"HOTLINE_TRUSTED_PROXIES": "1"}).trusted_proxies == 1
