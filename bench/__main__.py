"""`python -m bench` (`make bench`): run every benchmark that exists, one after the other.

Each runs in its own process (so one cannot warm caches or leave load for the next), prints its
results and updates its own part of BENCHMARKS.md. A benchmark missing a target still exits 0
(the miss is reported in BENCHMARKS.md); a crash makes this runner exit 1 at the end.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ("understanding", "engine", "webhook", "outbound", "broadcast")  # quick ones first
NOT_BENCHMARKS = {"__init__", "__main__", "bare_app"}


def benchmarks() -> list[str]:
    """The benchmark modules present: the known order first, then any other bench/*.py."""
    present = {
        path.stem
        for path in HERE.glob("*.py")
        if path.stem not in NOT_BENCHMARKS and not path.stem.startswith("_")
    }
    return [name for name in ORDER if name in present] + sorted(present - set(ORDER))


def run(name: str) -> int:
    """One benchmark in its own process; SIGTERM is passed on so it can stop its servers."""
    child = subprocess.Popen([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent)

    def forward(*_: object) -> None:
        child.terminate()
        raise SystemExit(143)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        return child.wait()
    finally:
        child.wait()
        signal.signal(signal.SIGTERM, previous)


def main() -> int:
    """Run them all; report which failed."""
    failed = []
    for name in benchmarks():
        print(f"\n=== bench.{name} ===", flush=True)
        started = time.monotonic()
        code = run(name)
        print(f"=== bench.{name}: exit {code} in {time.monotonic() - started:.0f} s ===")
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
