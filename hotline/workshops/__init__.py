"""Workshops such as SOLEA's Atelier 2: create, edit, reschedule, cancel and register
(events), reminders before they start (reminders), the console's views of them (admin) and demo
seed data (seeding).
"""

from __future__ import annotations

from hotline.workshops.events import (
    ALREADY_REGISTERED,
    ALREADY_WAITING,
    CLOSED,
    LEFT_WAITING,
    NOT_REGISTERED,
    REGISTERED,
    UNREGISTERED,
    WAITING,
    Workshop,
    WorkshopError,
    all_workshops,
    cancel,
    counts,
    create,
    edit,
    get,
    of_texter,
    register,
    registered_ids,
    require,
    reschedule,
    unregister,
    upcoming,
)

# isort: split
# facets last: they may import modules that import the names above
from hotline.workshops import admin, reminders, seeding

__all__ = [
    "ALREADY_REGISTERED",
    "ALREADY_WAITING",
    "CLOSED",
    "LEFT_WAITING",
    "NOT_REGISTERED",
    "REGISTERED",
    "UNREGISTERED",
    "WAITING",
    "Workshop",
    "WorkshopError",
    "admin",
    "all_workshops",
    "cancel",
    "counts",
    "create",
    "edit",
    "get",
    "of_texter",
    "register",
    "registered_ids",
    "reminders",
    "require",
    "reschedule",
    "seeding",
    "unregister",
    "upcoming",
]
