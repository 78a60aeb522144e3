"""Replies people can tap on WhatsApp: the step between the engine's reply and the TwiML.

Handlers mark the replies WhatsApp could show with taps (`Reply.interactive`: the main menu,
"did you mean…?", the workshop list). A texter who just wrote is inside WhatsApp's 24-hour
window, so such a reply can go as an interactive template. TwiML's `<Message>` cannot carry a
ContentSid, so `deliver` queues it through `hotline.outbound` (the record saved, then its send
job) and the webhook answers with an empty TwiML. The template's SID comes from the Redis cache
(hotline/outbound/whatsapp_templates.py); until a worker has created it, and for SMS, the text
is the TwiML reply as before.

The message is queued under the idempotency key `reply:<MessageSid>`, after the engine has
saved the texter's state. A redelivered MessageSid (the engine answers it with the stored
text) finds that key taken: nothing is sent twice, and the TwiML stays empty.
"""

from __future__ import annotations

from dataclasses import replace

from hotline import outbound
from hotline.conversation import abuse
from hotline.conversation.context import Reply
from hotline.conversation.inbound import WHATSAPP, InboundMessage
from hotline.outbound import OutboundRequest, whatsapp_templates
from hotline.platform import Services

PURPOSE = abuse.REPLY  # the outbound purpose of a webhook reply sent as a template (uncapped)


def idempotency_key(message: InboundMessage) -> str:
    """The one outbound message a webhook reply may become."""
    return f"reply:{message.message_sid}"


def deliver(services: Services, message: InboundMessage, reply: Reply) -> bool:
    """Queue the reply as its WhatsApp template when one is ready; True when the reply goes
    (or went, for a redelivery) through outbound, so the TwiML must say nothing."""
    if message.channel != WHATSAPP or not message.message_sid:
        return False
    if outbound.claimed(services.redis, idempotency_key(message)):
        return True  # a redelivery of a message answered this way
    if reply.interactive is None or not reply.text:
        return False
    language = reply.language or services.settings.default_language
    tappable = whatsapp_templates.ready(services, reply.interactive, language)
    if tappable is None:
        return False  # not created yet (asked for) or not showable: the text goes
    request = OutboundRequest(
        to=message.sender,
        channel=WHATSAPP,
        purpose=PURPOSE,
        idempotency_key=idempotency_key(message),
        body=reply.text,
        language=reply.language,
        texter_id=services.privacy.texter_id(message.sender),
        interactive=replace(tappable, menu=reply.menu or "", sms_text=reply.interactive.sms_text),
    )
    outbound.queue(services, request)
    return True
