"""Engine benchmark: µs per text understood over the whole table, and per full engine.handle.

1. `Understanding.understand` called directly on every keyword of every topic in every language,
   plus generated typos of each (a letter dropped, two swapped, one doubled) and a few sentences:
   median and p99 µs per text, exact and typo texts separately. Target: median < 300 µs
   (issue 14; bench/understanding.py measures the labelled corpus).
2. `engine.handle` per message (texter state, matching, handler, content rendering, counters)
   against an embedded Redis on a free port, from many numbers: median and p99 µs, and Redis
   commands per message. No target; it shows where the webhook's time goes besides HTTP.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.fernet import Fernet

from bench import _report
from hotline import content as content_store
from hotline.conversation import InboundMessage, engine
from hotline.platform import EmbeddedRedis, Settings, free_port
from hotline.understanding import Understanding
from hotline.wiring import build

ROUNDS = 5  # each text is matched this many times; the per-text median is kept
ENGINE_MESSAGES = 3000
TARGET_MATCH_US = 300.0
SENTENCES = (
    "bonjour j'ai une lettre du CPAS",
    "hello I need a doctor please",
    "ik zoek een huisarts in brussel",
    "je ne comprends pas",
    "qsdfgh",
    "3",
)


def keyword_texts(content: content_store.Content) -> list[str]:
    """Every keyword of every topic in every language, as a texter could type it."""
    return [word for topic in content.topics.values() for _, word in content_store.all_words(topic)]


def typos(word: str, rng: random.Random) -> list[str]:
    """Three one-letter typos of a word of 4+ letters: dropped, swapped, doubled."""
    if len(word) < 4:
        return []
    i = rng.randrange(1, len(word) - 1)
    return [
        word[:i] + word[i + 1 :],
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],
        word[:i] + word[i] + word[i:],
    ]


def time_each(call: Callable[[str], object], texts: Iterable[str]) -> list[float]:
    """µs per call for each text: the median of ROUNDS timings of that text."""
    results = []
    for text in texts:
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter_ns()
            call(text)
            timings.append((time.perf_counter_ns() - start) / 1000)
        results.append(statistics.median(timings))
    return results


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bench_matching(content: content_store.Content) -> dict[str, list[float]]:
    """µs per match for exact keywords, typos and sentences."""
    index = Understanding(content)
    rng = random.Random(9)
    exact = keyword_texts(content)
    typo_texts = [typo for word in exact for typo in typos(word, rng)]
    time_each(index.understand, exact[:200])  # warm caches
    return {
        "keywords": time_each(index.understand, exact),
        "typos": time_each(index.understand, typo_texts),
        "sentences": time_each(index.understand, SENTENCES * 20),
    }


def bench_engine(content: content_store.Content, work: Path) -> tuple[list[float], float]:
    """µs per engine.handle with a real Redis, and Redis commands per message."""
    server = EmbeddedRedis(work / "redis", port=free_port(), appendonly=False)
    server.start()
    try:
        settings = Settings.from_env(
            env="testing",
            redis_url=server.url,
            var_dir=work / "var",
            encryption_key=Fernet.generate_key().decode(),
            twilio_auth_token="bench",
        )
        services = build(settings, content=content)
        texts = [*keyword_texts(content), *SENTENCES]
        rng = random.Random(9)
        messages = [
            InboundMessage("sms", f"+32470{n:06d}", rng.choice(texts))
            for n in range(ENGINE_MESSAGES)
        ]
        before = int(services.redis.info("stats")["total_commands_processed"])
        timings = [_time_handle(message, services) for message in messages]
        after = int(services.redis.info("stats")["total_commands_processed"])
        return timings, (after - before - 1) / len(messages)
    finally:
        server.stop()


def _time_handle(message: InboundMessage, services) -> float:
    start = time.perf_counter_ns()
    engine.handle(message, services)
    return (time.perf_counter_ns() - start) / 1000


def row(name: str, values: list[float]) -> str:
    """One Markdown table row: count, median, p99."""
    median, p99 = statistics.median(values), percentile(values, 0.99)
    return f"| {name} | {len(values):,} | {median:.1f} | {p99:.1f} |"


def render(matches: dict[str, list[float]], handle: list[float], commands: float) -> str:
    """The BENCHMARKS.md part for this run."""
    every = [value for values in matches.values() for value in values]
    median = statistics.median(every)
    ok = "met" if median < TARGET_MATCH_US else "MISSED"
    return "\n".join(
        [
            "## Engine",
            "",
            f"- Machine: {_report.machine()}",
            f"- Command: `{_report.command('bench.engine')}`",
            "",
            "| what | texts | median µs | p99 µs |",
            "|---|---|---|---|",
            *(row(f"`understand`: {name}", values) for name, values in matches.items()),
            row("`understand`: whole table", every),
            row("`engine.handle` with Redis (one message)", handle),
            "",
            f"- Median match over the whole keyword table (every keyword of every topic in every "
            f"language, plus 3 typos of each word of 4+ letters): **{median:.1f} µs** "
            f"(target < {TARGET_MATCH_US:.0f} µs: {ok}).",
            f"- `engine.handle`: {commands:.1f} Redis commands per message; the rest of its time "
            "is Redis round trips, phone-number parsing, encryption of the number and rendering.",
        ]
    )


def main() -> int:
    """Run the benchmark, print the results and update BENCHMARKS.md."""
    content = content_store.load(_report.ROOT / "content")
    matches = bench_matching(content)
    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as tmp:
        handle, commands = bench_engine(content, Path(tmp))
    text = render(matches, handle, commands)
    print(text)
    _report.update("engine", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
