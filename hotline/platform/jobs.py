"""Every RQ job the hotline enqueues, in one place: its name, its id and its retry policy.

A job's name and id are stored in Redis with the job, sometimes for weeks (a workshop reminder,
a callback request's expiry, the housekeeping chain), so they are a contract with the jobs
already waiting rather than a detail of the module that enqueues them:

- names are the dotted paths of the functions in workers/ that RQ imports when a job runs.
  They are today's paths and stay so: a worker function that moves keeps a shim at its old path,
  or the jobs already stored under it fail (tests/platform/test_jobs.py enqueues one job under
  each name stored today and checks that it still resolves);
- ids are deterministic wherever a job must be enqueued once (`unique=True`) or found again (to
  be cancelled, erased or shown to staff); the builders below are the only places that spell
  them;
- retry policies say how often, and after how long, RQ runs a failed job again.

Only strings and `rq.Retry` settings live here; this module never imports workers/ (the layers
forbid it), the domains enqueue by these names.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from rq import Retry

# Sending (hotline/outbound): one message, or a batch of saved messages.
SEND_MESSAGE = "workers.sending.send_message"
SEND_BATCH = "workers.sending.send_batch"
CREATE_TEMPLATE = "workers.whatsapp_templates.create_template"
# The callback queue (hotline/callbacks).
ALERT_STAFF = "workers.callbacks.alert_staff"
SEND_DIGEST = "workers.callbacks.send_digest"
TRANSLATE_NOTE = "workers.callbacks.translate_note"
RELEASE_LEASE = "workers.callbacks.release_lease"
EXPIRE_REQUEST = "workers.callbacks.expire_request"
# Workshops and broadcasts.
SEND_REMINDER = "workers.reminders.send_reminder"
PLAN_BROADCAST = "workers.broadcasts.plan"
SEND_BROADCAST_BATCH = "workers.broadcasts.send_batch"
# Maintenance chains: each run schedules the next.
HOUSEKEEPING = "workers.housekeeping.run"
RETENTION_SWEEP = "workers.retention.sweep"

NAMES = (
    SEND_MESSAGE,
    SEND_BATCH,
    CREATE_TEMPLATE,
    ALERT_STAFF,
    SEND_DIGEST,
    TRANSLATE_NOTE,
    RELEASE_LEASE,
    EXPIRE_REQUEST,
    SEND_REMINDER,
    PLAN_BROADCAST,
    SEND_BROADCAST_BATCH,
    HOUSEKEEPING,
    RETENTION_SWEEP,
)

# Retry policies. A send backs off from 5 s to 30 min: a provider outage lasts minutes.
SEND_RETRY = Retry(max=6, interval=[5, 15, 60, 180, 600, 1800])
# googletrans is a network call that may fail for a while; staff read the note meanwhile.
TRANSLATE_RETRY = Retry(max=3, interval=[30, 300, 1800])
# A broadcast's plan job is retried if its worker dies (see hotline/platform/worker.py).
BROADCAST_PLAN_RETRY = Retry(max=3, interval=[5, 30, 120])
BROADCAST_BATCH_RETRY = Retry(max=5, interval=[5, 15, 60, 180, 600])
# A failed housekeeping run is tried once more a minute later; the next slot runs anyway.
HOUSEKEEPING_RETRY = Retry(max=1, interval=60)


def callback_alert_job_id(ref: str) -> str:
    """The staff alert of a new callback request (one per request)."""
    return f"callback-alert-{ref}"


def callback_translate_job_id(ref: str) -> str:
    """The first translation of a new request's note (a note changed later is translated by a
    job without an id: several may follow one another)."""
    return f"callback-translate-{ref}"


def callback_expire_job_id(ref: str) -> str:
    """A request's expiry, `callback_expiry_days` after it was opened."""
    return f"callback-expire-{ref}"


def callback_lease_job_id(ref: str, lease: int) -> str:
    """The end of lease number `lease` of a claimed request (each claim or extension is one)."""
    return f"callback-lease-{ref}-{lease}"


def staff_digest_job_id(slug: str, window_id: str) -> str:
    """The one digest of a staff member's alert window."""
    return f"staff-digest-{slug}-{window_id}"


def reminder_job_id(workshop_id: str, starts_at: dt.datetime, offset_slug: str) -> str:
    """One reminder of one workshop at one start time: a moved workshop gets new ids."""
    return f"hl-reminder-{workshop_id}-{int(starts_at.timestamp())}-{offset_slug}"


def broadcast_plan_job_id(broadcast_id: str) -> str:
    """A broadcast's planning (one per broadcast)."""
    return f"hl-broadcast-{broadcast_id}-plan"


def broadcast_batch_job_id(broadcast_id: str, attempt: int, number: int) -> str:
    """One batch of one planning run (`attempt`) of a broadcast."""
    return f"hl-broadcast-{broadcast_id}-{attempt}-{number}"


def resend_job_id(message_id: str, attempts: int) -> str:
    """The sweep's new send job for a message left `sending` after attempt `attempts`."""
    return f"hl-resend-{message_id}-{attempts}"


def resend_queued_job_id(message_id: str, lost_job_id: str) -> str:
    """The sweep's new send job for a queued message whose job `lost_job_id` is gone (named by
    a digest, so the id stays short when the lost job was itself a resend)."""
    digest = hashlib.sha256(lost_job_id.encode()).hexdigest()[:12]
    return f"hl-resend-{message_id}-q{digest}"


def housekeeping_job_id(at: dt.datetime) -> str:
    """The housekeeping run of the time slot starting at `at`."""
    return f"hl-housekeeping-{int(at.timestamp())}"


def retention_sweep_job_id(at: dt.datetime) -> str:
    """The retention sweep due at `at` (one per day)."""
    return f"hl-retention-sweep-{at.date().isoformat()}"
