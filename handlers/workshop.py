"""ATELIER / WORKSHOP / TALLER / ورشة …: list the next workshops, register, unregister.

"ATELIER" lists the upcoming workshops under their public number (the number on the poster),
as many as fit in 3 SMS segments but always the next one, and remembers which it showed (menu
"atelier"), so that a bare "3" next registers for workshop 3 only if the list showed workshop 3:
a texter never registers for a workshop they have not seen. "ATELIER 3" / "INSCRIPTION 3"
registers (the number from a poster); a full workshop puts the texter on its waiting list.
On WhatsApp the list can be tapped (`Reply.interactive`): each workshop shown is an item
whose tap sends "ATELIER <n>" in the texter's language.
"ANNULER ATELIER 3" reaches `unregister` through handlers/cancel.py. A typo of the keyword
("ATELLIER 3") or a sentence ("je veux m'inscrire à l'atelier 3") lists the workshops but never
registers anyone: only the exact keyword at the start may (`Understood.may_act`).
"""

from __future__ import annotations

from dataclasses import replace

from hotline import workshops
from hotline.conversation import SMS, WHATSAPP, Context, InboundMessage, Reply
from hotline.outbound import whatsapp_menus
from hotline.text import sms
from hotline.understanding import NUMBER
from hotline.workshops import reminders

TOPIC = "atelier"
LIST_LIMIT = 10
SMS_SEGMENTS = 3

_REGISTER_MESSAGES = {
    workshops.REGISTERED: "registered",
    workshops.ALREADY_REGISTERED: "already_registered",
    workshops.WAITING: "waiting",
    workshops.ALREADY_WAITING: "already_waiting",
}
_UNREGISTER_MESSAGES = {
    workshops.UNREGISTERED: "unregistered",
    workshops.LEFT_WAITING: "left_waiting",
    workshops.NOT_REGISTERED: "not_registered",
}


def handle(message: InboundMessage, context: Context) -> Reply:
    """List the workshops, or register for the one whose number follows the keyword."""
    number = number_in(context.match.rest)
    if number is None or not context.match.may_act:
        return show_list(context)
    if context.match.kind == NUMBER and number not in context.texter.last_shown:
        return context.reply(TOPIC, "not_shown", number=number)  # a bare "3" it never saw
    return register(context, number)


def number_in(rest: str) -> str | None:
    """The workshop number at the start of the rest of the text ("3", "3 svp"), or None."""
    words = rest.split()
    return str(int(words[0])) if words and words[0].isdigit() else None


def show_list(context: Context) -> Reply:
    """The upcoming workshops, numbered, as many as fit in 3 SMS segments (the next one always)."""
    found = workshops.upcoming(context.services, context.now, LIST_LIMIT)
    if not found:
        return context.reply(TOPIC, "none")
    header = context.say(TOPIC, "answer", n=found[0].id)
    items = [_item(context, workshop) for workshop in found]
    text, count = _fitting(context, header, items)
    shown = tuple(workshop.id for workshop in found[:count])
    reply = Reply(text, TOPIC, context.language, menu=TOPIC, shown=shown)
    if context.channel != WHATSAPP:
        return reply
    return replace(reply, interactive=_tappable(context, found[:count], items[:count]))


def _tappable(
    context: Context, shown: list[workshops.Workshop], lines: list[str]
) -> whatsapp_menus.Interactive:
    """The workshops shown, as a list WhatsApp can tap (the same ones: never one not shown),
    and the list worded for SMS, should WhatsApp refuse it."""
    choices = [
        whatsapp_menus.Choice(w.id, w.title(context.language), _fields(context, w)["date"])
        for w in shown
    ]
    content = context.services.content
    taps = whatsapp_menus.workshop_list(content, context.language, lines, choices)
    by_sms = replace(context, message=replace(context.message, channel=SMS))
    return replace(taps, sms_text=show_list(by_sms).text)


def _fitting(context: Context, header: str, items: list[str]) -> tuple[str, int]:
    """The header with as many whole items as fit (and the "more" hint if some are left out).

    When even the first item does not fit under the header (a long title in a UCS-2 language),
    the item comes first and the header is cut instead: the next workshop is always shown.
    """
    if context.channel != "sms":
        return "\n".join([header, *items]), len(items)
    more = context.say(TOPIC, "more")
    for count in range(len(items), 0, -1):
        hint = [more] if count < len(items) else []
        text = "\n".join([header, *items[:count], *hint])
        if sms.segment_info(text).segments <= SMS_SEGMENTS:
            return text, count
    return sms.fit(f"{items[0]}\n{header}", SMS_SEGMENTS), 1


def _item(context: Context, workshop: workshops.Workshop) -> str:
    registered, _ = workshops.counts(context.services, workshop.id)
    full = workshop.capacity is not None and registered >= workshop.capacity
    return context.say(TOPIC, "item_full" if full else "item", **_fields(context, workshop))


def _fields(context: Context, workshop: workshops.Workshop) -> dict[str, str]:
    return reminders.fields(context.services, workshop, context.language)


def register(context: Context, number: str) -> Reply:
    """Register the texter for workshop `number` (or put them on its waiting list)."""
    outcome = workshops.register(context.services, number, context.texter.id, context.now)
    if outcome.status == workshops.CLOSED:
        return context.reply(TOPIC, "unknown", number=number)
    workshop = workshops.require(context.services, number)
    fields = _fields(context, workshop)
    return context.reply(
        TOPIC, _REGISTER_MESSAGES[outcome.status], position=outcome.position, **fields
    )


def unregister(message: InboundMessage, context: Context) -> Reply:
    """ANNULER ATELIER 3: leave workshop 3; without a number, the one workshop the texter has."""
    services = context.services
    after_keyword = services.understanding.lead(context.match.rest).rest
    number = number_in(after_keyword) or _only_registration(context)
    if number is None:
        return context.reply(TOPIC, "cancel_help")
    workshop = workshops.get(services, number)
    if workshop is None:
        return context.reply(TOPIC, "unknown", number=number)
    outcome = workshops.unregister(services, number, context.texter.id, context.now)
    return context.reply(TOPIC, _UNREGISTER_MESSAGES[outcome.status], **_fields(context, workshop))


def _only_registration(context: Context) -> str | None:
    """The texter's single open workshop, when they have exactly one."""
    found = workshops.of_texter(context.services, context.texter.id)
    open_ones = [w.id for w in found if w.is_open(context.now)]
    return open_ones[0] if len(open_ones) == 1 else None
