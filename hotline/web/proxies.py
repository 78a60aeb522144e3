"""Reverse proxies: whose address a request really comes from, and whether it was forwarded.

Behind a load balancer or nginx every request arrives from the proxy's address. The client's
address is then only in `X-Forwarded-For`, which anybody can also write themselves; so it is
believed only from the number of proxies the deployment declares (`HOTLINE_TRUSTED_PROXIES`,
default 0: the header is ignored), with werkzeug's ProxyFix taking that many hops from the
right (installed by `hotline.app.create_app`). The login lock-out counts per address on the
result (hotline/accounts/login_guard.py).

Loopback-only endpoints (`/metrics` without a token, the bare `/simulator/`) must not mistake a
local proxy for a local user: any request carrying forwarding headers counts as remote there.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Request
from werkzeug.datastructures import Headers

LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
FORWARDING_HEADERS = (
    "X-Forwarded-For",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "X-Forwarded-Server",
    "X-Real-IP",
    "Forwarded",
    "Via",
)


def is_forwarded(headers: Headers | Mapping[str, str]) -> bool:
    """True when a proxy (or someone pretending to be one) touched the request."""
    return any(headers.get(name) for name in FORWARDING_HEADERS)


def is_direct_loopback(request: Request) -> bool:
    """True for a request from this very machine that no proxy forwarded.

    Checked on the address the TCP peer had, before ProxyFix rewrote it.
    """
    original = request.environ.get("werkzeug.proxy_fix.orig", {})
    peer = original.get("REMOTE_ADDR", request.remote_addr)
    return peer in LOOPBACK and not is_forwarded(request.headers)
