"""The final form of a saved message: which channel, which template, which text (send rules).

A record says what the hotline means to send; what actually leaves is decided at send time
(hotline/outbound/delivery.py), because it depends on the moment: WhatsApp outside its 24-hour
window takes an approved template or falls back to SMS, a reply with taps goes as its
interactive template, and content messages are rendered in the texter's language for the
channel actually used.
"""

from __future__ import annotations

from hotline import texters
from hotline.outbound import messages as outbound
from hotline.outbound import senders, whatsapp
from hotline.outbound.records import OutboundMessage
from hotline.outbound.whatsapp_templates import Tappable
from hotline.platform import SMS, WHATSAPP, Services
from hotline.text import sms


def plan(services: Services, record: OutboundMessage) -> senders.Outgoing:
    """The final message: WhatsApp outside the 24-hour window becomes a template or an SMS; a
    reply with taps goes as its interactive template (its text when that is refused)."""
    if record.channel == WHATSAPP and record.outside_window:
        # Twilio said so (hotline/outbound/delivery_reports.py)
        return outside_window(services, record)
    if record.channel == WHATSAPP and record.unsolicited:
        texter = texters.load(services.redis, record.texter_id)
        if not whatsapp.in_window(texter.last_inbound, services.clock().timestamp()):
            return outside_window(services, record)
    tappable = Tappable.of(record)
    if record.channel == WHATSAPP and tappable is not None:
        to = outbound.recipient(services, record)
        return tappable.outgoing(record.id, to, _text(services, record, WHATSAPP))
    return free_form(services, record, record.channel)


def outside_window(services: Services, record: OutboundMessage) -> senders.Outgoing:
    """The approved template for this purpose and language, else the SMS version."""
    template = whatsapp.template_for(
        services.settings.whatsapp_templates, record.purpose, record.language
    )
    if template is None:
        return free_form(services, record, SMS)
    return senders.Outgoing(
        message_id=record.id,
        to=outbound.recipient(services, record),
        channel=WHATSAPP,
        content_sid=template.content_sid,
        content_variables=template.fill(record.fields),
    )


def free_form(services: Services, record: OutboundMessage, channel: str) -> senders.Outgoing:
    """The message as plain text on `channel` (no template): also the fallback of a refused
    interactive template, so a reply is never silence."""
    return senders.Outgoing(
        message_id=record.id,
        to=outbound.recipient(services, record),
        channel=channel,
        body=_text(services, record, channel),
    )


def _text(services: Services, record: OutboundMessage, channel: str) -> str:
    if channel == SMS and record.sms_body:  # a WhatsApp reply's own SMS wording
        return record.sms_body
    if record.body:
        return record.body
    message = record.message or "answer"
    return services.content.render(record.topic, message, record.language, channel, **record.fields)


def cost(message: senders.Outgoing) -> int:
    """Pacing cost: SMS segments, or one WhatsApp message."""
    if message.channel == WHATSAPP:
        return 1
    return sms.segment_info(message.body).segments
