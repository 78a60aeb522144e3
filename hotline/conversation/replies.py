"""Which list a quoted reply answers: "3", swiped onto an old list, picks from that list.

On WhatsApp a texter can quote an earlier message (`OriginalRepliedMessageSid`). A number sent
that way means an item of the list in the quoted message, not of the list seen last. The
webhook's TwiML reply asks Twilio to report the reply's SID (`<Message action=…>`, POST
/twilio/replied?menu=<list>), and `remember` keeps SID -> list for `store.REPLY_MENU_TTL`; a
message sent through `outbound` is found by its SID and its record's `menu`. The key holds a
SID and a list id only, nothing about the texter.
"""

from __future__ import annotations

import re

from hotline.platform import DecodedRedis, store

SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
MENU = re.compile(r"^[a-z0-9_]{1,32}$")


def remember(client: DecodedRedis, sid: str, menu: str) -> bool:
    """Record that the message `sid` showed the list `menu`; False for a malformed report."""
    if not SID.match(sid) or not MENU.match(menu):
        return False
    client.set(store.reply_menu(sid), menu, ex=store.REPLY_MENU_TTL)
    return True


def menu_of(client: DecodedRedis, sid: str) -> str:
    """The list shown by the message `sid` ("" when unknown or expired)."""
    if not sid:
        return ""
    menu = client.get(store.reply_menu(sid))
    if menu:
        return menu
    message_id = client.get(store.outbound_by_sid(sid))
    return (client.hget(store.outbound(message_id), "menu") or "") if message_id else ""
