"""Gunicorn settings for the web process (Procfile `web`, deploy/systemd/hotline-web.service).

gunicorn reads this file in its master process before any worker boots, so the hotline's
settings are checked here (hotline/platform/startup.py): a bad or misspelt setting, a production
process without its secrets or without REDIS_URL, stops gunicorn with one line per problem and
exit status 78 instead of a traceback per worker. Logging is the hotline's
(hotline/platform/logs.py): gunicorn's own lines and the app's INFO lines go to stderr in the
same format.

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

# gunicorn puts its working directory (the app's) first on sys.path before reading this file,
# so this works where only requirements.txt was installed (a buildpack) as well as in a venv.
from hotline.platform import logs, startup
from hotline.platform.config import ConfigError

try:
    _settings = startup.web_settings()
    _server = startup.web_server(os.environ)
except ConfigError as error:
    startup.refuse(error)

bind = _server.bind
workers = _server.workers
threads = _server.threads
worker_class = "gthread"
timeout = 10  # < Twilio's 15 s: a stuck worker is replaced before Twilio gives up
graceful_timeout = 10  # on deploy/restart, requests in flight may finish
keepalive = 5  # Twilio and the load balancer reuse connections
max_requests = 20_000  # recycle workers now and then, so a slow leak cannot grow for months
max_requests_jitter = 2_000  # ...not all at the same moment
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's own advice: heartbeat files on tmpfs, not a slow disk
if os.path.isdir(_SHM):
    worker_tmp_dir = _SHM
control_socket_disable = True  # unused; several web processes on one host would share its path
accesslog = None  # access logs would carry nothing private, but add no value here
errorlog = "-"
loglevel = "info"
logconfig_dict = logs.dict_config(_settings)
logs.install()  # every record scrubbed of numbers, in the master and (inherited) its workers
