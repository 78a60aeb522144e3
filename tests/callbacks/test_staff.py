"""Staff profiles: saved with an encrypted phone, shown masked, picked for alerts."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.callbacks import staff
from hotline.platform import store

MONDAY = dt.datetime(2031, 3, 3, 9, 30, tzinfo=dt.UTC)


def test_add_get_list_remove(services):
    member = staff.add(services, "Amina B.", phone="0470 12 34 56", languages=["fr", "ar"])
    assert member.slug == "amina-b"
    assert member.hours == services.settings.office_hours
    raw = services.redis.hgetall(store.staff_member("amina-b"))
    assert "470" not in raw["phone"]
    assert staff.phone_number(services, member) == "+32470123456"
    assert staff.get(services, "AMINA b") == member
    [shown] = [staff.public(services, m) for m in staff.everyone(services)]
    assert shown == {
        "name": "Amina B.",
        "languages": ["fr", "ar"],
        "phone": "+32 4•• •• •• 56",
        "hours": "mon-fri 09:00-17:00",
    }
    assert staff.remove(services, "amina b.") and staff.everyone(services) == []


@pytest.mark.parametrize(
    ("languages", "phone", "hours"),
    [(["xx"], "+32470000000", ""), ([], "+32470000000", ""), (["fr"], "nope", ""),
     (["fr"], "+32470000000", "always")],
)  # fmt: skip
def test_bad_profiles_are_refused(services, languages, phone, hours):
    with pytest.raises(staff.StaffError):
        staff.add(services, "X", phone=phone, languages=languages, hours=hours)


def test_to_alert_prefers_speakers_on_duty(services):
    staff.add(services, "A", phone="+32470000001", languages=["fr"])
    staff.add(services, "B", phone="+32470000002", languages=["ar"], hours="sat 09:00-17:00")
    staff.add(services, "C", phone="+32470000003", languages=["nl", "ar"])
    assert [m.name for m in staff.to_alert(services, "ar", MONDAY)] == ["C"]
    assert [m.name for m in staff.to_alert(services, "tr", MONDAY)] == ["A", "C"]
    night = MONDAY.replace(hour=22)
    assert staff.to_alert(services, "fr", night) == []
