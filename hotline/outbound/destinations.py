"""Where the hotline may send an SMS it was not asked for in a webhook reply: a country allow-list.

SMS pumping: someone makes the hotline text numbers they profit from (premium, satellite and
some foreign ranges pay the caller's network per message). A missed call is signed by Twilio,
but its caller id can be spoofed, and each one used to earn a confirmation SMS; 300 of them sent
100 SMS to such ranges. So every SMS the outbound pipeline sends — confirmations, callback
notices, reminders, broadcasts, staff alerts, and WhatsApp messages falling back to SMS — goes
only to countries in `HOTLINE_SMS_COUNTRIES` (default Belgium and its neighbours: BE NL FR DE
LU; `*` = any; empty = none); anything else is skipped before it costs anything. Replies in the
webhook's TwiML are not affected: a texter abroad still gets the answer to their own SMS, which
costs what their message cost.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

from hotline.platform import Settings

ANY = "*"
SKIP_REASON = "country"  # outbound records skipped for a destination outside the allow-list


@lru_cache(maxsize=8)
def allowed_countries(setting: str) -> frozenset[str]:
    """The ISO country codes of a HOTLINE_SMS_COUNTRIES value ("BE, nl FR" -> {BE, NL, FR})."""
    return frozenset(code.upper() for code in setting.replace(",", " ").split())


def sms_allowed(settings: Settings, number: str) -> bool:
    """True when an SMS may go to `number` (E.164); an unparsable number may not (fail closed)."""
    allowed = allowed_countries(settings.sms_countries)
    if ANY in allowed:
        return True
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return False
    return region in allowed
