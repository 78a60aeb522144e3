"""`hotline doctor`: what is missing or unsafe before this hotline faces real texters.

It reads the same settings as every process (a malformed or misspelt one stops it, as it stops
them, with exit 78) and checks the things that leak data or lose messages when they are wrong:
secrets, the encryption key, Twilio credentials and sender, the public https URL Twilio calls
(and signs), the simulator, Redis persistence and eviction, live workers. It prints the exact
webhook URLs to paste into Twilio's console. In production (`HOTLINE_ENV=production`, or
`--production` to check a configuration before deploying it) any problem exits non-zero, so a
deploy script can refuse to go on; a Redis that evicts keys fails in every environment.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlparse

import click
import redis
from cryptography.fernet import Fernet

from hotline.platform import PRODUCTION, DecodedRedis, Settings, store, worker

OK = "ok"
WARN = "warn"  # worth knowing, not blocking
MISSING = "missing"  # blocking in production
UNSAFE = "unsafe"  # blocking in production
FAIL = "fail"  # blocking everywhere: data would be lost even in a trial run
PROBLEMS = frozenset({MISSING, UNSAFE, FAIL})
NO_EVICTION = "noeviction"
MIN_SECRET_LENGTH = 32
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", ""})
WEBHOOKS = (
    ("Messaging webhook, SMS and WhatsApp (HTTP POST)", "/twilio/messages"),
    ("Status callback URL (HTTP POST)", "/twilio/status"),
    ("Voice webhook, missed calls (HTTP POST)", "/twilio/voice"),
)


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    level: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"  {self.level.upper():8} {self.subject}: {self.detail}"


Check = Callable[[Settings], Iterator[Finding]]


def check_secret_key(settings: Settings) -> Iterator[Finding]:
    """SECRET_KEY signs console sessions: required and long."""
    key = settings.secret_key
    if not key:
        detail = f"not set (console sessions need it; local runs use {settings.var_dir}/secret.key)"
        yield Finding(MISSING, "SECRET_KEY", detail)
    elif len(key) < MIN_SECRET_LENGTH:
        yield Finding(UNSAFE, "SECRET_KEY", f"only {len(key)} characters; use 32 or more")
    else:
        yield Finding(OK, "SECRET_KEY", "set")


def check_encryption_key(settings: Settings) -> Iterator[Finding]:
    """The key that encrypts numbers and keys their hashes: required, valid, kept apart."""
    key = settings.encryption_key
    if not key:
        where = f"{settings.var_dir}/encryption.key, next to the data"
        yield Finding(MISSING, "HOTLINE_ENCRYPTION_KEY", f"not set (local runs use {where})")
        return
    try:
        Fernet(key.encode())
    except ValueError:
        yield Finding(UNSAFE, "HOTLINE_ENCRYPTION_KEY", "not a valid Fernet key")
        return
    yield Finding(OK, "HOTLINE_ENCRYPTION_KEY", "set and valid (keep a copy outside Redis)")


def check_twilio(settings: Settings) -> Iterator[Finding]:
    """Credentials (which also verify X-Twilio-Signature) and a sender for outbound messages."""
    if not settings.twilio_account_sid.startswith("AC"):
        yield Finding(MISSING, "TWILIO_ACCOUNT_SID", "not set or not an AC… account SID")
    else:
        yield Finding(OK, "TWILIO_ACCOUNT_SID", "set")
    if settings.twilio_auth_token:
        yield Finding(OK, "Signature check", "on: webhooks verify X-Twilio-Signature")
    else:
        detail = "TWILIO_AUTH_TOKEN not set: every webhook is refused (403), nothing verifies"
        yield Finding(MISSING, "Signature check", detail)
    senders = (settings.twilio_messaging_service_sid, settings.twilio_sms_from)
    if not any(senders) and not settings.twilio_whatsapp_from:
        detail = "set TWILIO_MESSAGING_SERVICE_SID or TWILIO_SMS_FROM / TWILIO_WHATSAPP_FROM"
        yield Finding(MISSING, "Twilio sender", f"none: outbound messages cannot leave ({detail})")
    if settings.twilio_api_base_url:
        detail = f"TWILIO_API_BASE_URL={settings.twilio_api_base_url}: messages go there"
        yield Finding(UNSAFE, "Twilio API", detail)


def check_public_url(settings: Settings) -> Iterator[Finding]:
    """Twilio calls (and signs) PUBLIC_BASE_URL: it must be set and https."""
    url = urlparse(settings.public_base_url)
    if not settings.public_base_url:
        yield Finding(MISSING, "PUBLIC_BASE_URL", "not set (signatures are checked against it)")
    elif url.scheme != "https":
        yield Finding(UNSAFE, "PUBLIC_BASE_URL", f"{settings.public_base_url} is not https")
    elif url.hostname in LOCAL_HOSTS:
        yield Finding(UNSAFE, "PUBLIC_BASE_URL", "points at this machine; Twilio cannot reach it")
    else:
        yield Finding(OK, "PUBLIC_BASE_URL", settings.public_base_url)


def check_simulator(settings: Settings) -> Iterator[Finding]:
    """The phone simulator answers without a Twilio signature: never in production."""
    if settings.simulator_enabled:
        detail = "enabled (HOTLINE_SIMULATOR=1): behind a local proxy, anyone texts unsigned"
        yield Finding(UNSAFE, "Simulator", detail)
    else:
        yield Finding(OK, "Simulator", "disabled")


def check_redis(settings: Settings) -> Iterator[Finding]:
    """Redis must answer and persist (AOF), or a restart loses callbacks and registrations."""
    if not settings.redis_url:
        yield Finding(MISSING, "REDIS_URL", "not set (`hotline run` starts a local Redis)")
        return
    client = store.connect(settings.redis_url)
    try:
        yield from _redis_findings(settings, client)
    except redis.RedisError as error:
        yield Finding(MISSING, "Redis", f"does not answer ({type(error).__name__})")
    finally:
        client.close()


def _redis_findings(settings: Settings, client: DecodedRedis) -> Iterator[Finding]:
    client.ping()
    yield Finding(OK, "Redis", f"answers (Redis {client.info('server').get('redis_version')})")
    try:
        config = {**client.config_get("appendonly"), **client.config_get("maxmemory-policy")}
    except redis.ResponseError:
        yield Finding(WARN, "Redis persistence", "CONFIG GET is disabled here; check AOF yourself")
        yield Finding(WARN, "Redis eviction", "CONFIG GET is disabled; check maxmemory-policy")
    else:
        yield _persistence(settings, config.get("appendonly", ""))
        yield _eviction(config.get("maxmemory-policy", ""))
    url = urlparse(settings.redis_url)
    if url.scheme == "redis" and url.hostname not in LOCAL_HOSTS:
        yield Finding(WARN, "Redis connection", "not TLS (rediss://) to a remote host")


def _persistence(settings: Settings, appendonly: str) -> Finding:
    """AOF on, or a restart loses the last writes: blocking in production only."""
    if appendonly == "yes":
        return Finding(OK, "Redis persistence", "appendonly yes (AOF)")
    level = UNSAFE if settings.is_production else WARN
    return Finding(level, "Redis persistence", "appendonly no: a restart loses recent data")


def _eviction(policy: str) -> Finding:
    """An evicting Redis drops keys when full: opt-outs, callbacks, queued jobs. Never."""
    if policy == NO_EVICTION:
        return Finding(OK, "Redis eviction", "maxmemory-policy noeviction")
    detail = f"maxmemory-policy {policy}: a full Redis would drop opt-outs and jobs; set noeviction"
    return Finding(FAIL, "Redis eviction", detail)


def check_workers(settings: Settings) -> Iterator[Finding]:
    """Without a live worker no alert, reminder or broadcast leaves.

    Worth knowing, not a block: the doctor often runs before the worker is started.
    """
    if not settings.redis_url:
        return
    client = store.connect(settings.redis_url, decode=False)
    try:
        seen = worker.alive(client)
    except redis.RedisError:
        return  # check_redis already says it does not answer
    finally:
        client.close()
    if seen:
        yield Finding(OK, "Workers", f"{len(seen)} alive (RQ heartbeats)")
    else:
        detail = "none alive: start `hotline worker` (no alert leaves before)"
        yield Finding(WARN, "Workers", detail)


def check_environment(settings: Settings) -> Iterator[Finding]:
    """Say which environment the checks apply to."""
    if settings.is_production:
        yield Finding(OK, "HOTLINE_ENV", "production")
    else:
        yield Finding(WARN, "HOTLINE_ENV", f"{settings.env} (set production to deploy)")


CHECKS: tuple[Check, ...] = (
    check_environment,
    check_secret_key,
    check_encryption_key,
    check_twilio,
    check_public_url,
    check_simulator,
    check_redis,
    check_workers,
)


def diagnose(settings: Settings) -> list[Finding]:
    """Every finding about these settings, in report order."""
    return [finding for check in CHECKS for finding in check(settings)]


def webhook_urls(settings: Settings) -> list[tuple[str, str]]:
    """(label, URL) of each Twilio webhook, on the public URL (a placeholder when unset)."""
    base = settings.public_base_url or "https://YOUR-PUBLIC-HOST"
    return [(label, base + path) for label, path in WEBHOOKS]


@click.command()
@click.option(
    "--production", "as_production", is_flag=True, help="Check as if HOTLINE_ENV=production."
)
def doctor(as_production: bool) -> None:
    """List what is missing or unsafe for production; print the URLs to paste into Twilio."""
    settings = Settings.from_env()
    if as_production:
        settings = replace(settings, env=PRODUCTION)
    findings = diagnose(settings)
    click.echo(f"hotline doctor (environment: {settings.env})\n")
    for finding in findings:
        click.echo(str(finding))
    click.echo("\nPaste into Twilio's console (phone number / messaging service settings):")
    for label, url in webhook_urls(settings):
        click.echo(f"  {label:50} {url}")
    problems = [f for f in findings if f.level in PROBLEMS]
    click.echo(f"\n{len(problems)} problem(s) for production.")
    if any(f.level == FAIL for f in findings):
        click.echo("Not safe to run: fix the FAIL lines first.", err=True)
        sys.exit(1)
    if problems and settings.is_production:
        click.echo("Not safe for production.", err=True)
        sys.exit(1)
