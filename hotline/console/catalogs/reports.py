"""Strings of the reports page: intents apart, weeks as dates, per-staff figures (fr, nl, en)."""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str, str]] = {}  # fmt: skip
