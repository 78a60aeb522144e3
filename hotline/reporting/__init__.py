"""What coordinators and operators read: weekly figures and the unknown texts (reports) and
the Prometheus collector (metrics). Reads the domains; nothing below imports it.
"""

from __future__ import annotations

from hotline.reporting import metrics, reports

__all__ = [
    "metrics",
    "reports",
]
