"""Callback requests in Redis: the record, its states, references and atomic transitions.

The lower half of the callback queue (`hotline.callbacks` is the public API that also notifies
texters and schedules jobs). Every state change happens in one Redis transaction (WATCH/MULTI):
two staff claiming at once cannot both win, and a texter cancelling while staff claim leaves one
consistent result. References are short and readable over the phone ("R-7K3F").

Lifecycle::

    RAPPEL / missed call
           │
           ▼
        waiting ──claim──► claimed ──done──────────────────────► done
         ▲ │  ▲              │  │
         │ │  └─lease expiry─┘  └─no_answer─┬─ attempts < 3 ──► waiting
         │ │                                └─ attempts = 3 ──► closed
         │ ├─cancel (texter ANNULER or staff) ─────────────────► cancelled   (also from claimed)
         │ └─expiry (waiting > callback_expiry_days) ──────────► expired
         └─ a late done / no_answer after the lease expired is still accepted from waiting

Only `waiting` and `claimed` are open; a texter has at most one open request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

import redis

from hotline.platform import DecodedPipeline, DecodedRedis, Services, store

WAITING = "waiting"
CLAIMED = "claimed"
DONE = "done"
CLOSED = "closed"
CANCELLED = "cancelled"
EXPIRED = "expired"
OPEN = (WAITING, CLAIMED)
STATUSES = (WAITING, CLAIMED, DONE, CLOSED, CANCELLED, EXPIRED)
MAX_ATTEMPTS = 3

HIGH = "high"
NORMAL = "normal"
PRIORITIES = (HIGH, NORMAL)
HIGH_PRIORITY_TOPICS = frozenset({"urgence", "sante"})

SMS_SOURCE = "sms"
VOICE_SOURCE = "voice"
TRANSLATION_FAILED = "failed"
REF_PREFIX = "R-"
REF_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B, G/6: clear by phone
REF_LENGTH = 4
NOTE_MAX = 500  # characters of free text kept from the texter
_PRIORITY_WEIGHT = 10**10  # queue score: high-priority requests all sort before normal ones


class CallbackError(ValueError):
    """A request that does not exist, or an action its current state does not allow."""


@dataclass(frozen=True)
class Callback:
    """One callback request as stored (the phone number stays encrypted)."""

    ref: str
    status: str
    texter_id: str
    phone: str  # Fernet token; decrypt only to send or to show masked
    channel: str
    language: str
    topic: str = ""
    note: str = ""
    note_fr: str = ""  # machine translation of the note into French ("" = none)
    priority: str = NORMAL
    attempts: int = 0
    source: str = SMS_SOURCE
    created_at: float = 0.0
    updated_at: float = 0.0
    staff: str = ""
    lease: int = 0  # incremented by each claim; a lease-expiry job names the lease it ends
    lease_until: float = 0.0
    translation: str = ""  # TRANSLATION_FAILED once the last translation attempt failed
    outcome: str = ""  # the last call's outcome (hotline.callbacks.cases.OUTCOMES)
    referred_to: str = ""  # outcome "referred": to whom (free text, staff's words)
    staff_note: str = ""  # Fernet token of the staff's private note ("" = none)
    outcomes: str = ""  # JSON list of {"outcome", "staff", "at"}: every call's result
    handled_by: str = ""  # who recorded the closing outcome
    called_at: float = 0.0  # the first call (or first outcome): time to call back
    called_by: str = ""
    thread: int = 0  # messages in the case's thread (store.callback_thread)
    unread: int = 0  # texter messages staff have not opened yet

    @property
    def is_open(self) -> bool:
        """Waiting or claimed: the texter's one current request."""
        return self.status in OPEN

    @property
    def queue_score(self) -> float:
        """Position key in the waiting queue: priority first, then age."""
        return (0 if self.priority == HIGH else _PRIORITY_WEIGHT) + self.created_at

    @classmethod
    def from_hash(cls, data: dict[str, str]) -> Callback:
        """Rebuild a request from its Redis hash."""
        numbers = {"attempts": int, "lease": int, "created_at": float, "thread": int}
        numbers |= {"updated_at": float, "lease_until": float, "called_at": float, "unread": int}
        values = {k: numbers.get(k, str)(v) for k, v in data.items() if k in _FIELDS}
        return cls(**values)

    def to_hash(self) -> dict[str, str | int | float]:
        """The Redis hash of this request."""
        return asdict(self)


_FIELDS = set(Callback.__dataclass_fields__)


def priority_for(topic: str) -> str:
    """URGENCE and health requests are called first."""
    return HIGH if topic in HIGH_PRIORITY_TOPICS else NORMAL


def new_reference() -> str:
    """A short reference readable over the phone, e.g. "R-7K3F"."""
    return REF_PREFIX + "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))


def normalize_reference(text: str) -> str:
    """Accept "r-7k3f", "R7K3F" or "7K3F" for "R-7K3F"."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) == REF_LENGTH + 1 and cleaned.startswith(REF_PREFIX[0]):
        cleaned = cleaned[1:]
    return REF_PREFIX + cleaned


def get(services: Services, ref: str) -> Callback | None:
    """One request by reference (any spelling normalize_reference accepts)."""
    data = services.redis.hgetall(store.callback(normalize_reference(ref)))
    return Callback.from_hash(data) if data else None


def read_open_ref(pipe: DecodedPipeline, texter_id: str) -> None:
    """Queue, on the caller's pipeline, the read of the texter's open request's reference: the
    engine asks it with the texter's state, so a text from someone without a case costs no
    round trip of its own (`open_for` then only runs when there is a reference)."""
    pipe.get(store.callback_open(texter_id))


def open_for(services: Services, texter_id: str) -> Callback | None:
    """The texter's open request, if any."""
    ref = services.redis.get(store.callback_open(texter_id))
    found = get(services, ref) if ref else None
    return found if found and found.is_open else None


def position(services: Services, ref: str) -> int:
    """1-based place in the waiting queue; 0 when the request is not waiting."""
    rank = services.redis.zrank(store.callbacks_waiting(), ref)
    return 0 if rank is None else rank + 1


def insert(client: DecodedRedis, draft: Callback) -> tuple[Callback, bool]:
    """Store `draft` under a fresh reference: (request, True), or the texter's open one, False."""
    open_key = store.callback_open(draft.texter_id)
    with client.pipeline() as pipe:
        while True:
            try:
                pipe.watch(open_key)
                existing = _open_request(pipe, pipe.get(open_key))
                if existing:
                    pipe.unwatch()
                    return existing, False
                request = replace(draft, ref=_unused_reference(pipe))
                pipe.multi()
                pipe.hset(store.callback(request.ref), mapping=request.to_hash())
                pipe.set(open_key, request.ref)
                pipe.zadd(store.callbacks_waiting(), {request.ref: request.queue_score})
                pipe.zadd(store.callbacks_all(), {request.ref: request.created_at})
                pipe.execute()
                return request, True
            except redis.WatchError:
                continue


def _open_request(pipe: DecodedPipeline, ref: str | None) -> Callback | None:
    data = pipe.hgetall(store.callback(ref)) if ref else {}
    found = Callback.from_hash(data) if data else None
    return found if found and found.is_open else None


def _unused_reference(pipe: DecodedPipeline) -> str:
    """A fresh reference, watched so that a concurrent creation of the same one retries."""
    while True:
        ref = new_reference()
        pipe.watch(store.callback(ref))
        if not pipe.exists(store.callback(ref)):
            return ref


def transition(
    services: Services,
    ref: str,
    allowed: tuple[str, ...],
    change: Callable[[Callback], dict],
) -> Callback:
    """Apply `change` atomically if the request is in an `allowed` state; else CallbackError."""
    key = store.callback(normalize_reference(ref))
    with services.redis.pipeline() as pipe:
        while True:
            try:
                pipe.watch(key)
                data = pipe.hgetall(key)
                if not data:
                    raise CallbackError(f"no callback request {ref}")
                current = Callback.from_hash(data)
                if current.status not in allowed:
                    raise CallbackError(f"{current.ref} is {current.status}")
                updated = replace(current, updated_at=services.clock().timestamp())
                updated = replace(updated, **change(updated))
                _write(pipe, services, updated)
                return updated
            except redis.WatchError:
                continue


def _write(pipe: DecodedPipeline, services: Services, request: Callback) -> None:
    key = store.callback(request.ref)
    open_key = store.callback_open(request.texter_id)
    pipe.watch(open_key)
    still_open = pipe.get(open_key) == request.ref
    pipe.multi()
    pipe.hset(key, mapping=request.to_hash())
    if request.status == WAITING:
        pipe.zadd(store.callbacks_waiting(), {request.ref: request.queue_score})
    else:
        pipe.zrem(store.callbacks_waiting(), request.ref)
    if not request.is_open:
        retention = services.settings.history_retention_days * store.DAY
        pipe.expire(key, retention)
        pipe.expire(store.callback_thread(request.ref), retention)  # the thread goes with it
        if still_open:
            pipe.delete(open_key)
    pipe.execute()


def set_translation(services: Services, ref: str, note_fr: str, source: str | None = None) -> None:
    """Store the machine translation of a request's note into French.

    With `source` (the note that was translated), nothing is stored when the note has changed
    meanwhile (a second RAPPEL appended to it): its own translation job follows.
    """
    key = store.callback(normalize_reference(ref))
    script = (
        "if redis.call('EXISTS', KEYS[1]) == 1 and (ARGV[2] == '' or "
        "redis.call('HGET', KEYS[1], 'note') == ARGV[3]) then "
        "redis.call('HSET', KEYS[1], 'note_fr', ARGV[1]) return 1 end return 0"
    )
    checked = "" if source is None else "1"
    services.redis.eval(script, 1, key, note_fr, checked, source or "")


def set_translation_failed(services: Services, ref: str, source: str) -> None:
    """Mark the note's translation as failed for good (staff see "translation unavailable").

    Nothing is marked when the note changed meanwhile: its own translation job follows.
    """
    key = store.callback(normalize_reference(ref))
    script = (
        "if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'note') == ARGV[2] "
        "then redis.call('HSET', KEYS[1], 'translation', ARGV[1]) return 1 end return 0"
    )
    services.redis.eval(script, 1, key, TRANSLATION_FAILED, source)


def all_refs(services: Services) -> list[str]:
    """Every stored reference, oldest first (forgotten ones are pruned from the index)."""
    refs = services.redis.zrange(store.callbacks_all(), 0, -1)
    pipe = services.redis.pipeline()
    for ref in refs:
        pipe.exists(store.callback(ref))
    gone = [ref for ref, present in zip(refs, pipe.execute(), strict=True) if not present]
    if gone:
        services.redis.zrem(store.callbacks_all(), *gone)
    return [ref for ref in refs if ref not in set(gone)]


def waiting_refs(services: Services) -> list[str]:
    """Waiting references in queue order (priority, then age)."""
    return services.redis.zrange(store.callbacks_waiting(), 0, -1)


def load_many(services: Services, refs: list[str]) -> list[Callback]:
    """Several requests in one round trip, skipping forgotten ones."""
    pipe = services.redis.pipeline()
    for ref in refs:
        pipe.hgetall(store.callback(ref))
    return [Callback.from_hash(data) for data in pipe.execute() if data]
