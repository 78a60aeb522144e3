"""Callback-queue jobs: staff alerts and digests, lease expiry, request expiry, note translation.

Each job takes a reference (and a lease number), is idempotent, and lets errors raise so RQ
retries it. Translation runs here, never in the webhook: googletrans calls the network and may be
slow or fail; a failed translation leaves the original note alone, which is what staff then see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

from rq import get_current_job

from hotline import callbacks
from hotline.callbacks import staff, staff_alerts
from workers import services as process_services

log = logging.getLogger("hotline.callbacks.requests")

Translator = Callable[[str, str], str]  # (text, target language) -> translated text
TRANSLATOR = "translator"  # services.extras key: tests inject a fake translator here


def alert_staff(ref: str) -> list[str]:
    """Alert the on-duty staff who speak the request's language (else anyone on duty): by SMS
    now, or in each one's next digest (hotline/callbacks/staff_alerts.py); the ids of the SMS sent
    now."""
    services = process_services()
    request = callbacks.get(services, ref)
    if not request or not request.is_open:
        return []
    members = staff.to_alert(services, request.language, services.clock())
    if not members:
        log.warning("callback %s: nobody on duty to alert", ref)
    sent = [staff_alerts.alert(services, request, member) for member in members]
    return [message_id for message_id in sent if message_id]


def send_digest(slug: str, window_id: str) -> str:
    """The end of a staff member's alert window: one digest of the requests opened in it."""
    return staff_alerts.send_digest(process_services(), slug, window_id)


def release_lease(ref: str, lease: int) -> bool:
    """The lease's end: back to the queue if still claimed under this lease."""
    return callbacks.release_lease(process_services(), ref, lease)


def expire_request(ref: str) -> bool:
    """A request's expiry date: expire it if it is still waiting."""
    return callbacks.expire(process_services(), ref)


def sweep() -> dict[str, list[str]]:
    """Safety net (run by `hotline callbacks sweep` or a scheduler): expiries and stale leases."""
    return callbacks.sweep(process_services())


def translate_note(ref: str) -> bool:
    """Store the machine translation of a request's note into French (once)."""
    services = process_services()
    request = callbacks.get(services, ref)
    if not request or not request.note or request.note_fr:
        return False
    # extras holds objects of any kind; this key, a Translator (tests inject a fake one)
    translate = cast(Translator, services.extras.get(TRANSLATOR) or googletrans_translate)
    try:
        translated = translate(request.note, callbacks.TRANSLATION_TARGET).strip()
    except Exception:
        if _last_attempt():  # staff then read "translation unavailable", not "pending"
            callbacks.set_translation_failed(services, ref, request.note)
        raise
    if not translated:
        callbacks.set_translation_failed(services, ref, request.note)
        return False
    if translated == request.note:
        return False
    callbacks.set_translation(services, ref, translated, source=request.note)
    return True


def _last_attempt() -> bool:
    """True when RQ will not retry the running job again (or it runs outside RQ)."""
    job = get_current_job()
    return job is None or not job.retries_left


def googletrans_translate(text: str, target: str) -> str:
    """Translate with googletrans-py (network); raises on failure so RQ retries."""
    from googletrans import Translator as Google  # local: heavy import, network client

    return Google(timeout=10).translate(text, dest=target).text
