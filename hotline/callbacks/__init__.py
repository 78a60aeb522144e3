"""The callback queue: requests opened by RAPPEL or a missed call, claimed, called back and
closed by staff (requests, with atomic transitions in records), the SMS that tells a texter
where they stand (notices) and the staff profiles alerted (staff).
"""

from __future__ import annotations

from hotline.callbacks.notices import staff_alert
from hotline.callbacks.records import (
    HIGH_PRIORITY_TOPICS,
    PRIORITIES,
    REF_ALPHABET,
    REF_LENGTH,
    REF_PREFIX,
    STATUSES,
    Callback,
    all_refs,
    load_many,
    waiting_refs,
)
from hotline.callbacks.requests import (
    CLAIMED,
    DONE,
    TRANSLATION_TARGET,
    WAITING,
    CallbackError,
    cancel,
    claim,
    create,
    describe,
    done,
    expire,
    get,
    list_requests,
    missed_call,
    no_answer,
    normalize_reference,
    open_for,
    position,
    release_lease,
    set_translation,
    sweep,
)

# isort: split
# facets last: they may import modules that import the names above
from hotline.callbacks import abuse_alerts, notices, staff, staff_alerts

__all__ = [
    "CLAIMED",
    "DONE",
    "HIGH_PRIORITY_TOPICS",
    "PRIORITIES",
    "REF_ALPHABET",
    "REF_LENGTH",
    "REF_PREFIX",
    "STATUSES",
    "TRANSLATION_TARGET",
    "WAITING",
    "Callback",
    "CallbackError",
    "abuse_alerts",
    "all_refs",
    "cancel",
    "claim",
    "create",
    "describe",
    "done",
    "expire",
    "get",
    "list_requests",
    "load_many",
    "missed_call",
    "no_answer",
    "normalize_reference",
    "notices",
    "open_for",
    "position",
    "release_lease",
    "set_translation",
    "staff",
    "staff_alert",
    "staff_alerts",
    "sweep",
    "waiting_refs",
]
