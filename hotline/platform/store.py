"""The Redis connection and key naming: one place for key prefixes and TTLs.

Every Redis key the hotline writes is built here, so that retention, erasure and backups can
reason about the whole keyspace. Texters are named by their keyed hash (see `privacy`), never by
their phone number.
"""

from __future__ import annotations

from typing import Literal, cast, overload

import redis

from hotline.platform.decoded import DecodedRedis

PREFIX = "hl"
DAY = 24 * 3600

# TTLs, in seconds.
MESSAGE_SID_TTL = 2 * DAY  # Twilio may redeliver a webhook; we answer the same within 48 hours.
# A MessageSid already handled is remembered (the id alone) much longer: a captured signed webhook
# replayed later is not processed again.
MESSAGE_SEEN_TTL = 30 * DAY


@overload
def connect(url: str, *, decode: Literal[True] = True) -> DecodedRedis: ...
@overload
def connect(url: str, *, decode: Literal[False]) -> redis.Redis: ...
@overload
def connect(url: str, *, decode: bool) -> DecodedRedis | redis.Redis: ...
def connect(url: str, *, decode: bool = True) -> DecodedRedis | redis.Redis:
    """Open a Redis client. Domain code uses decoded strings; RQ needs raw bytes (decode=False).

    Timeouts are short so that a Redis outage turns into a quick 503, not a hung webhook.
    """
    client = redis.Redis.from_url(
        url,
        decode_responses=decode,
        socket_timeout=3,
        socket_connect_timeout=2,
        health_check_interval=30,
    )
    # decode_responses=True: every reply is a str, which is what DecodedRedis declares.
    return cast(DecodedRedis, client) if decode else client


def key(*parts: object) -> str:
    """Join parts into a namespaced key: key("texter", tid) -> "hl:texter:<tid>"."""
    return ":".join((PREFIX, *(str(p) for p in parts)))


def texter(texter_id: str) -> str:
    """Hash of one texter's state (language, opt-out, last inbound, encrypted number)."""
    return key("texter", texter_id)


def message_sid(sid: str) -> str:
    """The reply already given to one inbound Twilio MessageSid (idempotent webhooks)."""
    return key("msgsid", sid)


def message_seen(sid: str) -> str:
    """Marker that an inbound MessageSid was handled (value "1", nothing about the texter);
    lasts MESSAGE_SEEN_TTL so that a replayed webhook is not processed twice."""
    return key("msgseen", sid)


def content_reloads() -> str:
    """Pub/sub channel: the content on disk changed (a CSV import); every process reloads it."""
    return key("content", "reload")


def content_upload(token: str) -> str:
    """A translators' CSV uploaded in the console, kept between its dry run and its import."""
    return key("content", "upload", token)


def unknown_texts() -> str:
    """The sorted set of unknown texts kept before they were counted per week: no expiry of
    its own until `migrations` gives it one (hotline/reporting/reports.py reads it while it
    lasts)."""
    return key("stats", "unknown")


def unknown_texts_week(week: str) -> str:
    """Sorted set of the normalised texts the content could not answer in one ISO week
    (counted, digits removed, no link to a texter); expires with `reports.UNKNOWN_TEXT_DAYS`."""
    return key("stats", "unknown", week)


def unknown_texts_recent() -> str:
    """A short-lived union of the weekly unknown-text sets, for one report."""
    return key("stats", "unknown", "recent")


def opt_out(texter_id: str) -> str:
    """Marker that a texter sent STOP; no TTL (the opt-out must outlive other data)."""
    return key("optout", texter_id)


# Callback queue (hotline/callbacks/requests.py, hotline/callbacks/staff.py, workers/callbacks.py).
MISSED_CALL_DEDUP_TTL = DAY  # a second missed call within a day changes nothing


def callback(ref: str) -> str:
    """Hash of one callback request (status, encrypted number, language, topic, note, lease)."""
    return key("callback", ref)


def callback_thread(ref: str) -> str:
    """List of one request's messages with the texter (JSON, texts encrypted): the case thread."""
    return key("callback", ref, "thread")


def callbacks_waiting() -> str:
    """Sorted set of waiting callback refs, scored by priority then age (the queue order)."""
    return key("callbacks", "waiting")


def callbacks_all() -> str:
    """Sorted set of every callback ref, scored by creation time (listing, sweeps)."""
    return key("callbacks", "all")


def callback_open(texter_id: str) -> str:
    """The ref of a texter's one open (waiting or claimed) callback request."""
    return key("callback", "open", texter_id)


def missed_call(texter_id: str) -> str:
    """Present for a day after a texter's missed call was handled (dedup of repeated beeps)."""
    return key("callback", "beep", texter_id)


def office_closures() -> str:
    """Hash of the dates the office is closed beyond public holidays (ISO date -> label)."""
    return key("office", "closures")


def staff_member(slug: str) -> str:
    """Hash of one staff profile (name, languages, encrypted phone, on-duty hours)."""
    return key("staff", slug)


def staff_index() -> str:
    """Set of the slugs of every staff profile."""
    return key("staff")


# Outbound delivery (hotline/outbound/messages.py, hotline/outbound/delivery.py).
OUTBOUND_TTL = 30 * DAY  # message records: long enough for late status callbacks and audits
IDEMPOTENCY_TTL = 30 * DAY
OUTBOX_MAX = 10_000  # outbox mode keeps the newest messages only


def outbound(message_id: str) -> str:
    """Hash of one outbound message record (encrypted recipient, status, attempts, SID)."""
    return key("out", message_id)


def outbound_idempotency(idempotency_key: str) -> str:
    """The message id already queued under one idempotency key."""
    return key("out", "idem", idempotency_key)


def outbound_by_sid(sid: str) -> str:
    """The outbound message id a Twilio MessageSid belongs to (status callbacks)."""
    return key("out", "sid", sid)


REPLY_MENU_TTL = 7 * DAY  # how long a quoted reply to a list still resolves against that list


def reply_menu(sid: str) -> str:
    """The numbered list (a menu id, no personal data) that the reply with this SID showed."""
    return key("replymenu", sid)


def outbound_in_flight() -> str:
    """Sorted set of the ids of outbound records in status `sending`, scored by their last
    attempt time: what the housekeeping sweep reconciles (hotline/outbound/sweep.py)."""
    return key("out", "inflight", "sending")


def outbound_queued() -> str:
    """Sorted set of the ids of outbound records in status `queued`, scored by when their send
    job is due (`send_at`, a deferral's end, else creation): a job lost before it started is
    found there by the housekeeping sweep (hotline/outbound/sweep.py)."""
    return key("out", "inflight", "queued")


def outbox() -> str:
    """Sorted set of outbox-mode message ids, scored by the time they were "sent"."""
    return key("outbox")


# WhatsApp menus people can tap (hotline/outbound/whatsapp_templates.py): no personal data.
WHATSAPP_TEMPLATE_TTL = 90 * DAY  # re-found at Twilio by name after that (nothing duplicated)
WHATSAPP_TEMPLATE_LOCK_TTL = 10 * 60  # one creation job at a time; asked again after that


def whatsapp_template(kind: str, language: str, version: str) -> str:
    """The Content SID (HX…) of one interactive template: a menu kind with its number of
    choices, in one language, at one version (a digest of its definition: an edited text gets
    a new key, so a new template)."""
    return key("wa", "template", kind, language, version)


def whatsapp_template_lock(kind: str, language: str, version: str) -> str:
    """Present while a job is creating that template: it is asked for once, not per message."""
    return key("wa", "template", "lock", kind, language, version)


def outbox_content(sid: str) -> str:
    """Outbox mode: the Content API request of a template "created" without Twilio."""
    return key("outbox", "content", sid)


def rate_bucket(channel: str) -> str:
    """The shared token bucket pacing sends on one channel (all workers)."""
    return key("bucket", channel)


def unusable_number(texter_id: str) -> str:
    """Marker that a texter's number cannot receive messages (invalid number or landline)."""
    return key("unusable", texter_id)


# Console (hotline/accounts/users.py, hotline/accounts/login_guard.py, hotline/platform/audit.py,
# hotline/reporting/reports.py).
def user(email: str) -> str:
    """Hash of one console account (email, argon2 hash, role, UI language, session epoch)."""
    return key("user", email)


def users() -> str:
    """Set of the emails of every console account."""
    return key("users")


def login_failures(kind: str, fingerprint: str) -> str:
    """Failed console logins for one email or IP (by keyed fingerprint), within a window."""
    return key("login", "fail", kind, fingerprint)


def login_lock(kind: str, fingerprint: str) -> str:
    """Present while an email or IP must wait before trying to log in again (TTL = the wait)."""
    return key("login", "lock", kind, fingerprint)


def console_session(digest: str) -> str:
    """Hash of one open console session (email, opening time), named by a digest of its id;
    expires 8 hours after the login (hotline/accounts/sessions.py)."""
    return key("session", digest)


def simulator_switch() -> str:
    """ "on" / "off": whether an admin turned the console simulator on (unset: the default)."""
    return key("console", "simulator")


def sandbox_used() -> str:
    """Present once the console simulator wrote to its sandbox (the daily sweep wipes it)."""
    return key("console", "simulator", "used")


def sandbox_probe(token: str) -> str:
    """A short-lived key written in the live database to prove the sandbox is another one."""
    return key("sandbox", "probe", token)


def sandbox_marker() -> str:
    """Marks a Redis database as the simulator's sandbox (in that database, never the live one)."""
    return key("sandbox")


def audit_log() -> str:
    """Append-only stream of audited console actions (who, what, when, why; never a number)."""
    return key("audit")


def weekly_messages(week: str) -> str:
    """Hash "topic|language" -> answers given in one ISO week ("2026-W48"), for reports."""
    return key("stats", "week", week)


def disk_compaction() -> str:
    """Claim of the last daily rewrite of Redis' files (hotline/platform/persistence.py); its TTL
    is the time until the next one is due."""
    return key("disk", "compacted")


# Prometheus metrics (hotline/reporting/metrics.py): deployment-wide counters shared by every
# process.
def metric(name: str) -> str:
    """Hash of one shared counter: field = its label values joined by "|" (closed sets only)."""
    return key("metrics", name)


# Privacy and abuse protection (hotline/retention/erasure.py, hotline/conversation/abuse.py,
# hotline/platform/audit.py).
AUDIT_MAX = 100_000  # the audit stream (audit_log above) keeps about this many newest entries


def texter_message_sids(texter_id: str) -> str:
    """Set of the texter's recent inbound MessageSids (expires with them), so erasure finds them."""
    return key("sids", texter_id)


def inbound_rate(texter_id: str) -> str:
    """Sorted set of the texter's recent inbound message times (the per-number rate limit)."""
    return key("abuse", "rate", texter_id)


def muted(texter_id: str) -> str:
    """Marker that a texter is over the inbound rate limit: no replies until it expires."""
    return key("abuse", "muted", texter_id)


def reply_repeats(texter_id: str) -> str:
    """How often each reply (field: its digest) went to one texter lately (the loop guard)."""
    return key("abuse", "repeats", texter_id)


RATE_LIMITED_ALERT = "rate_limited"  # the staff alert about a texter over the inbound rate limit


def texter_abuse_keys(texter_id: str) -> list[str]:
    """Every abuse-protection key about one texter: erasure deletes them all (the mute too)."""
    return [
        inbound_rate(texter_id),
        muted(texter_id),
        reply_repeats(texter_id),
        alert_sent(f"{RATE_LIMITED_ALERT}:{texter_id}"),
    ]


def outbound_daily(day: str) -> str:
    """Set of the outbound message ids sent on one local day (YYYY-MM-DD): the daily cap."""
    return key("abuse", "outday", day)


def callback_requests_in_hour(hour: int) -> str:
    """How many callback requests opened in one clock hour (epoch hours): the global rate."""
    return key("abuse", "callbacks", hour)


def staff_alert_window(slug: str) -> str:
    """Present (value: the window's id) while one staff member's alerts wait for a digest."""
    return key("alerts", "window", slug)


def staff_alert_pending(slug: str) -> str:
    """Set of the callback refs waiting for one staff member's next digest."""
    return key("alerts", "pending", slug)


def alert_sent(name: str) -> str:
    """Marker that one staff alert was already sent (alerts go out once per period)."""
    return key("abuse", "alerted", name)


# Workshops, reminders and broadcasts (hotline/workshops/events.py,
# hotline/broadcasts/lifecycle.py).
BROADCAST_BATCH_TTL = 7 * DAY  # planned recipient batches, kept until every batch has run


def workshop(workshop_id: str) -> str:
    """Hash of one workshop (titles per language, start/end, place, capacity, status)."""
    return key("workshop", workshop_id)


def workshops() -> str:
    """Sorted set of every workshop id, scored by its start time (epoch seconds)."""
    return key("workshops")


def workshop_sequence() -> str:
    """Counter giving workshops their public number (the 3 in "ATELIER 3")."""
    return key("seq", "workshop")


def workshop_registered(workshop_id: str) -> str:
    """Sorted set of the texter ids registered for a workshop, scored by registration time."""
    return key("workshop", workshop_id, "registered")


def workshop_waiting(workshop_id: str) -> str:
    """Sorted set of the texter ids on a workshop's waiting list, first come first served."""
    return key("workshop", workshop_id, "waiting")


def texter_workshops(texter_id: str) -> str:
    """Set of the workshops a texter is registered or waiting for (for erasure)."""
    return key("texws", texter_id)


def texters_by_last_inbound() -> str:
    """Sorted set of texter ids scored by their last inbound time (audiences "recent:N")."""
    return key("texters", "recent")


def topic_subscribers(topic: str) -> str:
    """Sorted set of the texter ids following a topic (SUIVRE SANTE), scored by when they did."""
    return key("subs", topic)


def texter_subscriptions(texter_id: str) -> str:
    """Set of the topics a texter follows (for SUIVRE, STOP, erasure and retention)."""
    return key("texsubs", texter_id)


def broadcast(broadcast_id: str) -> str:
    """Hash of one broadcast (audience, message per language, status, progress counters)."""
    return key("broadcast", broadcast_id)


def broadcasts() -> str:
    """Sorted set of every broadcast id, scored by creation time."""
    return key("broadcasts")


def audience_language_counts() -> str:
    """Short-lived cache of reachable texters per language (JSON), for the audience picker."""
    return key("cache", "audience", "languages")


def broadcast_sequence() -> str:
    """Counter numbering broadcasts."""
    return key("seq", "broadcast")


def broadcast_planner(broadcast_id: str) -> str:
    """Claim of the one process planning a broadcast (a token, renewed batch by batch)."""
    return key("broadcast", broadcast_id, "planner")


def broadcast_batch(broadcast_id: str, number: int | str) -> str:
    """List of "texter_id language channel" rows of one planned batch ("attempt-number")."""
    return key("broadcast", broadcast_id, "batch", number)
