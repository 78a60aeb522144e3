"""The long-lived collaborators of one process, built once from the settings.

The web app, the workers and the CLI all answer texters through the same objects: one Redis
connection pool for domain data, one for RQ (which needs raw bytes), the validated content, the
understanding of texts built from it, and the privacy keys. `hotline.wiring.build` makes them,
the same way for every entry point; this module only declares them, so that every layer can be
handed them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from redis import Redis

from hotline.platform.config import Settings
from hotline.platform.decoded import DecodedRedis
from hotline.platform.privacy import Privacy

if TYPE_CHECKING:  # the layers above build them; Services only carries them
    from hotline import content as content_store
    from hotline.understanding import Understanding


def utc_now() -> dt.datetime:
    """The current time, timezone-aware (UTC); injected so tests can move the clock."""
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    """Everything a handler, a job or a view needs besides the message itself."""

    settings: Settings
    redis: DecodedRedis  # decoded replies (str)
    rq_redis: Redis  # raw bytes, for RQ
    content: content_store.Content
    understanding: Understanding
    privacy: Privacy
    clock: Callable[[], dt.datetime] = utc_now
    extras: dict[str, object] = field(default_factory=dict)
