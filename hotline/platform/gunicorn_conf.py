"""Gunicorn settings for the web process (Procfile `web`).

Sized for a small 2-core server. One worker process per core: the webhook's own work (signature,
matching, rendering) is CPU-bound Python, so more processes than cores only add switching.
Four threads per process hide the Redis round trips (a webhook waits on Redis several times), so
a slow Redis answer does not stall the other requests of that process. Scale out by adding web
processes (or machines) on the same Redis, not by raising these numbers: WEB_CONCURRENCY and
GUNICORN_THREADS override them (bench/webhook.py passes them through to compare shapes).

Timeouts stay below Twilio's 15-second webhook timeout: a request stuck for 10 s gets its worker
restarted, and Twilio's own retry (or the fallback URL) takes over instead of a hung texter.
"""

import os

_port = os.environ.get("PORT", "5000")
bind = os.environ.get("GUNICORN_BIND") or (
    f"0.0.0.0:{_port}" if "PORT" in os.environ else f"127.0.0.1:{_port}"
)
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 10  # < Twilio's 15 s: a stuck worker is replaced before Twilio gives up
graceful_timeout = 10  # on deploy/restart, requests in flight may finish
keepalive = 5  # Twilio and the load balancer reuse connections
max_requests = 20_000  # recycle workers now and then, so a slow leak cannot grow for months
max_requests_jitter = 2_000  # ...not all at the same moment
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's own advice: heartbeat files on tmpfs, not a slow disk
if os.path.isdir(_SHM):
    worker_tmp_dir = _SHM
accesslog = None  # access logs would carry nothing private, but add no value here
errorlog = "-"
loglevel = "info"
