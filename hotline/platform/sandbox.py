"""The console simulator's sandbox: a Redis database of its own, so no simulated text can reach
a real texter.

Any staff account may type any phone number into the console's simulator. On the live data
that let them lift a texter's STOP, subscribe them to a topic, cancel (and so reveal) their
callback, erase them, or learn whether a number ever wrote to the hotline. A reserved range of
test numbers would still have run on the live keyspace: staff alerts, reports and metrics
would count the tests, and one typo outside the range would be a real texter again. So the
simulator never runs on the live data. `services_for(live)` gives it Services whose Redis
clients are connected to another logical database (`HOTLINE_SIMULATOR_REDIS_URL`, by default
the live server's next database), with a privacy key derived for the sandbox and no Twilio
credentials:

- every key the engine, the handlers and their Lua scripts read or write is in that database:
  no code path can name a live key, whatever number is typed;
- the jobs the handlers enqueue (staff alerts, notices, translations) wait in the sandbox's own
  RQ queues, which no worker serves: nothing is sent, not even to staff;
- reports, `/metrics` and the RQ dashboard read the live database: nothing simulated counts;
- texter ids are keyed differently, so even both databases together do not tell whether a
  number typed into the simulator belongs to a texter.

A database that holds anything but a sandbox is refused (the marker key), and so is the live
database itself, however its URL is spelled (a probe key written through the live client must
not be visible through the sandbox's). The sandbox starts empty (no workshops, staff or
callbacks of the live line) and is wiped by `reset`: the console's button and, once it was
used, the daily retention sweep.

Switch: outside production the console simulator is on; in production it is off until an admin
turns it on (`set_enabled`). Every switch, reset and simulated message is audited in the live
log: who, the channel and the topic answered, never the number or the text.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import secrets
from typing import Literal, cast, overload

import redis

from hotline.platform import audit, store
from hotline.platform.decoded import DecodedRedis
from hotline.platform.privacy import Privacy, load_key
from hotline.platform.services import Services

EXTRAS_KEY = "sandbox"  # live.extras: this process's sandbox Services, built on first use
ON, OFF = "on", "off"
SIMULATOR_USED = "simulator.used"  # audit: a console user sent a text to the sandbox
SIMULATOR_ON = "simulator.turned_on"  # audit: an admin turned the console simulator on
SIMULATOR_OFF = "simulator.turned_off"  # audit: ... and off
SIMULATOR_RESET = "simulator.reset"  # audit: the sandbox was wiped


class SandboxError(RuntimeError):
    """The sandbox cannot be used: no separate database is available (the simulator stays off)."""


def is_enabled(live: Services) -> bool:
    """Whether the console simulator may be used: an admin's choice, else on outside production."""
    choice = live.redis.get(store.simulator_switch())
    if choice in (ON, OFF):
        return choice == ON
    return not live.settings.is_production


def set_enabled(live: Services, enabled: bool, actor: str) -> None:
    """An admin turns the console simulator on or off (audited). Turning it on checks first that
    the sandbox database is usable, so it is never on without its sandbox."""
    if enabled:
        services_for(live)
    live.redis.set(store.simulator_switch(), ON if enabled else OFF)
    audit.record(live.redis, SIMULATOR_ON if enabled else SIMULATOR_OFF, actor=actor)


def services_for(live: Services) -> Services:
    """The sandbox Services of this process (built once): same content and clock, another
    database, another privacy key, outbox mode. Raises SandboxError when it cannot be apart."""
    built = live.extras.get(EXTRAS_KEY)
    if built is None:
        built = live.extras.setdefault(EXTRAS_KEY, _build(live))
    return cast(Services, built)  # extras holds objects of any kind; this key, the sandbox's


def _build(live: Services) -> Services:
    url, database = _location(live)
    client = _connect(url, database, decode=True)
    _check_apart(live.redis, client)
    _claim(client)
    settings = dataclasses.replace(
        live.settings, twilio_account_sid="", twilio_auth_token="", twilio_messaging_service_sid=""
    )
    return dataclasses.replace(
        live,
        settings=settings,
        redis=client,
        rq_redis=_connect(url, database, decode=False),
        privacy=Privacy(_sandbox_key(load_key(live.settings))),
        extras={},
    )


def _location(live: Services) -> tuple[str, int | None]:
    """The sandbox's URL and database: the configured URL as it is, else the live server's
    next database."""
    if live.settings.simulator_redis_url:
        return live.settings.simulator_redis_url, None
    live_db = int(live.redis.connection_pool.connection_kwargs.get("db") or 0)
    return live.settings.redis_url, live_db + 1


@overload
def _connect(url: str, database: int | None, *, decode: Literal[True]) -> DecodedRedis: ...
@overload
def _connect(url: str, database: int | None, *, decode: Literal[False]) -> redis.Redis: ...
def _connect(url: str, database: int | None, *, decode: bool) -> DecodedRedis | redis.Redis:
    client = store.connect(url, decode=decode)
    if database is not None:  # from_url lets a /0 in the URL win over a db argument
        client.connection_pool.connection_kwargs["db"] = database
    return client


def _check_apart(live: DecodedRedis, sandbox: DecodedRedis) -> None:
    """Refuse a sandbox client that reaches the live database, however its URL is spelled
    (another host name, a proxy): a key written through the live client must not show."""
    probe = store.sandbox_probe(secrets.token_hex(8))
    live.set(probe, 1, ex=60)
    try:
        same = bool(sandbox.exists(probe))
    finally:
        live.delete(probe)
    if same:
        raise SandboxError("HOTLINE_SIMULATOR_REDIS_URL is the live database")


def _claim(client: DecodedRedis) -> None:
    """Mark an empty database as the sandbox; refuse one holding anything else (live data)."""
    try:
        if client.exists(store.sandbox_marker()):
            return
        if client.dbsize():
            raise SandboxError("the simulator's database holds data that is not a sandbox")
        client.set(store.sandbox_marker(), 1)
    except redis.ResponseError as error:  # e.g. a managed Redis with one database only
        raise SandboxError(f"no second Redis database for the simulator: {error}") from error


def _sandbox_key(live_key: str) -> str:
    """A Fernet key of its own, derived from the live one (nothing more to back up)."""
    digest = hashlib.sha256(b"hotline-sandbox:" + live_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def record_use(live: Services, actor: str, answer: dict) -> None:
    """Audit one simulated message (never its number or text) and note the sandbox holds data."""
    audit.record(
        live.redis,
        SIMULATOR_USED,
        actor=actor,
        channel=answer.get("channel", ""),
        topic=answer.get("topic") or "-",
    )
    live.redis.set(store.sandbox_used(), 1)


def reset(live: Services, actor: str = "") -> None:
    """Wipe the sandbox (texters, callbacks, queued jobs) and audit it when a person asked."""
    sandbox = services_for(live)
    _check_apart(live.redis, sandbox.redis)  # flush only a database that is not the live one
    _claim(sandbox.redis)  # ... and is still marked as the sandbox
    sandbox.redis.flushdb()
    sandbox.redis.set(store.sandbox_marker(), 1)
    live.redis.delete(store.sandbox_used())
    if actor:
        audit.record(live.redis, SIMULATOR_RESET, actor=actor)


def wipe_if_used(live: Services) -> int:
    """The retention sweep's step: wipe a sandbox that holds data (1), else touch nothing (0).

    Only a sandbox that was used is reached, so a Redis without a second database (where the
    simulator was never turned on) is never asked for one."""
    if not live.redis.exists(store.sandbox_used()):
        return 0
    reset(live)
    return 1


def close(live: Services) -> None:
    """Close the sandbox's connections, if this process opened them (tests, shutdown)."""
    sandbox = live.extras.pop(EXTRAS_KEY, None)
    if isinstance(sandbox, Services):
        sandbox.redis.close()
        sandbox.rq_redis.close()
