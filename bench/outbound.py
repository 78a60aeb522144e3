"""Outbound benchmark: messages/s of one worker process, and pacing accuracy with four workers.

1. Throughput: N messages queued, then ONE `hotline worker --burst` process (HotlineWorker = RQ
   SimpleWorker, no fork per job) sends them to a local fake Twilio answering with zero delay;
   pacing is on but set far above the load. Twice: one job per message (`outbound.queue`) and
   batch jobs (`outbound_batch.queue_many`, as broadcasts use). Messages/s is measured at the
   fake, between its first and last accepted message (process start-up is not counted).
   Target: >= 200 messages/s per worker process.
2. Pacing: four worker processes share the SMS bucket configured at 10 segments/s; for 60 s we
   count what the fake Twilio accepts. Error = (accepted - 600) / 600; also the largest count in
   any one-second window. Target: within +/-5 %.

Run: `.venv/bin/python -m bench.outbound [--messages 3000] [--seconds 60]`.
"""

from __future__ import annotations

import argparse
import bisect
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

from bench import _report
from hotline import outbound
from hotline.outbound import batch as outbound_batch
from hotline.platform import TESTING, EmbeddedRedis, Settings, free_port
from hotline.wiring import build
from tests.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATE = 200.0
PACED_RATE = 10.0
PACING_TOLERANCE = 0.05
WORKERS = 4


def worker_env(redis_url: str, key: str, twilio_url: str, var: Path, rate: float) -> dict:
    """The environment of a worker process in Twilio mode against the fake."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "HOTLINE_"))}
    env.update(
        REDIS_URL=redis_url,
        HOTLINE_ENV=TESTING,
        HOTLINE_ENCRYPTION_KEY=key,
        HOTLINE_VAR_DIR=str(var),
        HOTLINE_QUIET_HOURS="",
        HOTLINE_SMS_RATE=str(rate),
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_API_BASE_URL=twilio_url,
        TWILIO_SMS_FROM="+32460000000",
    )
    return env


def queue_many(services, count: int, prefix: str, batched: bool = False) -> None:
    """Queue `count` one-segment SMS to distinct numbers (one job each, or batch jobs)."""
    messages = (
        outbound.OutboundRequest(
            to=f"+3247{n:07d}",
            channel="sms",
            purpose="bench",
            idempotency_key=f"{prefix}{n}",
            body=f"Rappel: atelier CPAS lundi 10h ({n})",
        )
        for n in range(count)
    )
    if batched:
        outbound_batch.queue_many(services, messages)
        return
    for message in messages:
        outbound.queue(services, message)


def accepted_times(fake: FakeTwilio) -> list[float]:
    """When the fake accepted each message (epoch seconds)."""
    return sorted(fake.accepted_at)


def throughput(services, env: dict, fake: FakeTwilio, count: int, batched: bool) -> dict:
    """One burst worker process draining `count` queued messages."""
    queue_many(services, count, "b" if batched else "t", batched)
    started = time.monotonic()
    worker = subprocess.run(
        [sys.executable, "-m", "hotline.cli.entry", "worker", "--burst"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    wall = time.monotonic() - started
    times = accepted_times(fake)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    return {
        "sent": len(times),
        "rate": (len(times) - 1) / span if span else float("nan"),
        "wall": wall,
        "exit": worker.returncode,
    }


def pacing(services, env: dict, fake: FakeTwilio, seconds: int) -> dict:
    """Four long-running workers against a 10/s bucket, counted over `seconds`."""
    queue_many(services, int(PACED_RATE * (seconds + 15)), "p")
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "hotline.cli.entry", "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(WORKERS)
    ]
    try:
        time.sleep(5)  # start-up and steady state
        start = time.time()
        time.sleep(seconds)
        end = time.time()
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
    times = accepted_times(fake)
    window = times[bisect.bisect_left(times, start) : bisect.bisect_left(times, end)]
    expected = PACED_RATE * (end - start)
    busiest = max(
        bisect.bisect_left(window, t + 1.0) - i for i, t in enumerate(window)
    ) if window else 0  # fmt: skip
    return {
        "sent": len(window),
        "expected": expected,
        "error": (len(window) - expected) / expected,
        "busiest_second": busiest,
        "seconds": end - start,
    }


def report(single: dict, batched: dict, paced: dict, count: int) -> str:
    """The Outbound part of BENCHMARKS.md."""
    rate_ok = "met" if batched["rate"] >= TARGET_RATE else "MISSED"
    pace_ok = "met" if abs(paced["error"]) <= PACING_TOLERANCE else "MISSED"
    rows = []
    for name, through, target in (
        ("one job per message (`outbound.queue`)", single, "—"),
        (f"batch jobs of {outbound_batch.BATCH_SIZE} (`outbound_batch.queue_many`)", batched,
         f">= {TARGET_RATE:.0f}/s: {rate_ok}"),
    ):  # fmt: skip
        rows.append(
            f"| one `hotline worker` process (RQ SimpleWorker), {count} SMS, {name}, zero-delay "
            f"fake Twilio | **{through['rate']:.0f} messages/s** ({through['sent']} sent; "
            f"{through['wall']:.1f} s wall incl. process start) | {target} |"
        )
    one = "\n".join(rows)
    four = (
        f"| {WORKERS} workers sharing the SMS bucket at {PACED_RATE:.0f}/s, "
        f"{paced['seconds']:.0f} s | {paced['sent']} sent for {paced['expected']:.0f} expected: "
        f"**error {paced['error']:+.1%}**; busiest 1-second window {paced['busiest_second']} "
        f"| within ±5 %: {pace_ok} |"
    )
    return f"""## Outbound

`{_report.command("bench.outbound")}` on {_report.machine()}.

| measure | result | target |
|---|---|---|
{one}
{four}

Per message the worker does: load the record, pace (one Lua call), record the attempt (one
pipelined round trip), one HTTP call to Twilio through the official client, record the SID and
status (one round trip). Per job RQ itself adds about 60 Redis commands (measured with
`INFO commandstats`: a no-op job runs at roughly 230/s on this machine), which is why broadcasts
and reminder runs use batch jobs. The forking `rq.Worker` would add a fork per job on top;
SimpleWorker avoids it (our jobs are short and idempotent, and a killed worker's job is
recovered, see README "Outbound delivery"). The machine is shared with other test runs, so the
absolute figures move between runs.
"""


def main() -> int:
    """Run both measurements and update BENCHMARKS.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    key = Fernet.generate_key().decode()
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis", port=free_port(), appendonly=False)
        server.start()
        try:
            results = []
            runs = (("single", 100_000.0), ("batched", 100_000.0), ("pacing", PACED_RATE))
            for run, rate in runs:
                settings = Settings(env=TESTING, redis_url=server.url, var_dir=Path(tmp) / "var",
                                    encryption_key=key, quiet_hours="")  # fmt: skip
                services = build(settings)
                services.redis.flushdb()
                with FakeTwilio() as fake:
                    env = worker_env(server.url, key, fake.url, Path(tmp) / "var", rate)
                    if run == "pacing":
                        results.append(pacing(services, env, fake, args.seconds))
                    else:
                        count = args.messages
                        results.append(throughput(services, env, fake, count, run == "batched"))
                print(run, results[-1], flush=True)
        finally:
            server.stop()
    markdown = report(results[0], results[1], results[2], args.messages)
    print(markdown)
    _report.update("outbound", markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
