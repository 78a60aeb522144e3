"""WhatsApp's 24-hour window and the approved templates that may be sent outside it.

WhatsApp accepts free text only within 24 hours of the texter's last message to us; outside,
only a template that Meta approved (a Twilio Content `content_sid` with `content_variables`).
The hotline records each texter's last inbound time (`texters.record_inbound`). A WhatsApp
message outside the window goes out as the template configured for its purpose and language,
or, when none is configured, as an SMS in the texter's language. Twilio's error 63016 (outside
the window) triggers the same fallback.

Templates live in the YAML file named by `HOTLINE_WHATSAPP_TEMPLATES`::

    workshop_reminder:            # the `purpose` given to outbound.queue
      fr:
        content_sid: HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        variables:                # template variable -> text, with the message's {fields}
          "1": "{title}"
          "2": "{when}"
      nl:
        content_sid: HXbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
        variables: {"1": "{title}", "2": "{when}"}

A purpose or language missing from the file means "fall back to SMS".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

WINDOW_SECONDS = 24 * 3600
SAFETY_MARGIN = 5 * 60  # don't start a free-form send in the window's last minutes
OUTSIDE_WINDOW_ERROR = 63016
CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")


class TemplateConfigError(ValueError):
    """The templates file is malformed."""


@dataclass(frozen=True)
class Template:
    """One approved template: its Content SID and how to fill its variables."""

    content_sid: str
    variables: dict[str, str]

    def fill(self, fields: dict[str, object]) -> dict[str, str]:
        """The content_variables for one message, from its fields."""
        values = _Missing({key: str(value) for key, value in fields.items()})
        return {name: text.format_map(values) for name, text in self.variables.items()}


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return ""


def in_window(last_inbound: float, now: float) -> bool:
    """True when free-form WhatsApp messages may still be sent to this texter."""
    return bool(last_inbound) and now - last_inbound < WINDOW_SECONDS - SAFETY_MARGIN


@functools.cache
def load(path: str) -> dict[tuple[str, str], Template]:
    """The templates file as {(purpose, language): Template}; {} when no file is configured."""
    if not path:
        return {}
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise TemplateConfigError(f"{path}: expected purpose -> language -> template")
    return {
        (str(purpose), str(language)): _template(path, purpose, language, entry)
        for purpose, languages in raw.items()
        for language, entry in (languages or {}).items()
    }


def _template(path: str, purpose: object, language: object, entry: object) -> Template:
    where = f"{path}: {purpose}/{language}"
    if not isinstance(entry, dict) or not CONTENT_SID.match(str(entry.get("content_sid", ""))):
        raise TemplateConfigError(f"{where}: needs content_sid HX + 32 hex digits")
    variables = entry.get("variables") or {}
    if not isinstance(variables, dict):
        raise TemplateConfigError(f"{where}: variables must be a mapping")
    return Template(str(entry["content_sid"]), {str(k): str(v) for k, v in variables.items()})


def template_for(path: str, purpose: str, language: str) -> Template | None:
    """The approved template for this purpose and language, if configured."""
    return load(path).get((purpose, language))
