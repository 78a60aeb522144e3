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

from collections.abc import Iterator

import redis
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry
from rq import Worker

from hotline import callbacks
from hotline.languages import LANGUAGES
from hotline.platform import (
    CHANNELS,
    COUNTERS,
    MATCHES,
    OTHER,
    SEPARATOR,
    STATUSES,
    CounterSpec,
    Services,
    closed,
    error_code,
    queues,
    read_counters,
    store,
)
from hotline.understanding import KINDS as MATCH_KINDS
from hotline.understanding import UNKNOWN


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
    by_status = dict.fromkeys(callbacks.STATUSES, 0)
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
    waiting = callbacks.load_many(services, callbacks.waiting_refs(services))
    now = services.clock().timestamp()
    family = GaugeMetricFamily(
        "hotline_callback_oldest_waiting_seconds",
        "Age of the oldest waiting callback request, by priority (0 when none waits).",
        labels=("priority",),
    )
    for priority in callbacks.PRIORITIES:
        created = [r.created_at for r in waiting if r.priority == priority and r.created_at]
        family.add_metric([priority], max(0.0, now - min(created)) if created else 0.0)
    return family


def registry(collector: Collector) -> CollectorRegistry:
    """A private registry holding only `collector` (no process metrics: they are per process)."""
    built = CollectorRegistry(auto_describe=False)
    built.register(collector)
    return built
