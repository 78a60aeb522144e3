"""The audit log: an append-only record of what happened, for accountability without exposure.

Staff actions (who did what, when, why) and privacy events (an erasure, an abuse alert) are
appended to one Redis stream; the stream id carries the time. An entry never carries a phone
number, a message body or a texter id, so the log itself cannot reveal who texted.
"""

from __future__ import annotations

from hotline.platform import store
from hotline.platform.decoded import DecodedRedis

ERASURE = "texter.erased"  # a texter confirmed OUBLIER OUI and their data was erased
# Abuse alerts are recorded as "abuse.<kind>" (hotline/callbacks/abuse_alerts.py): rate_limited,
# daily_cap, callback_rate.
# Console accounts (hotline/accounts/users.py); `about` is the account's e-mail.
ACCOUNT_CREATED = "account.created"
ACCOUNT_ROLE = "account.role_changed"  # role= the new one, was= the old one
ACCOUNT_PASSWORD = "account.password_changed"  # noqa: S105 - an action name, not a secret
ACCOUNT_DISABLED = "account.disabled"
ACCOUNT_ENABLED = "account.enabled"
ACCOUNT_RENAMED = "account.renamed"  # stored before e-mails were normalised: moved to its form
ACCOUNT_LOOKALIKE = "account.lookalike_disabled"  # a look-alike of `about`, disabled
# Staff profiles (hotline/callbacks/staff.py); `about` is the profile's slug, never the number.
STAFF_PHONE = "staff.phone_changed"  # a profile created, or its alert phone changed
STAFF_REMOVED = "staff.removed"
# Coordinators' and staff's actions on texters' records; `about` names the record.
BROADCAST_CONFIRMED = "broadcast.confirmed"
BROADCAST_CANCELLED = "broadcast.cancelled"
WORKSHOP_RESCHEDULED = "workshop.rescheduled"  # from= and to= the start times (UTC, ISO)
WORKSHOP_CANCELLED = "workshop.cancelled"
RQ_DASHBOARD = "rq.dashboard"  # an action in rq-dashboard: endpoint=, job= or queue=, status=


def record(
    client: DecodedRedis, action: str, actor: str = "", reason: str = "", **fields: object
) -> str:
    """Append one entry (what, by whom, why); returns its stream id. Never name a texter."""
    entry = {"action": action, "actor": actor, "reason": reason}
    entry.update({name: str(value) for name, value in fields.items()})
    return client.xadd(store.audit_log(), entry, maxlen=store.AUDIT_MAX, approximate=True)


def recent(client: DecodedRedis, count: int = 100) -> list[dict[str, str]]:
    """The newest entries first, each with its stream id under "id"."""
    rows = client.xrevrange(store.audit_log(), count=count)
    return [{"id": entry_id, **fields} for entry_id, fields in rows]
