"""Erase everything the hotline keeps about one texter (OUBLIER OUI), domain by domain.

Each domain module that stores something about a texter offers `erase_texter(services,
texter_id) -> int` (how many records it erased); `ERASERS` lists them all, so adding a domain
that stores texter data means adding a row here (tests/test_erasure.py scans the whole keyspace
after an erasure to catch a forgotten one).

What survives an erasure: the opt-out marker, if the texter had sent STOP. It is a keyed hash
with a timestamp, no number: after erasure the hotline cannot write to the number anyway (the
encrypted number is gone), but a coordinator who later imports a list that contains it must
still find it opted out. The audit log records that an erasure happened, never whose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from hotline import abuse, audit, store
from hotline.services import Services

log = logging.getLogger("hotline.erasure")

Eraser = Callable[[Services, str], int]

STATE = "state"  # texter state, message-sid records, abuse counters: touched by the message itself
INCIDENTAL = frozenset({STATE, "abuse"})


@dataclass(frozen=True)
class Erasure:
    """How many records each domain erased."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def held_data(self) -> bool:
        """True when a domain held data beyond what the erasing message itself created."""
        return any(n for name, n in self.counts.items() if name not in INCIDENTAL)


def erase_state(services: Services, texter_id: str) -> int:
    """The texter's state hash, unusable-number marker and recent message-sid records."""
    client = services.redis
    sids = client.smembers(store.texter_message_sids(texter_id))
    keys = [store.texter(texter_id), store.unusable_number(texter_id)]
    keys += [store.message_sid(sid) for sid in sids] + [store.texter_message_sids(texter_id)]
    return int(client.delete(*keys))


def erasers() -> tuple[tuple[str, Eraser], ...]:
    """Every domain's eraser, by name (imported late: domain modules import much)."""
    return (
        (STATE, erase_state),
        ("abuse", abuse.erase_texter),
    )


def erase_texter(services: Services, texter_id: str) -> Erasure:
    """Erase every domain's data about a texter (keeping only an opt-out) and audit the fact."""
    counts = {name: eraser(services, texter_id) for name, eraser in erasers()}
    audit.record(services.redis, audit.ERASURE, actor="texter", reason="OUBLIER")
    log.info("erasure done: %d records", sum(counts.values()))
    return Erasure(counts)
