"""Understanding benchmark: accuracy on the labelled corpus and µs per text.

Every text of tests/data/understanding/*.tsv goes through `Understanding.understand` (built once
from content/, as at start-up). Reported: the share understood right (topic, reply language and
action, as `tests/corpus.py` defines right) overall, per language and per kind; accidental actions
(must be 0); and µs per text, median and p99 over ROUNDS rounds (the per-text median kept).
Targets (issue 14): >= 95% overall, >= 90% per language and kind, 0 accidental actions,
median < 300 µs.
"""

from __future__ import annotations

import statistics
import sys
import time

from bench import _report
from hotline import content as content_store
from hotline.understanding import Understanding, warm_up
from tests import corpus

ROUNDS = 5
TARGET_OVERALL = 0.95
TARGET_EACH = 0.90
TARGET_MEDIAN_US = 300.0


def timings(understanding: Understanding, rows: list[corpus.Row]) -> list[float]:
    """µs per text: the median of ROUNDS runs of each text."""
    per_text = []
    for row in rows:
        runs = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            understanding.understand(row.text)
            runs.append((time.perf_counter() - start) * 1e6)
        per_text.append(statistics.median(runs))
    return per_text


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def table(title: str, rates: dict[str, tuple[int, int]], order: tuple[str, ...]) -> list[str]:
    """A markdown table of right/total per value, with the target marked."""
    lines = [f"| {title} | texts | right | share | ≥ {TARGET_EACH:.0%} |", "|---|---|---|---|---|"]
    for name in order:
        right, total = rates.get(name, (0, 0))
        ratio = right / total if total else 0.0
        lines.append(f"| {name} | {total} | {right} | {ratio:.1%} | {ok(ratio >= TARGET_EACH)} |")
    return lines


def ok(met: bool) -> str:
    return "met" if met else "MISSED"


def render(outcomes: list[corpus.Outcome], micros: list[float]) -> str:
    """The BENCHMARKS.md section."""
    right = sum(o.right for o in outcomes) / len(outcomes)
    accidental = sum(corpus.side_effect(o.understood) and o.row.action != "act" for o in outcomes)
    median = statistics.median(micros)
    by_language = corpus.rates(outcomes, lambda o: o.row.file)
    by_kind = corpus.rates(outcomes, lambda o: o.row.kind)
    return "\n".join(
        [
            "## Understanding",
            "",
            f"- Machine: {_report.machine()}",
            f"- Command: `{_report.command('bench.understanding')}`",
            f"- Corpus: {len(outcomes)} texts, nine languages (tests/data/understanding/).",
            "",
            f"- Right (topic, reply language, action): **{right:.1%}** overall "
            f"(target ≥ {TARGET_OVERALL:.0%}: {ok(right >= TARGET_OVERALL)}).",
            f"- Accidental actions (a side effect from anything but the exact keyword): "
            f"**{accidental}** (target 0: {ok(accidental == 0)}).",
            f"- µs per text: median **{median:.0f}**, p99 {percentile(micros, 0.99):.0f} "
            f"(target median < {TARGET_MEDIAN_US:.0f}: {ok(median < TARGET_MEDIAN_US)}).",
            "",
            *table("language", by_language, corpus.LANGUAGES),
            "",
            *table("kind", by_kind, corpus.KINDS),
        ]
    )


# What each held-out set scored when it was first measured, before the work it then pointed to
# (their READMEs say how each was written and measured).
FIRST_MEASURED = {"heldout": "90.7%", "heldout2": "83.4%", "heldout3": "91.8% (blind)"}


def heldout(name: str, outcomes: list[corpus.Outcome]) -> list[str]:
    """One held-out corpus's lines: written without reading the lexicons (see its README)."""
    right = sum(o.right for o in outcomes) / len(outcomes)
    by_language = corpus.rates(outcomes, lambda o: o.row.file)
    by_kind = corpus.rates(outcomes, lambda o: o.row.kind)
    return [
        "",
        f"Held-out corpus `{name}` (tests/data/understanding/{name}/, {len(outcomes)} texts): "
        f"**{right:.1%}** right; first measured {FIRST_MEASURED.get(name, '-')}.",
        "",
        *table(f"language ({name})", by_language, corpus.LANGUAGES),
        "",
        *table(f"kind ({name})", by_kind, corpus.KINDS),
    ]


def main() -> int:
    """Run the benchmark, print the results and update BENCHMARKS.md."""
    content = content_store.load(_report.ROOT / "content")
    understanding = Understanding(content)
    warm_up()
    rows = corpus.load()
    outcomes = [corpus.judge(row, understanding.understand(row.text)) for row in rows]
    lines = [render(outcomes, timings(understanding, rows))]
    for directory in corpus.HELDOUT_SETS:
        held = [corpus.judge(r, understanding.understand(r.text)) for r in corpus.load(directory)]
        lines += heldout(directory.name, held)
    text = "\n".join(lines)
    print(text)
    _report.update("understanding", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
