"""Shared by the benchmarks: describe the machine and update this benchmark's BENCHMARKS.md part.

Each benchmark owns one part of BENCHMARKS.md between `<!-- bench:NAME -->` and
`<!-- /bench:NAME -->`; a run replaces its own part (or appends it the first time) and leaves
every other part alone, so benchmarks written by different people can share the file.
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "BENCHMARKS.md"


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo ("unknown" elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else "unknown"


def machine() -> str:
    """One line: cores, CPU model, Python version and OS."""
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def command(module: str) -> str:
    """The exact command that ran benchmark `module` (e.g. "bench.webhook"), from the repo root."""
    python = Path(sys.executable)
    try:
        shown = str(python.relative_to(ROOT))
    except ValueError:
        shown = str(python)
    return shlex.join([shown, "-m", module, *sys.argv[1:]])


def update(name: str, markdown: str, report: Path = REPORT) -> None:
    """Replace (or append) the part of BENCHMARKS.md owned by benchmark `name`."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    part = f"{start}\n{markdown.strip()}\n{end}"
    text = report.read_text() if report.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: part, text)
    else:
        text = text.rstrip() + "\n\n" + part + "\n"
    report.write_text(text)
