"""The callback queue: requests opened by RAPPEL or a missed call, claimed, called back and
closed by staff (requests, with atomic transitions in records), each worked as a case —
outcomes, the private note, calling, the texter's earlier requests (cases) and the messages
texter and staff write to each other while it is open (thread) —, the SMS that tells a texter
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
    TRANSLATION_FAILED,
    Callback,
    all_refs,
    load_many,
    read_open_ref,
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
    extend,
    get,
    job_ids,
    list_requests,
    missed_call,
    no_answer,
    normalize_reference,
    open_for,
    position,
    release_lease,
    set_translation,
    set_translation_failed,
    sweep,
)

# isort: split
# facets last: they may import modules that import the names above
from hotline.callbacks import abuse_alerts, cases, notices, staff, staff_alerts, thread

__all__ = [
    "CLAIMED",
    "DONE",
    "HIGH_PRIORITY_TOPICS",
    "PRIORITIES",
    "REF_ALPHABET",
    "REF_LENGTH",
    "REF_PREFIX",
    "STATUSES",
    "TRANSLATION_FAILED",
    "TRANSLATION_TARGET",
    "WAITING",
    "Callback",
    "CallbackError",
    "abuse_alerts",
    "all_refs",
    "cancel",
    "cases",
    "claim",
    "create",
    "describe",
    "done",
    "expire",
    "extend",
    "get",
    "job_ids",
    "list_requests",
    "load_many",
    "missed_call",
    "no_answer",
    "normalize_reference",
    "notices",
    "open_for",
    "position",
    "read_open_ref",
    "release_lease",
    "set_translation",
    "set_translation_failed",
    "staff",
    "staff_alert",
    "staff_alerts",
    "sweep",
    "thread",
    "waiting_refs",
]
