"""Webhook benchmark: signed POST /twilio/messages under gunicorn vs a bare Flask route.

Both apps run under the production server with the Procfile's settings (gunicorn with
`hotline/platform/gunicorn_conf.py`), one after the other on this machine, so the ratio holds on a
noisy
box. The hotline runs in production mode against an embedded Redis (with AOF, as deployed) on a
free port. The load generator is `wrk` (Debian package) with a Lua script that rotates a pool of
pre-signed bodies: every request carries its own valid X-Twilio-Signature, from many numbers, in
a mix of keywords, languages, menu numbers, typos and unknown text, without MessageSid (so the
redelivery dedupe never short-circuits the engine).

Measured: requests/s at maximum load (closed loop, many connections) and p50/p99 latency at half
the maximum rate (each connection waits an exponential think time, so arrivals are Poisson-like).
Targets: throughput >= 0.5x the bare route; p99 < 25 ms at half load. Whole run: about a minute.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import redis
import requests
from cryptography.fernet import Fernet
from twilio.request_validator import RequestValidator

from bench import _report
from hotline.platform import EmbeddedRedis, free_port, startup

ROOT = _report.ROOT
GUNICORN_CONFIG = ROOT / "hotline" / "platform" / "gunicorn_conf.py"
HOTLINE_APP = "hotline:create_app()"
BARE_APP = "bench.bare_app:app"
AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
PATH = "/twilio/messages"
POOL_SIZE = 10_000  # one number per body: nobody reaches the per-number rate limit
WRK_THREADS = 2
MAX_CONNECTIONS = 32
HALF_CONNECTIONS = 16
CHECKED = 20  # requests sent to check the answers before measuring
SAMPLE = 200  # requests sent one by one to count Redis commands per webhook
WARMUP_SECONDS = 3
RUN_SECONDS = 10
GUNICORN_KNOBS = ("WEB_CONCURRENCY", "GUNICORN_THREADS")
TARGET_RATIO = 0.5
TARGET_P99_MS = 25.0

# What texters send: keywords in several languages and scripts, menu numbers, typos, phrases
# with the keyword later, and text no keyword matches.
TEXTS = (
    *("SANTE", "sante", "Santé", "صحة", "صحت", "Salud", "sanatate", "saglik", "shendet"),
    *("OCMW", "CPAS", "cpas svp", "retour", "terugkeer", "logement", "huisvesting"),
    *("English", "Nederlands", "Español", "عربي", "menu", "MENU", "Aide", "help"),
    *("1", "2", "3", "4", "5", "9", "12"),
    *("santee", "sanet", "ocmv", "cpsa", "logemnet", "retuor", "salut"),
    *("bonjour j'ai une lettre du CPAS", "hello I need a doctor", "ik zoek een huisarts"),
    *("bonjour", "ok merci", "qsdfgh", "je ne comprends pas", "?", "👍"),
)


@dataclass(frozen=True)
class Load:
    """One wrk run's results (latencies in milliseconds)."""

    rps: float
    requests: int
    errors: int
    p50: float
    p90: float
    p99: float
    max: float


def sender(index: int) -> str:
    """Many distinct numbers: mostly Belgian, some foreign, a fifth on WhatsApp."""
    prefixes = ("+32470", "+32486", "+212661", "+40721", "+905321", "+34612")
    number = f"{prefixes[index % len(prefixes)]}{index:06d}"
    return f"whatsapp:{number}" if index % 5 == 0 else number


def signed_pool(url: str, size: int = POOL_SIZE, seed: int = 9) -> list[tuple[str, str]]:
    """`size` (form body, signature) pairs, each signed for its own body as Twilio does.

    Each body comes from its own number: a real hotline hears from many people, and one number
    sending hundreds of messages would (rightly) be muted by the abuse guard.
    """
    rng = random.Random(seed)
    validator = RequestValidator(AUTH_TOKEN)
    pool = []
    for index in range(size):
        form = {
            "AccountSid": "AC" + "0" * 32,
            "From": sender(index),
            "To": "+32460000000",
            "Body": rng.choice(TEXTS),
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        pool.append((urlencode(form), validator.compute_signature(url, form)))
    return pool


LUA = """
pool = {%(pool)s}
local counter = 0
function setup(thread)
  thread:set("offset", counter * 997)
  counter = counter + 1
end
local reqs = {}
local i = 0
function init(args)
  for k, item in ipairs(pool) do
    reqs[k] = wrk.format("POST", "%(path)s", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = item[2]}, item[1])
  end
  i = offset or 0
end
function request()
  i = i %% #reqs + 1
  return reqs[i]
end
%(delay)s
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "errors": %%d, "p50": %%d, ' ..
    '"p90": %%d, "p99": %%d, "max": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

DELAY = """
function delay()
  return -math.log(1 - math.random()) * %(mean_ms).3f
end
"""


def lua_script(pool: list[tuple[str, str]], mean_delay_ms: float | None) -> str:
    """The wrk script: rotate the pre-signed pool; optional exponential think time."""
    items = ",".join(f'{{"{body}","{signature}"}}' for body, signature in pool)
    delay = DELAY % {"mean_ms": mean_delay_ms} if mean_delay_ms else ""
    return LUA % {"pool": items, "path": PATH, "delay": delay}


def run_wrk(port: int, script: Path, connections: int, seconds: int) -> Load:
    """Run wrk against 127.0.0.1:port and parse the RESULT line its done() prints."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    command += ["-s", str(script), f"http://127.0.0.1:{port}{PATH}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(li for li in output.splitlines() if li.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    return Load(
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        requests=raw["requests"],
        errors=raw["errors"],
        p50=raw["p50"] / 1000,
        p90=raw["p90"] / 1000,
        p99=raw["p99"] / 1000,
        max=raw["max"] / 1000,
    )


def serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    """Start gunicorn with the Procfile's config file; return once it answers."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), app]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        _wait_until_answering(port)
    except BaseException:
        stop(process)  # never leave a server behind
        raise
    return process


def _wait_until_answering(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn gracefully and reap it."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def check_answers(port: int, pool: list[tuple[str, str]]) -> None:
    """Before measuring: signed requests get 200 with a TwiML message (else the run is void)."""
    for body, signature in pool[:CHECKED]:
        response = requests.post(
            f"http://127.0.0.1:{port}{PATH}",
            data=body,
            headers=_headers(signature),
            timeout=5,
        )
        if response.status_code != 200 or "<Message>" not in response.text:
            raise RuntimeError(f"unexpected answer {response.status_code}: {response.text[:200]}")


def measure(port: int, pool: list[tuple[str, str]], work: Path) -> tuple[Load, Load, Load]:
    """Warm-up, maximum load, then half of that rate: (warm-up, max, half)."""
    full = work / "full.lua"
    full.write_text(lua_script(pool, None))
    warmup = run_wrk(port, full, MAX_CONNECTIONS, WARMUP_SECONDS)
    maximum = run_wrk(port, full, MAX_CONNECTIONS, RUN_SECONDS)
    mean_delay_ms = HALF_CONNECTIONS / (maximum.rps / 2) * 1000
    half = work / "half.lua"
    half.write_text(lua_script(pool, mean_delay_ms))
    return warmup, maximum, run_wrk(port, half, HALF_CONNECTIONS, RUN_SECONDS)


def hotline_env(redis_url: str, port: int, work: Path) -> dict[str, str]:
    """Production settings with throwaway secrets; outbox mode (nothing leaves).

    The gunicorn sizing variables pass through, to compare shapes on one machine.
    """
    return {
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "HOTLINE_ENV": "production",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-secret-key",
        "HOTLINE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "HOTLINE_VAR_DIR": str(work / "var"),
        **{name: os.environ[name] for name in GUNICORN_KNOBS if name in os.environ},
    }


def redis_calls(url: str) -> int:
    """Total commands Redis has processed (to report round trips per webhook)."""
    client = redis.Redis.from_url(url)
    try:
        return int(client.info("stats")["total_commands_processed"])
    finally:
        client.close()


def counted_answers(port: int) -> int:
    """Inbound messages counted by GET /metrics (shared Redis counters, all gunicorn workers)."""
    text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    lines = (li for li in text.splitlines() if li.startswith("hotline_inbound_messages_total{"))
    return int(sum(float(li.rsplit(" ", 1)[1]) for li in lines))


@dataclass(frozen=True)
class Outcome:
    """Everything one run measured: (warm-up, max, half) loads for each app."""

    bare: tuple[Load, Load, Load]
    hotline: tuple[Load, Load, Load]
    commands_per_request: float
    sent: int  # requests the hotline answered, by the load generator's count
    counted: int  # inbound messages GET /metrics counted

    @property
    def ratio(self) -> float:
        """Hotline throughput at maximum load as a fraction of the bare route's."""
        return self.hotline[1].rps / self.bare[1].rps


def run(work: Path) -> Outcome:
    """Start Redis, measure the bare route then the hotline, stop everything."""
    server = EmbeddedRedis(work / "redis", port=free_port(), appendonly=True)
    server.start()
    try:
        port = free_port()
        pool = signed_pool(f"http://127.0.0.1:{port}{PATH}")
        env = hotline_env(server.url, port, work)
        bare = _serve_and_measure(BARE_APP, port, env, pool, work)
        process = serve(HOTLINE_APP, port, env)
        try:
            check_answers(port, pool)
            before = redis_calls(server.url)
            _post_sample(port, pool[:SAMPLE])
            per_request = (redis_calls(server.url) - before - 1) / SAMPLE
            hotline = measure(port, pool, work)
            counted = counted_answers(port)
        finally:
            stop(process)
        sent = CHECKED + SAMPLE + sum(load.requests for load in hotline)
        return Outcome(bare, hotline, per_request, sent, counted)
    finally:
        server.stop()


def _serve_and_measure(
    app: str, port: int, env: dict[str, str], pool: list[tuple[str, str]], work: Path
) -> tuple[Load, Load, Load]:
    process = serve(app, port, env)
    try:
        check_answers(port, pool)
        return measure(port, pool, work)
    finally:
        stop(process)


def _post_sample(port: int, pool: list[tuple[str, str]]) -> None:
    with requests.Session() as session:
        for body, signature in pool:
            session.post(
                f"http://127.0.0.1:{port}{PATH}", data=body, headers=_headers(signature), timeout=5
            )


def _headers(signature: str) -> dict[str, str]:
    return {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}


def verdict(ok: bool) -> str:
    """The word BENCHMARKS.md uses for a target."""
    return "met" if ok else "MISSED"


def render(outcome: Outcome, seconds: float) -> str:
    """The BENCHMARKS.md part for this run."""
    bare_max, bare_half = outcome.bare[1], outcome.bare[2]
    hot_max, hot_half = outcome.hotline[1], outcome.hotline[2]
    rows = [
        "| | bare Flask route | hotline webhook |",
        "|---|---|---|",
        f"| requests/s at max load ({MAX_CONNECTIONS} connections) "
        f"| {bare_max.rps:,.0f} | {hot_max.rps:,.0f} |",
        f"| p50 / p99 at max load (ms) | {bare_max.p50:.1f} / {bare_max.p99:.1f} "
        f"| {hot_max.p50:.1f} / {hot_max.p99:.1f} |",
        f"| half-load rate achieved (req/s) | {bare_half.rps:,.0f} | {hot_half.rps:,.0f} |",
        f"| p50 / p90 / p99 at half load (ms) "
        f"| {bare_half.p50:.2f} / {bare_half.p90:.2f} / {bare_half.p99:.2f} "
        f"| {hot_half.p50:.2f} / {hot_half.p90:.2f} / {hot_half.p99:.2f} |",
        f"| errors (non-2xx, timeouts) | {bare_max.errors + bare_half.errors} "
        f"| {hot_max.errors + hot_half.errors} |",
    ]
    ratio_ok = outcome.ratio >= TARGET_RATIO
    p99_ok = hot_half.p99 < TARGET_P99_MS
    return "\n".join(
        [
            "## Webhook",
            "",
            f"- Machine: {_report.machine()}",
            f"- Command: `{_report.command('bench.webhook')}` ({seconds:.0f} s)",
            "- Server: gunicorn with `hotline/platform/gunicorn_conf.py` "
            f"({_gunicorn_shape()}); load "
            f"generator: wrk {WRK_THREADS} threads on the same machine, rotating "
            f"{POOL_SIZE:,} pre-signed bodies, each from its own number; Redis: embedded, AOF on.",
            "",
            *rows,
            "",
            f"- Throughput ratio: **{outcome.ratio:.2f}x** the bare route "
            f"(target >= {TARGET_RATIO}x: {verdict(ratio_ok)}).",
            f"- p99 at half load: **{hot_half.p99:.2f} ms** "
            f"(target < {TARGET_P99_MS:.0f} ms: {verdict(p99_ok)}).",
            f"- Redis commands per webhook: {outcome.commands_per_request:.1f}; "
            f"GET /metrics counted {outcome.counted:,} inbound messages for "
            f"{outcome.sent:,} requests wrk saw answered (in-flight ones at the end of a run "
            "are answered but not seen by wrk).",
        ]
    )


def _gunicorn_shape() -> str:
    # The sizing gunicorn_conf.py reads, without running that file here: it checks the web
    # process's settings (REDIS_URL, secrets), which only the servers this bench starts have.
    server = startup.web_server(os.environ)
    return f"{server.workers} workers x {server.threads} threads, gthread"


def main() -> int:
    """Run the benchmark, print the results and update BENCHMARKS.md."""
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up servers when killed
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as tmp:
        outcome = run(Path(tmp))
    text = render(outcome, time.monotonic() - started)
    print(text)
    _report.update("webhook", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
