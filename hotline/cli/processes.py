"""`hotline run`, `hotline web`, `hotline worker`: the processes that serve the hotline."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from hotline.cli.common import configure_logging, settings_with_redis
from hotline.platform import Settings, housekeeping, store
from hotline.platform import worker as hotline_worker
from hotline.retention import sweeper as retention

GUNICORN_CONFIG = Path(__file__).resolve().parent.parent / "gunicorn_conf.py"


@click.command()
@click.option("--port", default=5000, show_default=True, help="Local HTTP port.")
def run(port: int) -> None:
    """Everything for a local run: embedded Redis, web server and one worker."""
    settings = settings_with_redis()
    _seed_demo_history(settings)
    env = {**os.environ, "REDIS_URL": settings.redis_url, "PORT": str(port)}
    env.setdefault("GUNICORN_BIND", f"127.0.0.1:{port}")
    hotline = [sys.executable, "-m", "hotline.cli.entry"]
    children = [
        subprocess.Popen([*hotline, "web"], env=env),
        subprocess.Popen([*hotline, "worker"], env=env),
    ]
    _print_urls(settings.public_base_url, port, settings.twilio_configured)
    _supervise(children)


def _seed_demo_history(settings: Settings) -> None:
    """Local runs show the real workshop history (Atelier 2) without a separate command."""
    if settings.is_production:
        return
    from hotline.wiring import build
    from hotline.workshops import seeding as workshop_seed  # local: only `run` needs the domain

    try:
        workshop_seed.seed(build(settings))
    except FileNotFoundError as error:
        click.echo(f"  (workshop seed skipped: {error})")


def _print_urls(public_base_url: str, port: int, twilio: bool) -> None:
    local = f"http://127.0.0.1:{port}"
    base = public_base_url or local
    click.echo("")
    click.echo(f"  Webhook to paste into Twilio:  {base}/twilio/messages")
    click.echo(f"  Status callback:               {base}/twilio/status")
    click.echo(f"  Voice (missed calls):          {base}/twilio/voice")
    click.echo(f"  Phone simulator:               {local}/simulator/")
    click.echo(f"  Staff console:                 {local}/console/")
    click.echo(f"  Health:                        {local}/healthz")
    mode = "Twilio" if twilio else "outbox (nothing leaves this machine: `hotline outbox`)"
    click.echo(f"  Sending mode:                  {mode}")
    click.echo("  Press Ctrl-C to stop.\n")


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _supervise(children: list[subprocess.Popen]) -> None:
    """Wait until a child dies or we are told to stop, then stop them all (Redis last)."""
    # Explicit handlers: a background job inherits an ignored SIGINT from non-interactive shells.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            child.wait(timeout=15)


@click.command()
def web() -> None:
    """The web process (gunicorn), as in the Procfile."""
    had_redis = bool(os.environ.get("REDIS_URL"))
    settings_with_redis()
    args = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "hotline:create_app()"]
    if had_redis:
        os.execv(sys.executable, args)  # noqa: S606 - become gunicorn, so signals reach it
    # We started the embedded Redis: stay the parent so it is stopped when gunicorn ends.
    _supervise([subprocess.Popen(args)])


@click.command()
@click.option("--burst", is_flag=True, help="Drain the queues, then exit.")
def worker(burst: bool) -> None:
    """An RQ worker (with the scheduler) serving the queues in priority order.

    A SimpleWorker (no fork per job) tuned to retry a killed worker's jobs within about two
    minutes; see hotline/platform/worker.py.
    """
    configure_logging()
    settings = settings_with_redis()
    if not burst:  # the daily retention sweep reschedules itself; a worker starts the chain
        connection = store.connect(settings.redis_url, decode=False)
        retention.schedule_sweep(connection, settings, dt.datetime.now(dt.UTC))
        housekeeping.schedule(connection, settings, dt.datetime.now(dt.UTC))  # same, every 5 min
    hotline_worker.run(settings, burst=burst)
