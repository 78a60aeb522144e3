"""Keys that local runs generate once into `var/` and every process of the run shares.

Without `SECRET_KEY` or `HOTLINE_ENCRYPTION_KEY` (development and tests only; production
refuses to start without them), the first process that needs a key writes it to a file under
`var/`, readable by its owner only, and every other process (each gunicorn worker, the RQ
worker, the CLI) reads the same file. Processes start together, so the file is created
atomically: written under a temporary name, then hard-linked into place, which fails if another
process won the race; the loser reads the winner's key. Nobody ever reads a half-written key.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def read_or_create(path: Path, generate: Callable[[], str]) -> str:
    """The key in `path`; when there is none yet, `generate()` one and store it (mode 600)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w") as handle:  # mkstemp creates it with mode 600
            handle.write(generate())
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process created it first: use theirs
    finally:
        os.unlink(temporary)
    return path.read_text().strip()
