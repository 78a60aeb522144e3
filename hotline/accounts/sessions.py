"""Console sessions held server-side, so that logging out or 8 hours really end a session.

Flask's session is a signed cookie: on its own, a cookie copied before a logout (a shared
laptop, a browser profile backup) would keep working until it expires, and nothing on the server
could end it. So each login opens a session record in Redis, named by a digest of a random id
that only the cookie carries; every request checks it, logout deletes it, and it dies
`SESSION_HOURS` after the login however busy the session was (one working shift, then a fresh
login). A password or role change or disabling the account still ends every session of that
account at once (`users.session_epoch`). Ages are wall-clock time (a session is a working
shift), not the services' clock, which tests move to fixed business days.

Session lifecycle::

    (login) --open--> live --logout (close)--> gone
    live --SESSION_HOURS after opening--> expired (refused; Redis drops the record)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time

from hotline.platform import DecodedRedis, store

SESSION_HOURS = 8
LIFETIME = dt.timedelta(hours=SESSION_HOURS)


def _record_key(session_id: str) -> str:
    # Only a digest in Redis: a copy of the data cannot be turned back into a session id.
    return store.console_session(hashlib.sha256(session_id.encode()).hexdigest())


def open_session(r: DecodedRedis, email: str) -> str:
    """Open a session for `email`; returns its id (kept in the signed cookie only)."""
    session_id = secrets.token_urlsafe(24)
    key = _record_key(session_id)
    r.hset(key, mapping={"email": email, "opened": int(time.time())})
    r.expire(key, int(LIFETIME.total_seconds()))
    return session_id


def is_live(r: DecodedRedis, session_id: str, email: str) -> bool:
    """True when this session was opened for `email`, is not closed and is under 8 hours old."""
    if not session_id:
        return False
    record = r.hgetall(_record_key(session_id))
    if record.get("email") != email:
        return False
    return time.time() < int(record.get("opened", 0)) + LIFETIME.total_seconds()


def close(r: DecodedRedis, session_id: str) -> None:
    """End one session (logout): its cookie, wherever copied, no longer opens anything."""
    if session_id:
        r.delete(_record_key(session_id))
