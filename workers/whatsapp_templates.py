"""The job that creates one interactive WhatsApp template (hotline/outbound/whatsapp_templates.py).

`create_template(kind, language, count)` takes the template's identity, never a texter's: it
rebuilds the definition from the current content, finds it at Twilio by name or creates it, and
caches its SID. Idempotent; Twilio's errors raise (RQ retries, then its failed registry), and
until the SID is cached the replies go out as text.
"""

from __future__ import annotations

from hotline.outbound import whatsapp_templates
from workers import services as process_services


def create_template(kind: str, language: str, count: int) -> str:
    """Make sure the template exists and its SID is cached; returns the SID."""
    return whatsapp_templates.ensure(process_services(), kind, language, count)
