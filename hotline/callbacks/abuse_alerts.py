"""Alerts to staff about abuse: audited, sent once per period, never naming a texter.

They go by SMS (content/alerte.yaml) to the staff on duty, or to every staff member when nobody
is on duty. They live with the callbacks domain because they address staff profiles; the
engine's limits (`hotline.conversation.abuse`) and the queue's own hourly rate below raise them.

The hourly rate: at most `settings.callback_rate_per_hour` new callback requests per clock hour
before missed calls stop opening any (each would send an SMS to a caller id that may be spoofed:
SMS pumping); RAPPEL by SMS still opens one (its reply is the webhook's own TwiML); staff are
alerted once per hour while it lasts.
"""

from __future__ import annotations

import logging

from hotline import outbound
from hotline.callbacks import staff
from hotline.languages import LANGUAGES, REFERENCE_LANGUAGE
from hotline.outbound import OutboundRequest
from hotline.platform import SMS, Services, audit, queues, store

log = logging.getLogger("hotline.callbacks.abuse_alerts")

STAFF_ALERT = "abuse_staff_alert"  # outbound purpose of these alerts
ALERT_TOPIC = "alerte"
CALLBACK_RATE = "callback_rate"
HOUR = 3600


def alert_staff(
    services: Services,
    kind: str,
    once_key: str,
    period: int,
    *,
    message: str,
    sms_fields: dict[str, object],
    **fields: object,
) -> bool:
    """Tell staff about an abuse event once per `period` seconds; True when this call alerted.

    The alert is audited and sent by SMS (content/alerte.yaml) to the staff on duty, or to every
    staff member when nobody is on duty; it never names the texter.
    """
    if not services.redis.set(store.alert_sent(once_key), 1, nx=True, ex=period):
        return False
    audit.record(services.redis, f"abuse.{kind}", actor="hotline", reason="", **fields)
    for member in _alert_recipients(services):
        alert = OutboundRequest(
            to=staff.phone_number(services, member),
            channel=SMS,
            purpose=STAFF_ALERT,
            idempotency_key=f"abuse:{once_key}:{member.slug}",
            topic=ALERT_TOPIC,
            message=message,
            fields=sms_fields,
            language=_staff_language(member),
            queue_name=queues.URGENT,
        )
        outbound.queue(services, alert)
    return True


def _alert_recipients(services: Services) -> list[staff.StaffMember]:
    everyone = staff.everyone(services)
    on_duty = [m for m in everyone if staff.is_on_duty(services, m, services.clock())]
    return on_duty or everyone


def _staff_language(member: staff.StaffMember) -> str:
    return next((lang for lang in member.languages if lang in LANGUAGES), REFERENCE_LANGUAGE)


def count_callback_request(services: Services) -> bool:
    """Count one new callback request in this clock hour; False (and the hour's one alert) once
    over `callback_rate_per_hour`. The request is opened all the same: the caller decides."""
    hour = _hour(services)
    pipe = services.redis.pipeline()
    pipe.incr(store.callback_requests_in_hour(hour))
    pipe.expire(store.callback_requests_in_hour(hour), 2 * HOUR)
    count = int(pipe.execute()[0])
    limit = services.settings.callback_rate_per_hour
    if limit <= 0 or count <= limit:
        return True
    _alert_callback_rate(services, hour, limit)
    return False


def callback_rate_reached(services: Services) -> bool:
    """True when this hour's new callback requests reached `callback_rate_per_hour` (staff are
    then alerted, once this hour): a missed call then opens nothing and sends nothing."""
    hour = _hour(services)
    count = int(services.redis.get(store.callback_requests_in_hour(hour)) or 0)
    limit = services.settings.callback_rate_per_hour
    if limit <= 0 or count < limit:
        return False
    _alert_callback_rate(services, hour, limit)
    return True


def _hour(services: Services) -> int:
    return int(services.clock().timestamp() // HOUR)


def _alert_callback_rate(services: Services, hour: int, limit: int) -> None:
    key = f"{CALLBACK_RATE}:{hour}"
    fields: dict[str, object] = {"limit": limit}
    if alert_staff(
        services, CALLBACK_RATE, key, 2 * HOUR, message=CALLBACK_RATE, sms_fields=fields, **fields
    ):
        log.warning("callback rate: %d new requests this hour, missed calls open none", limit)
