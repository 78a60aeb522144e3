"""How long data lives: the daily retention sweep (sweeper) and a texter's own erasure, down
to every domain's keys and jobs (erasure).
"""

from __future__ import annotations

from hotline.retention.erasure import erase_texter

# isort: split
# facets last: they may import modules that import the names above
from hotline.retention import sweeper

__all__ = [
    "erase_texter",
    "sweeper",
]
