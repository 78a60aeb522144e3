"""The workshop domain: creation, registrations, waiting list and promotion, notices, seed."""

from __future__ import annotations

import datetime as dt

import pytest

from hotline.platform import dates
from hotline.platform.services import Services
from hotline.texters import state as texters
from hotline.workshops import admin as workshop_admin
from hotline.workshops import events as workshops
from hotline.workshops import seeding as workshop_seed
from tests.clock import on_day, spoken_day

TZ = "Europe/Brussels"


def local(text: str) -> dt.datetime:
    """A Brussels wall-clock time."""
    return dates.parse_local(text, TZ)


def make_texter(services: Services, number: str, language: str = "fr") -> str:
    """A texter who wrote to the hotline (so outbound can reach them) in `language`."""
    texter_id = services.privacy.texter_id(number)
    texter = texters.load(services.redis, texter_id)
    texters.record_inbound(
        services.redis,
        texter,
        phone_token=services.privacy.encrypt(number),
        channel="sms",
        retention_days=90,
        now=services.clock().timestamp(),
    )
    texters.set_language(services.redis, texter_id, language, texters.EXPLICIT)
    return texter_id


def next_thursday(services: Services, at: str = "17:00") -> dt.datetime:
    """Thursday of next week at `at` (Brussels) when the clock is on a Monday: 10 days ahead."""
    return on_day(services.clock(), 10, at)


def make_workshop(
    services: Services, start: dt.datetime | str | None = None, **extra
) -> workshops.Workshop:
    """A workshop of two hours starting at `start` (Brussels; default: `next_thursday`)."""
    starts = local(start) if isinstance(start, str) else start or next_thursday(services)
    options = {
        "titles": {"fr": "Droits des locataires", "ar": "حقوق المستأجرين"},
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "place": "Pianofabriek",
        "address": "Bruxelles",
        **extra,
    }
    return workshops.create(services, **options)


def test_create_numbers_workshops_and_lists_upcoming(services, clock):
    first = make_workshop(services, on_day(clock, 17, "17:00"))
    second = make_workshop(
        services, on_day(clock, 10, "17:00"), capacity=12, languages=("fr", "ar")
    )
    past = make_workshop(services, on_day(clock, -53, "17:00"))
    cancelled = workshops.cancel(services, make_workshop(services, on_day(clock, 27, "10:00")).id)

    assert (first.id, second.id, past.id) == ("1", "2", "3")
    assert [w.id for w in workshops.upcoming(services, clock)] == ["2", "1"]
    assert cancelled.status == workshops.CANCELLED
    stored = workshops.get(services, "2")
    assert stored.capacity == 12 and stored.languages == ("fr", "ar")
    assert stored.starts_at == on_day(clock, 10, "17:00")
    assert dates.show_local(stored.starts_at, TZ).endswith(" 17:00")
    assert stored.title("ar") == "حقوق المستأجرين" and stored.title("nl") == "Droits des locataires"


def test_create_refuses_an_end_before_the_start(services, clock):
    with pytest.raises(workshops.WorkshopError):
        make_workshop(services, ends_at=on_day(clock, 10, "16:00"))
    with pytest.raises(workshops.WorkshopError):
        make_workshop(services, capacity=0)


def test_register_full_waiting_list_and_promotion_with_sms(services, clock, run_jobs, outbox):
    workshop = make_workshop(services, capacity=2)
    ana, ben, chloe, dina = (
        make_texter(services, f"+3247000000{i}", lang)
        for i, lang in enumerate(("fr", "en", "ar", "fr"))
    )

    assert workshops.register(services, workshop.id, ana).status == workshops.REGISTERED
    assert workshops.register(services, workshop.id, ana).status == workshops.ALREADY_REGISTERED
    assert workshops.register(services, workshop.id, ben).status == workshops.REGISTERED
    waiting = workshops.register(services, workshop.id, chloe)
    assert (waiting.status, waiting.position) == (workshops.WAITING, 1)
    assert workshops.register(services, workshop.id, dina).position == 2
    again = workshops.register(services, workshop.id, chloe)
    assert (again.status, again.position) == (workshops.ALREADY_WAITING, 1)

    left = workshops.unregister(services, workshop.id, ben)

    assert left.status == workshops.UNREGISTERED and left.promoted == (chloe,)
    assert workshops.registered_ids(services, workshop.id) == [ana, chloe]
    assert workshops.counts(services, workshop.id) == (2, 1)
    run_jobs()
    [promoted] = outbox()
    assert promoted["purpose"] == "workshop_promoted" and promoted["language"] == "ar"
    assert "ورشة 1" in promoted["text"] and "حقوق المستأجرين" in promoted["text"]


def test_leaving_the_waiting_list_promotes_nobody(services, clock):
    workshop = make_workshop(services, capacity=1)
    ana, ben = make_texter(services, "+32470000001"), make_texter(services, "+32470000002")
    workshops.register(services, workshop.id, ana)
    workshops.register(services, workshop.id, ben)

    assert workshops.unregister(services, workshop.id, ben).status == workshops.LEFT_WAITING
    assert workshops.unregister(services, workshop.id, ben).status == workshops.NOT_REGISTERED
    assert workshops.registered_ids(services, workshop.id) == [ana]


def test_raising_the_capacity_promotes_the_waiting_list(services, clock, run_jobs, outbox):
    workshop = make_workshop(services, capacity=1)
    ids = [make_texter(services, f"+3247000001{i}") for i in range(3)]
    for texter_id in ids:
        workshops.register(services, workshop.id, texter_id)

    workshops.edit(services, workshop.id, capacity=3)

    assert workshops.registered_ids(services, workshop.id) == ids
    run_jobs()
    assert len(outbox()) == 2


def test_no_registration_for_a_started_or_cancelled_workshop(services, clock):
    past = make_workshop(services, on_day(clock, -22, "17:00"))
    cancelled = workshops.cancel(services, make_workshop(services).id)
    texter_id = make_texter(services, "+32470000001")

    assert workshops.register(services, past.id, texter_id).status == workshops.CLOSED
    assert workshops.register(services, cancelled.id, texter_id).status == workshops.CLOSED
    assert workshops.register(services, "99", texter_id).status == workshops.CLOSED


def test_cancel_tells_registrants_and_the_waiting_list(services, clock, run_jobs, outbox):
    workshop = make_workshop(services, capacity=1)
    workshops.register(services, workshop.id, make_texter(services, "+32470000001", "fr"))
    workshops.register(services, workshop.id, make_texter(services, "+32470000002", "en"))

    workshops.cancel(services, workshop.id)
    workshops.cancel(services, workshop.id)  # twice: nobody is told twice
    run_jobs()

    texts = sorted(record["text"] for record in outbox())
    assert len(texts) == 2
    thursday = next_thursday(services)
    assert texts[0].startswith(
        f"Annulé: l'atelier 1, Droits des locataires, prévu le {spoken_day(thursday, 'fr')}, 17:00"
    )
    assert texts[1].startswith("Cancelled: workshop 1")
    assert f"{spoken_day(thursday, 'en')}, 17:00" in texts[1]


def test_staff_detail_masks_numbers_and_shows_the_schedule(services, clock):
    workshop = make_workshop(services, capacity=1)
    workshops.register(services, workshop.id, make_texter(services, "+32470123456"))
    workshops.register(services, workshop.id, make_texter(services, "+32470654321", "ar"))

    shown = workshop_admin.detail(services, workshop)

    assert shown["registered"] == 1 and shown["waiting"] == 1
    assert shown["registrants"][0]["number"] == "+32 4•• •• •• 56"
    assert shown["waiting_list"][0]["language"] == "ar"
    assert "470123456" not in str(shown)
    due = [on_day(clock, 9, "18:00"), on_day(clock, 10, "15:00")]  # the day before, 2 h before
    assert [r["due"] for r in shown["reminders"]] == [dates.show_local(d, TZ) for d in due]


def test_seed_loads_atelier_2_from_the_deck_once(services, clock):
    assert workshop_seed.seed(services) == ["2"]
    assert workshop_seed.seed(services) == []

    atelier = workshops.get(services, "2")
    assert atelier.title("fr") == "Atelier 2 — Accès aux services sociaux et de santé"
    assert dates.show_local(atelier.starts_at, TZ) == "2026-04-10 17:00"
    assert dates.show_local(atelier.ends_at, TZ) == "2026-04-10 19:00"
    assert (atelier.place, atelier.address, atelier.capacity) == ("Pianofabriek", "Bruxelles", None)
    assert workshops.upcoming(services, clock) == []  # history, not an upcoming workshop
    assert make_workshop(services).id == "3"  # new workshops continue after the seeded number
