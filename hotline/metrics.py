"""Prometheus metrics for the whole deployment: counted in Redis, exposed at scrape time.

Why counters live in Redis and not in prometheus_client's multiprocess mode: the hotline runs as
several gunicorn worker processes *and* separate RQ worker processes, possibly on several
machines, all on one Redis. Multiprocess mode only adds up processes on one host that share a
directory of mmap files (and must be cleaned when a process dies); a counter in Redis (one
HINCRBY, sent in one pipelined round trip per webhook) is the deployment-wide total whichever
process is scraped, so any web process can answer `GET /metrics` and a load balancer may pick
any. Counters survive restarts; Prometheus' `rate()` copes with the rare reset (FLUSHDB).
Gauges (queue lengths, callback waiting time) are read from Redis when Prometheus scrapes.

Labels come only from closed sets — channels, the nine languages, content topic ids, match
kinds, message statuses, numeric Twilio error codes of at most 5 digits — so no phone number
and no free text ever becomes a label: anything else is counted as "other". Unknown texts
themselves stay in `store.unknown_texts()` for the coordinators, never in a label.

This module is plain Python (no Flask): the engine and the workers record, the web edge
(`hotline.metrics_web`) serves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import redis
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry
from rq import Worker

from hotline import callback_store, queues, store
from hotline.content import LANGUAGES
from hotline.inbound import CHANNELS
from hotline.services import Services
from hotline.understanding import KINDS, UNKNOWN

OTHER = "other"
NONE = "none"
SEPARATOR = "|"
MATCH_KINDS = KINDS
# Twilio's message statuses, plus "skipped" (the hotline decided not to send).
STATUSES = frozenset(
    {
        "queued",
        "sending",
        "sent",
        "delivered",
        "undelivered",
        "failed",
        "read",
        "accepted",
        "scheduled",
        "canceled",
        "partially_delivered",
        "skipped",
    }
)
_ERROR_CODE = re.compile(r"\d{1,5}")  # Twilio codes are 5 digits; a phone number never fits


@dataclass(frozen=True)
class CounterSpec:
    """One shared counter: its Redis hash, Prometheus name, help text and label names."""

    key: str
    name: str
    help: str
    labels: tuple[str, ...]


INBOUND = CounterSpec(
    "inbound",
    "hotline_inbound_messages",
    "Inbound messages answered, by channel and the language answered in.",
    ("channel", "language"),
)
REPLIES = CounterSpec(
    "replies", "hotline_replies", "Replies sent in the webhook answer, by topic.", ("topic",)
)
MATCHES = CounterSpec(
    "matches", "hotline_matches", "Inbound messages by how the keyword matched.", ("kind",)
)
OUTBOUND = CounterSpec(
    "outbound",
    "hotline_outbound_messages",
    "Outbound message status changes, by status and Twilio error code (none = no error).",
    ("status", "error_code"),
)
COUNTERS = (INBOUND, REPLIES, MATCHES, OUTBOUND)


def closed(value: str, allowed: Iterable[str]) -> str:
    """`value` when it belongs to the closed set `allowed`, else "other" (never free text)."""
    return value if value in allowed else OTHER


def error_code(code: object) -> str:
    """A Twilio error code as a label: digits only (at most 5), "none" when absent."""
    text = str(code or "").strip()
    if not text or text == NONE:
        return NONE
    return text if _ERROR_CODE.fullmatch(text) else OTHER


def record_answer(
    client: redis.Redis,
    *,
    channel: str,
    language: str,
    topic: str,
    match_kind: str,
    topics: Iterable[str],
) -> None:
    """Count one answered inbound message; `topics`: the known ids.

    Only issues commands: the engine passes its pipeline so this costs no round trip.
    """
    labels = (closed(channel, CHANNELS), closed(language, LANGUAGES))
    client.hincrby(store.metric(INBOUND.key), SEPARATOR.join(labels), 1)
    if topic:
        client.hincrby(store.metric(REPLIES.key), closed(topic, topics), 1)
    client.hincrby(store.metric(MATCHES.key), closed(match_kind, MATCH_KINDS), 1)


def record_outbound(client: redis.Redis, status: str, code: object = "") -> None:
    """Count one outbound message reaching `status` (with Twilio's error code, if any)."""
    field = SEPARATOR.join((closed(status, STATUSES), error_code(code)))
    client.hincrby(store.metric(OUTBOUND.key), field, 1)


def read_counters(client: redis.Redis) -> dict[str, dict[str, int]]:
    """Every shared counter's values, by counter key then "label|label" field."""
    pipe = client.pipeline(transaction=False)
    for spec in COUNTERS:
        pipe.hgetall(store.metric(spec.key))
    values = pipe.execute()
    return {
        spec.key: {field: int(count) for field, count in raw.items()}
        for spec, raw in zip(COUNTERS, values, strict=True)
    }


class HotlineCollector(Collector):
    """Builds every metric from Redis when Prometheus scrapes (no state in this process)."""

    def __init__(self, services: Services):
        self.services = services
        self.topics = frozenset(services.content.topics)

    def collect(self) -> Iterator[Metric]:
        """Counters, queue gauges, callback gauges."""
        yield from self._counters()
        yield from queue_metrics(self.services.rq_redis)
        yield from callback_metrics(self.services)

    def _counters(self) -> Iterator[Metric]:
        counts = read_counters(self.services.redis)
        for spec in COUNTERS:
            family = CounterMetricFamily(spec.name, spec.help, labels=spec.labels)
            for field, count in sorted(counts[spec.key].items()):
                family.add_metric(self._labels(spec, field), count)
            yield family
        unknown = CounterMetricFamily(
            "hotline_unknown_keywords",
            "Inbound messages matching no keyword (answered with the menu).",
        )
        unknown.add_metric([], counts[MATCHES.key].get(UNKNOWN, 0))
        yield unknown

    def _labels(self, spec: CounterSpec, field: str) -> list[str]:
        """Label values read back from Redis, re-checked against the closed sets."""
        parts = field.split(SEPARATOR)
        if len(parts) != len(spec.labels):
            return [OTHER] * len(spec.labels)
        allowed = {
            "channel": CHANNELS,
            "language": LANGUAGES,
            "topic": self.topics,
            "kind": MATCH_KINDS,
            "status": STATUSES,
        }
        return [
            error_code(value) if name == "error_code" else closed(value, allowed[name])
            for name, value in zip(spec.labels, parts, strict=True)
        ]


def queue_metrics(rq_client: redis.Redis) -> Iterator[Metric]:
    """Jobs per RQ queue and state (waiting, running, scheduled, failed), read without cleanup."""
    family = GaugeMetricFamily(
        "hotline_queue_jobs",
        "RQ jobs per queue and state (queued = waiting for a worker).",
        labels=("queue", "state"),
    )
    for queue in queues.all_queues(rq_client):
        family.add_metric([queue.name, "queued"], queue.count)
        registries = {
            "started": queue.started_job_registry,
            "scheduled": queue.scheduled_job_registry,
            "failed": queue.failed_job_registry,
        }
        for state, registry in registries.items():
            family.add_metric([queue.name, state], registry.get_job_count(cleanup=False))
    yield family
    workers = GaugeMetricFamily("hotline_rq_workers", "RQ worker processes alive (all hosts).")
    workers.add_metric([], Worker.count(connection=rq_client))
    yield workers


def callback_metrics(services: Services) -> Iterator[Metric]:
    """Callback requests by status, and how long the oldest waiting one has waited, by priority.

    Read-only (no pruning): one pipelined HGET per stored request for its status, then the
    waiting ones in full. Staff queues hold hundreds of requests, not millions.
    """
    client = services.redis
    refs = client.zrange(store.callbacks_all(), 0, -1)
    pipe = client.pipeline(transaction=False)
    for ref in refs:
        pipe.hget(store.callback(ref), "status")
    by_status = dict.fromkeys(callback_store.STATUSES, 0)
    for status in pipe.execute():
        if status in by_status:
            by_status[status] += 1
    family = GaugeMetricFamily(
        "hotline_callbacks", "Callback requests stored, by status.", labels=("status",)
    )
    for status, count in by_status.items():
        family.add_metric([status], count)
    yield family
    yield _oldest_waiting(services)


def _oldest_waiting(services: Services) -> Metric:
    waiting = callback_store.load_many(services, callback_store.waiting_refs(services))
    now = services.clock().timestamp()
    family = GaugeMetricFamily(
        "hotline_callback_oldest_waiting_seconds",
        "Age of the oldest waiting callback request, by priority (0 when none waits).",
        labels=("priority",),
    )
    for priority in callback_store.PRIORITIES:
        created = [r.created_at for r in waiting if r.priority == priority and r.created_at]
        family.add_metric([priority], max(0.0, now - min(created)) if created else 0.0)
    return family


def registry(collector: Collector) -> CollectorRegistry:
    """A private registry holding only `collector` (no process metrics: they are per process)."""
    built = CollectorRegistry(auto_describe=False)
    built.register(collector)
    return built
