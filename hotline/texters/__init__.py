"""What the hotline remembers about one number, by keyed hash: language (explicit or
inferred), opt-out, last list shown, channel and the encrypted number.
"""

from __future__ import annotations

from hotline.texters.state import (
    EXPLICIT,
    INFERRED,
    LOAD_REPLIES,
    Texter,
    from_replies,
    guess_language,
    is_opted_out,
    load,
    phone_token,
    read,
    record_inbound,
    resolve_language,
    set_language,
    set_last_menu,
    set_opted_out,
)

__all__ = [
    "EXPLICIT",
    "INFERRED",
    "LOAD_REPLIES",
    "Texter",
    "from_replies",
    "guess_language",
    "is_opted_out",
    "load",
    "phone_token",
    "read",
    "record_inbound",
    "resolve_language",
    "set_language",
    "set_last_menu",
    "set_opted_out",
]
