"""The send jobs: load a saved message by id and send it under the send rules.

The rules (never twice, skips, quiet hours, the daily cap, WhatsApp's window, Twilio's error
codes, retries) live in `hotline.outbound.delivery`; these jobs only hand it the checks of the
layers above outbound (a broadcast's cancel, the abuse guard's daily cap), which outbound
cannot import. Their dotted paths are job names stored in Redis (hotline/platform/jobs.py), so
they stay here. Errors raise, so RQ retries.
"""

from __future__ import annotations

from hotline.broadcasts import is_cancelled
from hotline.conversation import abuse
from hotline.outbound import delivery
from workers import services as process_services

GATES = delivery.Gates(
    broadcast_cancelled=is_cancelled,
    admit=abuse.admit_outbound,
    cap_resets=abuse.next_day_start,
)


def send_message(message_id: str) -> str:
    """Send one saved outbound message; returns the status it ended in (or deferred/missing)."""
    return delivery.send_message(process_services(), message_id, GATES)


def send_batch(message_ids: list[str]) -> dict[str, str]:
    """Send several saved messages in one job (see hotline/outbound/batch.py); one that must be
    retried or failed visibly is handed to its own `send_message` job."""
    return delivery.send_batch(process_services(), message_ids, GATES)
