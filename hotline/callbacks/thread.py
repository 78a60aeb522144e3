"""The case thread: what the texter and staff write to each other while a request is open.

A texter with an open request who sends text that is no keyword is writing to the person
handling it, not asking for the menu: the text is attached to the case (`attach`) and the
claimer alerted — in the console (unread count) and, when the claimer has a staff profile of
the same name, by one SMS per case per ALERT_WINDOW. Staff answer from the case (`write`): the
message leaves through `hotline.outbound` to the number stored on the request, which the
console never shows, and is recorded on the case.

The thread is one Redis list per request (`store.callback_thread`), each entry JSON with the
text Fernet-encrypted. It lives as long as the case and its retention: it expires with the
request, the retention sweep deletes it with the notes 30 days after closing, and OUBLIER
(`hotline.retention`) erases it with the rest. Nothing is attached once the case is closed.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from hotline import outbound
from hotline.callbacks import staff as staff_profiles
from hotline.callbacks.notices import TOPIC
from hotline.callbacks.records import CLAIMED, Callback, CallbackError, get
from hotline.languages import LANGUAGES, REFERENCE_LANGUAGE
from hotline.outbound import OutboundRequest
from hotline.platform import CHANNELS, Services, audit, queues, store

INBOUND = "in"
OUTBOUND = "out"
TEXT_MAX = 1600  # Twilio's limit for one message body
REPLY_PURPOSE = "callback_reply"
ALERT_PURPOSE = "callback_message_alert"
ALERT_WINDOW = 600  # seconds: at most one SMS alert per case in this window
MESSAGE_SENT = "callback.message_sent"  # audit action (the text itself is never audited)

# Append one entry if the request is still open and no entry carries this token yet.
_APPEND = """
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'waiting' and status ~= 'claimed' then return 0 end
if ARGV[2] ~= '' then
  for _, entry in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
    if string.find(entry, ARGV[2], 1, true) then return 0 end
  end
end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'thread', 1)
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'unread', 1) end
return 1
"""


@dataclass(frozen=True)
class ThreadMessage:
    """One message of a case: from the texter (in) or from staff (out)."""

    direction: str
    at: float
    text: str
    channel: str
    staff: str = ""
    token: str = ""  # outbound messages: the idempotency token of the staff's form


def new_token() -> str:
    """A token for one reply form, so a double submit sends one message."""
    return secrets.token_hex(16)


def _append(services: Services, request: Callback, message: ThreadMessage) -> bool:
    entry = {
        "direction": message.direction,
        "at": message.at,
        "text": services.privacy.encrypt(message.text),
        "channel": message.channel,
        "staff": message.staff,
        "token": message.token,
    }
    keys = (store.callback(request.ref), store.callback_thread(request.ref))
    unread = "1" if message.direction == INBOUND else "0"
    added = services.redis.eval(_APPEND, 2, *keys, json.dumps(entry), message.token, unread)
    return bool(added)


def attach(services: Services, request: Callback, text: str, channel: str) -> bool:
    """The texter wrote to their open case: keep the text on it and alert the claimer."""
    message = ThreadMessage(INBOUND, services.clock().timestamp(), text[:TEXT_MAX], channel)
    if not _append(services, request, message):
        return False
    _alert_claimer(services, request)
    return True


def _alert_claimer(services: Services, request: Callback) -> str:
    """One SMS per case and window to the claimer's staff profile, if they have one."""
    member = staff_profiles.get(services, request.staff) if request.status == CLAIMED else None
    if member is None:
        return ""
    window = int(services.clock().timestamp() // ALERT_WINDOW)
    language = next((lang for lang in member.languages if lang in LANGUAGES), REFERENCE_LANGUAGE)
    alert = OutboundRequest(
        to=staff_profiles.phone_number(services, member),
        channel="sms",
        purpose=ALERT_PURPOSE,
        idempotency_key=f"callback:{request.ref}:message-alert:{window}",
        topic=TOPIC,
        message="staff_new_message",
        fields={"ref": request.ref},
        language=language,
        queue_name=queues.URGENT,
    )
    return outbound.queue(services, alert)


def write(
    services: Services, ref: str, *, staff: str, actor: str, text: str, channel: str, token: str
) -> str:
    """Send staff's message to the texter of an open case; returns the outbound message id.

    Recorded on the case first, then queued; the same `token` again sends and records nothing
    more (a double submit, a retry after an error).
    """
    request = get(services, ref)
    text = text.strip()
    if request is None or not request.is_open:
        raise CallbackError(f"{ref} is not open")
    if not text or len(text) > TEXT_MAX or channel not in CHANNELS or not token:
        raise CallbackError("a message of 1 to 1600 characters, by SMS or WhatsApp")
    now = services.clock().timestamp()
    _append(services, request, ThreadMessage(OUTBOUND, now, text, channel, staff, token))
    reply = OutboundRequest(
        to=services.privacy.decrypt(request.phone),
        channel=channel,
        purpose=REPLY_PURPOSE,
        idempotency_key=f"callback:{request.ref}:reply:{token}",
        body=text,
        language=request.language,
        texter_id=request.texter_id,
        queue_name=queues.URGENT,
    )
    message_id = outbound.queue(services, reply)
    about = f"callback:{request.ref}"
    audit.record(services.redis, MESSAGE_SENT, actor=actor, about=about, channel=channel)
    return message_id


def messages(services: Services, ref: str) -> list[ThreadMessage]:
    """The case's messages, oldest first, texts decrypted (for the case view only)."""
    rows = services.redis.lrange(store.callback_thread(ref), 0, -1)
    decoded = [json.loads(row) for row in rows]
    return [
        ThreadMessage(**{**row, "text": services.privacy.decrypt(row["text"])}) for row in decoded
    ]


def mark_read(services: Services, ref: str) -> None:
    """Staff opened the case: its texter messages are no longer new."""
    script = (
        "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'unread', 0) end"
    )
    services.redis.eval(script, 1, store.callback(ref))
