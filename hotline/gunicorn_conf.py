"""Gunicorn settings for the web process (Procfile `web`).

Sized for a small 2-core server: two worker processes with a few threads each (the webhook waits
mostly on Redis). Timeouts stay well below Twilio's 15-second webhook timeout.
"""

import os

_port = os.environ.get("PORT", "5000")
bind = os.environ.get("GUNICORN_BIND") or (
    f"0.0.0.0:{_port}" if "PORT" in os.environ else f"127.0.0.1:{_port}"
)
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 10
graceful_timeout = 10
keepalive = 5
accesslog = None  # access logs would carry nothing private, but add no value here
errorlog = "-"
loglevel = "info"
control_socket_disable = True  # no control socket in $HOME: nothing outside ./var is written
