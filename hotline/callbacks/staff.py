"""Staff profiles: who calls texters back, in which languages, on which number, when on duty.

A new callback request alerts the staff on duty who speak its language (falling back to anyone on
duty), so each profile holds a name, the hotline languages the person speaks, a phone number for
alerts (stored encrypted, shown masked) and weekly on-duty hours ("mon-fri 09:00-17:00",
defaulting to the office hours).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hotline.languages import LANGUAGES
from hotline.platform import Services, mask, parse_number, schedule, store


class StaffError(ValueError):
    """A profile that cannot be saved (unknown language, bad phone or hours)."""


@dataclass(frozen=True)
class StaffMember:
    """One staff profile; `phone` is the encrypted number."""

    name: str
    languages: tuple[str, ...]
    phone: str
    hours: str

    @property
    def slug(self) -> str:
        """The profile's key: the name, lower-case, without spaces or punctuation."""
        return slugify(self.name)


def slugify(name: str) -> str:
    """ "Amina B." -> "amina-b"."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")


def add(
    services: Services, name: str, *, phone: str, languages: list[str], hours: str = ""
) -> StaffMember:
    """Create or replace a profile; raises StaffError on bad input."""
    if not slugify(name):
        raise StaffError("a name is required")
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown or not languages:
        raise StaffError(f"languages must be among {', '.join(LANGUAGES)}")
    hours = hours or services.settings.office_hours
    try:
        schedule.parse(hours, services.settings.timezone)
        number = parse_number(phone)
    except ValueError as error:
        raise StaffError(str(error)) from error
    member = StaffMember(name.strip(), tuple(languages), services.privacy.encrypt(number), hours)
    _save(services, member)
    return member


def _save(services: Services, member: StaffMember) -> None:
    mapping = {
        "name": member.name,
        "languages": ",".join(member.languages),
        "phone": member.phone,
        "hours": member.hours,
    }
    pipe = services.redis.pipeline()
    pipe.hset(store.staff_member(member.slug), mapping=mapping)
    pipe.sadd(store.staff_index(), member.slug)
    pipe.execute()


def get(services: Services, name: str) -> StaffMember | None:
    """One profile by name (any spelling with the same slug)."""
    data = services.redis.hgetall(store.staff_member(slugify(name)))
    if not data:
        return None
    languages = tuple(lang for lang in data.get("languages", "").split(",") if lang)
    return StaffMember(data["name"], languages, data.get("phone", ""), data.get("hours", ""))


def remove(services: Services, name: str) -> bool:
    """Delete a profile; False when there was none."""
    slug = slugify(name)
    pipe = services.redis.pipeline()
    pipe.delete(store.staff_member(slug))
    pipe.srem(store.staff_index(), slug)
    return bool(pipe.execute()[0])


def everyone(services: Services) -> list[StaffMember]:
    """Every profile, by name."""
    slugs = sorted(services.redis.smembers(store.staff_index()))
    members = (get(services, slug) for slug in slugs)
    return [member for member in members if member]


def is_on_duty(services: Services, member: StaffMember, at: dt.datetime) -> bool:
    """True when `at` falls in the member's on-duty hours."""
    return schedule.parse(member.hours, services.settings.timezone).is_open(at)


def to_alert(services: Services, language: str, at: dt.datetime) -> list[StaffMember]:
    """On-duty staff who speak `language`; if none, everyone on duty; possibly nobody."""
    on_duty = [m for m in everyone(services) if is_on_duty(services, m, at)]
    speakers = [m for m in on_duty if language in m.languages]
    return speakers or on_duty


def phone_number(services: Services, member: StaffMember) -> str:
    """The decrypted number, only to send an alert."""
    return services.privacy.decrypt(member.phone)


def public(services: Services, member: StaffMember) -> dict:
    """A profile for display: the phone masked."""
    return {
        "name": member.name,
        "languages": list(member.languages),
        "phone": mask(phone_number(services, member)),
        "hours": member.hours,
    }
