"""Strings of the content pages: texts per topic and language, the translators' CSV (fr, nl, en)."""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str, str]] = {}  # fmt: skip
