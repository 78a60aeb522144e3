"""The foundations every layer stands on: validated settings (config, with the readers that
check each value at start and the reminder offsets' format), start-up refusal (startup), one
logging set-up without phone numbers (logs), the process services (Services), the Redis keyspace
(store) and the type of its client, whose replies are decoded (DecodedRedis), queues and the
worker, every RQ job's name, id and retry policy (jobs), the console simulator's sandbox, privacy
(keyed hashes, encryption, masking), the audit log, dates and weekly hours, counters and
channels. Its modules are its API: `from hotline.platform import store`.
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
from hotline.platform.config import EX_CONFIG, PRODUCTION, TESTING, ConfigError, Settings
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
from hotline.platform.decoded import DecodedPipeline, DecodedRedis
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
    jobs,
    logs,
    office,
    persistence,
    queues,
    reminder_offsets,
    sandbox,
    schedule,
    services,
    startup,
    store,
    worker,
)

__all__ = [
    "CHANNELS",
    "COUNTERS",
    "EX_CONFIG",
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
    "DecodedPipeline",
    "DecodedRedis",
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
    "jobs",
    "load_key",
    "logs",
    "mask",
    "office",
    "parse_number",
    "parse_recipient",
    "parse_sender",
    "persistence",
    "queues",
    "read_counters",
    "reminder_offsets",
    "sandbox",
    "schedule",
    "scrub",
    "services",
    "startup",
    "store",
    "worker",
]
