"""Settings from the environment, checked when a process starts, with safe local defaults.

Everything the hotline can be told lives in one frozen `Settings` object, built once by
`Settings.from_env()` and passed down; nothing reads `os.environ` elsewhere. Every variable is
read and checked there (`VARIABLES`: name, field, reader in hotline/platform/config_values.py),
and so is
every `HOTLINE_*` name: a bad value or a misspelt variable raises `ConfigError`, one line per
problem naming the variable, the value and what is accepted. The web server, the worker and
every CLI command build their settings first and stop with those lines (exit 78, EX_CONFIG)
instead of starting "healthy" and answering texters with errors.

Local runs need no configuration at all: without Twilio credentials the hotline runs in outbox
mode, without `REDIS_URL` the CLI starts its own Redis under `./var/`, and the keys it needs are
generated once into `./var/` and shared by every process. Production refuses all three.
"""

from __future__ import annotations

import difflib
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from hotline.platform import config_values as read
from hotline.platform import local_secrets

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT = "development"
PRODUCTION = "production"
TESTING = "testing"
PLAIN = "plain"
JSON = "json"
LOG_LEVELS = ("debug", "info", "warning", "error")
EX_CONFIG = 78  # sysexits.h: configuration error (systemd units do not restart on it)
SIGNING_KEY_FILE = "secret.key"
PREFIX = "HOTLINE_"
TEST_SUITE_PREFIX = "HOTLINE_TEST_"  # free for the test suite's own switches
# Read by gunicorn (hotline/platform/gunicorn_conf.py) and Twilio's library, not by Settings.
OTHER_VARIABLES = ("PORT", "GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS")
TWILIO_LIBRARY_VARIABLES = ("TWILIO_REGION", "TWILIO_EDGE", "TWILIO_API_KEY", "TWILIO_API_SECRET")
TYPO_CUTOFF = 0.88  # how close an unknown name must be to a known one to count as its typo


class ConfigError(RuntimeError):
    """The settings are malformed or unsafe for their environment; one line per problem."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


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
    # of approved WhatsApp templates per purpose and language, the send job's time limit
    # (seconds; a killed worker's job is retried about send_job_timeout + 15 +
    # 2 x worker_maintenance_interval seconds later) and how often workers look for abandoned
    # jobs.
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
    # (hotline/outbound/destinations.py); new callback requests per hour before missed calls
    # stop opening any (hotline/conversation/abuse.py, 0 = no limit); minutes between two alerts
    # to one staff member, the requests in between going into one digest
    # (hotline/callbacks/staff_alerts.py).
    sms_countries: str = "BE,NL,FR,DE,LU"
    callback_rate_per_hour: int = 30
    staff_alert_minutes: int = 5
    # When registrants are reminded of a workshop: "1d@18:00" = the day before at 18:00 local
    # time, "2h" / "90m" = that long before the start (hotline/platform/reminder_offsets.py).
    workshop_reminders: str = "1d@18:00,2h"
    simulator_enabled: bool = True
    # Where the console simulator's sandbox lives (hotline/platform/sandbox.py): another Redis
    # database, never the live one; empty = the live server's next database (REDIS_URL's db + 1).
    simulator_redis_url: str = ""
    # Bearer token that lets a remote Prometheus read GET /metrics (loopback needs none).
    metrics_token: str = ""
    # Reverse proxies in front of gunicorn whose X-Forwarded-For/-Proto are believed (0: none).
    # Behind nginx on the same host, 1: the console's login guard then counts failures per
    # client address, not per proxy, and the simulator sees that the client is not local.
    trusted_proxies: int = 0
    # Logs of the web, worker and CLI processes (hotline/platform/logs.py): plain lines or JSON.
    log_format: str = PLAIN
    log_level: str = "info"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read and check the environment once; `overrides` win (tests and the CLI use them)."""
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown settings: {sorted(unknown)}")
        # names checked above; values of each field's own type (the callers' business)
        return replace(cls.from_environ(os.environ), **overrides)  # type: ignore[arg-type]

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Settings from `environ`; ConfigError listing every bad value and misspelt name."""
        values: dict[str, object] = {}
        problems = [*_read_all(environ, values), *misspelt_variables(environ)]
        if problems:
            raise ConfigError(problems)
        values.setdefault("simulator_enabled", values.get("env") != PRODUCTION)
        # each value comes from its field's reader (VARIABLES), so it has that field's type
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_production(self) -> bool:
        """Production refuses unsafe defaults; development and tests generate them."""
        return self.env == PRODUCTION

    @property
    def twilio_configured(self) -> bool:
        """True when messages can really leave through Twilio; otherwise outbox mode."""
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    def resolved_secret_key(self) -> str:
        """The Flask secret key: required in production; elsewhere generated once into var/.

        Every process of a local run (each gunicorn worker, the RQ worker, the CLI) reads the
        same file, so a session signed by one web worker is valid in the others.
        """
        if self.secret_key:
            return self.secret_key
        if self.is_production:
            raise ConfigError("SECRET_KEY is required in production")
        path = Path(self.var_dir) / SIGNING_KEY_FILE
        return local_secrets.read_or_create(path, lambda: secrets.token_hex(32))

    def check_production(self) -> None:
        """Refuse to start a production process without its secrets or its shared Redis.

        Without REDIS_URL a process would start a private, empty Redis: a worker would then
        serve an empty queue forever while the web process queues into another.
        """
        if not self.is_production:
            return
        required = (
            ("REDIS_URL", self.redis_url),
            ("SECRET_KEY", self.secret_key),
            ("HOTLINE_ENCRYPTION_KEY", self.encryption_key),
            ("TWILIO_AUTH_TOKEN", self.twilio_auth_token),
        )
        missing = [name for name, value in required if not value]
        if missing:
            raise ConfigError(f"HOTLINE_ENV=production needs {', '.join(missing)} (not set)")


@dataclass(frozen=True)
class Variable:
    """One environment variable: the Settings field it sets and how its text is read."""

    name: str
    field: str
    reader: read.Reader = read.text_value
    shown: Callable[[str], str] = repr  # how a refused value is echoed (secrets: hidden)
    empty_means_none: bool = False  # "" is a value ("no quiet hours"), not "use the default"

    def refusal(self, raw: str, error: ValueError) -> str:
        """The one line that says why this value was refused."""
        return f"{self.name}={self.shown(raw)}: {error}"


_ENVS = read.choice(DEVELOPMENT, PRODUCTION, TESTING)
VARIABLES: tuple[Variable, ...] = (
    Variable("HOTLINE_ENV", "env", _ENVS),
    Variable("REDIS_URL", "redis_url", read.redis_url, shown=read.without_password),
    Variable("HOTLINE_VAR_DIR", "var_dir", read.directory),
    Variable("HOTLINE_CONTENT_DIR", "content_dir", read.existing_directory),
    Variable("HOTLINE_SEEDS_DIR", "seeds_dir", read.directory),
    Variable("PUBLIC_BASE_URL", "public_base_url", read.web_url),
    Variable("SECRET_KEY", "secret_key", shown=read.hidden),
    Variable("HOTLINE_ENCRYPTION_KEY", "encryption_key", read.fernet_key, shown=read.hidden),
    Variable("TWILIO_ACCOUNT_SID", "twilio_account_sid", read.twilio_sid("AC")),
    Variable("TWILIO_AUTH_TOKEN", "twilio_auth_token", shown=read.hidden),
    Variable("TWILIO_MESSAGING_SERVICE_SID", "twilio_messaging_service_sid", read.twilio_sid("MG")),
    Variable("TWILIO_SMS_FROM", "twilio_sms_from", read.sms_sender),
    Variable("TWILIO_WHATSAPP_FROM", "twilio_whatsapp_from", read.whatsapp_sender),
    Variable("TWILIO_API_BASE_URL", "twilio_api_base_url", read.web_url),
    Variable("HOTLINE_TIMEZONE", "timezone", read.timezone),
    Variable("HOTLINE_QUIET_HOURS", "quiet_hours", read.quiet_window, empty_means_none=True),
    Variable("HOTLINE_OFFICE_HOURS", "office_hours", read.office_hours),
    Variable("HOTLINE_DEFAULT_LANGUAGE", "default_language", read.language),
    Variable("HOTLINE_SMS_RATE", "sms_rate_per_second", read.number(0.01, 10_000)),
    Variable("HOTLINE_WHATSAPP_RATE", "whatsapp_rate_per_second", read.number(0.01, 10_000)),
    Variable("HOTLINE_WHATSAPP_TEMPLATES", "whatsapp_templates", read.existing_file),
    Variable("HOTLINE_SEND_TIMEOUT", "send_job_timeout", read.integer(1, 600)),
    Variable(
        "HOTLINE_WORKER_MAINTENANCE_INTERVAL", "worker_maintenance_interval", read.integer(1, 600)
    ),
    Variable("HOTLINE_HOUSEKEEPING_MINUTES", "housekeeping_minutes", read.number(0.01, 1440)),
    Variable("HOTLINE_TEST_PAUSE_AFTER_SEND", "test_pause_after_send", read.number(0, 600)),
    Variable("HOTLINE_CALLBACK_LEASE_MINUTES", "callback_lease_minutes", read.integer(1, 1440)),
    Variable("HOTLINE_CALLBACK_EXPIRY_DAYS", "callback_expiry_days", read.integer(1, 365)),
    Variable("HOTLINE_CALLBACK_FROM_NUMBER", "callback_from_number"),
    Variable("HOTLINE_HISTORY_RETENTION_DAYS", "history_retention_days", read.integer(1, 3650)),
    Variable("HOTLINE_DAILY_OUTBOUND_CAP", "daily_outbound_cap", read.integer(1, 10_000_000)),
    Variable("HOTLINE_SMS_COUNTRIES", "sms_countries", read.countries, empty_means_none=True),
    Variable("HOTLINE_CALLBACK_RATE", "callback_rate_per_hour", read.integer(0, 100_000)),
    Variable("HOTLINE_STAFF_ALERT_MINUTES", "staff_alert_minutes", read.integer(0, 1440)),
    Variable(
        "HOTLINE_WORKSHOP_REMINDERS",
        "workshop_reminders",
        read.reminder_offsets,
        empty_means_none=True,
    ),
    Variable("HOTLINE_SIMULATOR", "simulator_enabled", read.boolean),
    Variable(
        "HOTLINE_SIMULATOR_REDIS_URL",
        "simulator_redis_url",
        read.redis_url,
        shown=read.without_password,
    ),
    Variable("METRICS_TOKEN", "metrics_token", shown=read.hidden),
    Variable("HOTLINE_TRUSTED_PROXIES", "trusted_proxies", read.integer(0, 5)),
    Variable("HOTLINE_LOG_FORMAT", "log_format", read.choice(PLAIN, JSON)),
    Variable("HOTLINE_LOG_LEVEL", "log_level", read.choice(*LOG_LEVELS)),
)
KNOWN_NAMES = frozenset(
    [v.name for v in VARIABLES] + list(OTHER_VARIABLES) + list(TWILIO_LIBRARY_VARIABLES)
)
# Names long enough that a near miss is a typo (PORTS is not PORT misspelt).
_TYPO_TARGETS = sorted(name for name in KNOWN_NAMES if len(name) >= 8)


def _read_all(environ: Mapping[str, str], values: dict[str, object]) -> list[str]:
    """Read every set variable into `values`; the refusal lines of those that do not read."""
    problems = []
    for variable in VARIABLES:
        raw = (environ.get(variable.name) or "").strip()
        if not raw and not (variable.empty_means_none and variable.name in environ):
            continue  # unset or empty: the default
        try:
            values[variable.field] = variable.reader(raw)
        except ValueError as error:
            problems.append(variable.refusal(raw, error))
    return problems


def misspelt_variables(environ: Mapping[str, str]) -> list[str]:
    """A line per variable that is not a setting but looks meant as one.

    Every unknown `HOTLINE_*` name counts (the prefix is ours; `HOTLINE_TEST_*` is left to the
    test suite), and so does any other name within a typo of a known one ("REDIS_ULR").
    """
    lines = []
    for name in sorted(environ):
        if name in KNOWN_NAMES or name.startswith(TEST_SUITE_PREFIX):
            continue
        close = difflib.get_close_matches(name, _TYPO_TARGETS, n=1, cutoff=TYPO_CUTOFF)
        if close:
            lines.append(f"{name} is not a hotline setting: did you mean {close[0]}?")
        elif name.startswith(PREFIX):
            lines.append(f"{name} is not a hotline setting (README: Environment variables)")
    return lines
