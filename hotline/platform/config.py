"""Settings from the environment, with safe local defaults and a production check.

Everything the hotline can be told lives in one frozen `Settings` object, built once by
`Settings.from_env()` and passed down; nothing reads `os.environ` elsewhere. Local runs need no
configuration at all: without Twilio credentials the hotline runs in outbox mode, and without
`REDIS_URL` it starts its own Redis under `./var/`.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT = "development"
PRODUCTION = "production"
TESTING = "testing"


class ConfigError(RuntimeError):
    """Raised when the settings are unsafe for the environment they run in."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    return int(raw) if raw else default


def _env_float(name: str, default: float) -> float:
    raw = _env(name)
    return float(raw) if raw else default


@dataclass(frozen=True)
class Settings:
    """All configuration of one hotline process. Field names match the environment variables."""

    env: str = DEVELOPMENT
    redis_url: str = ""
    var_dir: Path = PROJECT_ROOT / "var"
    content_dir: Path = PROJECT_ROOT / "content"
    seeds_dir: Path = PROJECT_ROOT.parent / "shared" / "seeds"
    public_base_url: str = ""
    secret_key: str = ""
    encryption_key: str = ""
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_messaging_service_sid: str = ""
    twilio_sms_from: str = ""
    twilio_whatsapp_from: str = ""
    twilio_api_base_url: str = ""
    timezone: str = "Europe/Brussels"
    quiet_hours: str = "21:00-08:00"
    default_language: str = "fr"
    sms_rate_per_second: float = 10.0
    whatsapp_rate_per_second: float = 10.0
    # Outbound delivery (hotline/outbound/messages.py, hotline/platform/worker.py): the YAML file
    # of approved
    # WhatsApp templates per purpose and language, the send job's time limit (seconds; a killed
    # worker's job is retried about send_job_timeout + 15 + 2 x worker_maintenance_interval
    # seconds later) and how often workers look for abandoned jobs.
    whatsapp_templates: str = ""
    send_job_timeout: int = 30
    worker_maintenance_interval: int = 20
    # Minutes between housekeeping runs on the maintenance queue (hotline/platform/housekeeping.py):
    # reconcile outbound records left `sending`, expire callbacks, release lost leases.
    housekeeping_minutes: float = 5.0
    # Tests only (honoured when HOTLINE_ENV=testing): the send job sleeps this long after the
    # provider accepted a message, so a test can kill the worker right there.
    test_pause_after_send: float = 0.0
    office_hours: str = "mon-fri 09:00-17:00"
    callback_lease_minutes: int = 15
    callback_expiry_days: int = 14
    # The number texters see in "we will call you from …" (SOLEA's, from seed 000).
    callback_from_number: str = "0456 64 40 36"
    history_retention_days: int = 90
    # At most this many outbound messages per local day (a runaway-cost guard;
    # hotline/conversation/abuse.py).
    daily_outbound_cap: int = 20_000
    # SMS pumping guards. Countries (ISO codes, "*" = any) an SMS may go to outside a TwiML reply
    # (hotline/outbound/destinations.py); new callback requests per hour before missed calls stop
    # opening
    # any (hotline/conversation/abuse.py, 0 = no limit); minutes between two alerts to one staff
    # member, the
    # requests in between going into one digest (hotline/callbacks/staff_alerts.py).
    sms_countries: str = "BE,NL,FR,DE,LU"
    callback_rate_per_hour: int = 30
    staff_alert_minutes: int = 5
    # When registrants are reminded of a workshop: "1d@18:00" = the day before at 18:00 local
    # time, "2h" / "90m" = that long before the start (see hotline/workshops/reminders.py).
    workshop_reminders: str = "1d@18:00,2h"
    simulator_enabled: bool = True
    # Where the console simulator's sandbox lives (hotline/platform/sandbox.py): another Redis
    # database,
    # never the live one; empty = the live server's next database (REDIS_URL's db + 1).
    simulator_redis_url: str = ""
    # Bearer token that lets a remote Prometheus read GET /metrics (loopback needs none).
    metrics_token: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read the environment once; `overrides` win (tests and the CLI use them)."""
        env = _env("HOTLINE_ENV", DEVELOPMENT)
        settings = cls(
            env=env,
            redis_url=_env("REDIS_URL"),
            var_dir=Path(_env("HOTLINE_VAR_DIR", str(PROJECT_ROOT / "var"))),
            content_dir=Path(_env("HOTLINE_CONTENT_DIR", str(PROJECT_ROOT / "content"))),
            seeds_dir=Path(
                _env("HOTLINE_SEEDS_DIR", str(PROJECT_ROOT.parent / "shared" / "seeds"))
            ),
            public_base_url=_env("PUBLIC_BASE_URL").rstrip("/"),
            secret_key=_env("SECRET_KEY"),
            encryption_key=_env("HOTLINE_ENCRYPTION_KEY"),
            twilio_account_sid=_env("TWILIO_ACCOUNT_SID"),
            twilio_auth_token=_env("TWILIO_AUTH_TOKEN"),
            twilio_messaging_service_sid=_env("TWILIO_MESSAGING_SERVICE_SID"),
            twilio_sms_from=_env("TWILIO_SMS_FROM"),
            twilio_whatsapp_from=_env("TWILIO_WHATSAPP_FROM"),
            twilio_api_base_url=_env("TWILIO_API_BASE_URL").rstrip("/"),
            timezone=_env("HOTLINE_TIMEZONE", "Europe/Brussels"),
            quiet_hours=os.environ.get("HOTLINE_QUIET_HOURS", "21:00-08:00").strip(),
            default_language=_env("HOTLINE_DEFAULT_LANGUAGE", "fr"),
            sms_rate_per_second=_env_float("HOTLINE_SMS_RATE", 10.0),
            whatsapp_rate_per_second=_env_float("HOTLINE_WHATSAPP_RATE", 10.0),
            whatsapp_templates=_env("HOTLINE_WHATSAPP_TEMPLATES"),
            send_job_timeout=_env_int("HOTLINE_SEND_TIMEOUT", 30),
            worker_maintenance_interval=_env_int("HOTLINE_WORKER_MAINTENANCE_INTERVAL", 20),
            housekeeping_minutes=_env_float("HOTLINE_HOUSEKEEPING_MINUTES", 5.0),
            test_pause_after_send=_env_float("HOTLINE_TEST_PAUSE_AFTER_SEND", 0.0),
            office_hours=_env("HOTLINE_OFFICE_HOURS", "mon-fri 09:00-17:00"),
            callback_lease_minutes=_env_int("HOTLINE_CALLBACK_LEASE_MINUTES", 15),
            callback_expiry_days=_env_int("HOTLINE_CALLBACK_EXPIRY_DAYS", 14),
            callback_from_number=_env("HOTLINE_CALLBACK_FROM_NUMBER", "0456 64 40 36"),
            history_retention_days=_env_int("HOTLINE_HISTORY_RETENTION_DAYS", 90),
            daily_outbound_cap=_env_int("HOTLINE_DAILY_OUTBOUND_CAP", 20_000),
            sms_countries=_env("HOTLINE_SMS_COUNTRIES", "BE,NL,FR,DE,LU"),
            callback_rate_per_hour=_env_int("HOTLINE_CALLBACK_RATE", 30),
            staff_alert_minutes=_env_int("HOTLINE_STAFF_ALERT_MINUTES", 5),
            workshop_reminders=_env("HOTLINE_WORKSHOP_REMINDERS", "1d@18:00,2h"),
            simulator_enabled=_env("HOTLINE_SIMULATOR", "" if env == PRODUCTION else "1") == "1",
            simulator_redis_url=_env("HOTLINE_SIMULATOR_REDIS_URL"),
            metrics_token=_env("METRICS_TOKEN"),
        )
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown settings: {sorted(unknown)}")
        return replace(settings, **overrides)  # type: ignore[arg-type]

    @property
    def is_production(self) -> bool:
        """Production refuses unsafe defaults; development and tests generate them."""
        return self.env == PRODUCTION

    @property
    def twilio_configured(self) -> bool:
        """True when messages can really leave through Twilio; otherwise outbox mode."""
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    def resolved_secret_key(self) -> str:
        """The Flask secret key: required in production, generated per process elsewhere."""
        if self.secret_key:
            return self.secret_key
        if self.is_production:
            raise ConfigError("SECRET_KEY is required in production")
        return secrets.token_hex(32)

    def check_production(self) -> None:
        """Refuse to start a production process without its secrets."""
        if not self.is_production:
            return
        missing = [
            name
            for name, value in (
                ("SECRET_KEY", self.secret_key),
                ("HOTLINE_ENCRYPTION_KEY", self.encryption_key),
                ("TWILIO_AUTH_TOKEN", self.twilio_auth_token),
            )
            if not value
        ]
        if missing:
            raise ConfigError(f"production needs {', '.join(missing)}")
