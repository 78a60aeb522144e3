"""The foundations every layer stands on: validated settings (config), the process services
(Services), the Redis keyspace (store), queues and the worker, privacy (keyed hashes,
encryption, masking), the audit log, dates and weekly hours, counters and channels. Its modules
are its API: `from hotline.platform import store`.
"""

from __future__ import annotations

from hotline.platform.channels import (
    CHANNELS,
    SMS,
    WHATSAPP,
    WHATSAPP_PREFIX,
    InboundError,
    has_phone,
    parse_number,
    parse_recipient,
    parse_sender,
)
from hotline.platform.config import PRODUCTION, TESTING, ConfigError, Settings
from hotline.platform.counters import (
    COUNTERS,
    MATCHES,
    OTHER,
    SEPARATOR,
    STATUSES,
    CounterSpec,
    closed,
    error_code,
    read_counters,
)
from hotline.platform.embedded_redis import EmbeddedRedis, free_port
from hotline.platform.privacy import Privacy, load_key, mask, scrub
from hotline.platform.services import Services

# isort: split
# facets last: they may import modules that import the names above
from hotline.platform import (
    audit,
    counters,
    dates,
    embedded_redis,
    housekeeping,
    logs,
    queues,
    sandbox,
    schedule,
    services,
    store,
    worker,
)

__all__ = [
    "CHANNELS",
    "COUNTERS",
    "MATCHES",
    "OTHER",
    "PRODUCTION",
    "SEPARATOR",
    "SMS",
    "STATUSES",
    "TESTING",
    "WHATSAPP",
    "WHATSAPP_PREFIX",
    "ConfigError",
    "CounterSpec",
    "EmbeddedRedis",
    "InboundError",
    "Privacy",
    "Services",
    "Settings",
    "audit",
    "closed",
    "counters",
    "dates",
    "embedded_redis",
    "error_code",
    "free_port",
    "has_phone",
    "housekeeping",
    "load_key",
    "logs",
    "mask",
    "parse_number",
    "parse_recipient",
    "parse_sender",
    "queues",
    "read_counters",
    "sandbox",
    "schedule",
    "scrub",
    "services",
    "store",
    "worker",
]
