"""RQ jobs for workshop reminders (scheduled by `hotline.reminders.schedule`).

The job takes ids only: the workshop number, the start time it was scheduled for and the offset.
It reloads the workshop, so a reminder for a moved or cancelled workshop does nothing, and it is
idempotent (each registrant's message has its own outbound idempotency key).
"""

from __future__ import annotations

import workers
from hotline import workshops
from hotline.workshops import reminders


def send_reminder(workshop_id: str, starts_epoch: int, offset: str) -> int:
    """Remind the current registrants of one workshop; returns how many messages were queued."""
    services = workers.services()
    workshop = workshops.get(services, workshop_id)
    registrants = workshops.registered_ids(services, workshop_id) if workshop else []
    return len(reminders.deliver(services, workshop, registrants, int(starts_epoch), offset))
