"""WhatsApp menus people can tap: the main menu and the workshop list as a Content API
`twilio/list-picker`, "did you mean…?" as a `twilio/quick-reply`.

A handler describes what could be tapped (`Interactive`: a kind, its choices, the values of its
body's placeholders) next to the reply's text; `hotline.conversation.interactive` sends it as a
template inside WhatsApp's 24-hour window, and everyone else gets the text. This module holds
the shapes: the template's definition (`definition`: the static text of one kind, in one
language, for a number of choices, with `{{placeholders}}` for what varies) and the values one
message fills in (`variables`). The body is the reply's own WhatsApp text, so a texter who
cannot use the list loses nothing (numbers and words typed keep working); the list or buttons
are what they can tap.

Each choice's id is a keyword in the texter's language ("SANTE", "صحة", "ATELIER 3"), so a tap
(`ListId`, `ButtonPayload`, read by hotline/conversation/inbound.py as the text) is handled
exactly like that keyword typed, and keeps the texter's language. Choices are variables, so
one template per (kind, language, number of choices) serves every list; the definition's digest
(`Template.version`) changes when the content's text does, and so does the cached template.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hotline.content import Content

MENU = "menu"  # the main menu: a list of its ten topics
DID_YOU_MEAN = "did_you_mean"  # "did you mean …?": one button per candidate keyword
WORKSHOPS = "atelier"  # the workshop list (ATELIER): one item per workshop shown
KINDS = (MENU, DID_YOU_MEAN, WORKSHOPS)
LIST_PICKER = "twilio/list-picker"
QUICK_REPLY = "twilio/quick-reply"
TEXT = "twilio/text"

# WhatsApp's and Twilio's limits (docs: twilio/list-picker, twilio/quick-reply).
BODY_MAX = 1024
MAX_ITEMS = 10
MAX_BUTTONS = 3  # in-session quick replies without approval
ITEM_MAX = 24  # a list item's title
BUTTON_MAX = 20  # a quick reply's title, and the list's button
DESCRIPTION_MAX = 72
ID_MAX = 200
ELLIPSIS = "…"
_NUMBERED = re.compile(r"^\*?(\d{1,2})\*?[ .)-]+\*?(.+?)\*?\s*$")  # "1 Santé", "*2.* CPAS"

_BUTTONS = frozenset({DID_YOU_MEAN})  # the other kinds are lists
_DESCRIBED = frozenset({WORKSHOPS})  # kinds whose items carry a description
_BODY_VALUES = {MENU: (), DID_YOU_MEAN: ("options",), WORKSHOPS: ("n", "items")}


@dataclass(frozen=True)
class Choice:
    """One thing to tap: what it sends (a keyword the engine understands) and what it shows."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Interactive:
    """A reply WhatsApp can show with taps; the reply's text says the same for everyone else."""

    kind: str
    choices: tuple[Choice, ...]
    values: Mapping[str, str] = field(default_factory=dict)  # the body's placeholders
    sms_text: str = ""  # the same reply worded for SMS: what goes if WhatsApp refuses it

    @property
    def count(self) -> int:
        """How many choices: one template per kind, language and count."""
        return len(self.choices)


@dataclass(frozen=True)
class Template:
    """One template's definition: the Content API request, and who it is."""

    kind: str
    language: str
    count: int
    request: dict[str, Any]

    @property
    def version(self) -> str:
        """A digest of the definition: an edited text or layout is another template."""
        canonical = json.dumps(self.request["types"], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]

    @property
    def family(self) -> str:
        """The kind with its number of choices ("atelier4"): the shape the variables fill."""
        return f"{self.kind}{self.count}"

    @property
    def friendly_name(self) -> str:
        """Its name at Twilio: found again by it if our cache of its SID is lost."""
        return f"hotline_{self.family}_{self.language}_{self.version}"


def main_menu(content: Content, language: str) -> Interactive:
    """The main menu's topics: id = the topic's keyword, title = its line in the WhatsApp menu."""
    choices = []
    for line in content.render(MENU, "answer", language, "whatsapp").splitlines():
        found = _NUMBERED.match(line.strip())
        topic = content.menu_topic(int(found.group(1))) if found else None
        if found and topic is not None:
            choices.append(Choice(keyword(content, topic.id, language), found.group(2)))
    return Interactive(MENU, tuple(choices[:MAX_ITEMS]))


def did_you_mean(content: Content, language: str, topics: tuple[str, ...]) -> Interactive:
    """One button per candidate (the first three), each its keyword in the texter's language."""
    keywords = [keyword(content, topic, language) for topic in topics]
    choices = tuple(Choice(word, word) for word in keywords[:MAX_BUTTONS])
    return Interactive(DID_YOU_MEAN, choices, {"options": " / ".join(keywords)})


def workshop_list(
    content: Content, language: str, lines: list[str], workshops: list[Choice]
) -> Interactive:
    """The workshops shown, each tapped as "ATELIER <n>" (its keyword and number): the
    poster's form, which registers for that workshop whatever list the texter saw since.

    `lines`: the text's lines under its header, as many as fit in the body (the list has every
    workshop); `workshops`: each as Choice(number, title, when).
    """
    word = keyword(content, WORKSHOPS, language)
    choices = tuple(
        Choice(f"{word} {w.id}", f"{w.id}. {w.title}", w.description) for w in workshops
    )
    first = workshops[0].id if workshops else ""
    header = content.render(WORKSHOPS, "answer", language, "whatsapp", n=first)
    kept = list(lines)
    while kept and len(header) + 1 + len("\n".join(kept)) > BODY_MAX:
        kept.pop()
    return Interactive(WORKSHOPS, choices[:MAX_ITEMS], {"n": first, "items": "\n".join(kept)})


def keyword(content: Content, topic_id: str, language: str) -> str:
    """A topic's first keyword in `language` (else French), in capitals: what a tap sends."""
    topic = content.topic(topic_id)
    words = topic.keywords.get(language) or topic.keywords.get("fr") or (topic_id,)
    return words[0].upper()


def definition(content: Content, kind: str, language: str, count: int) -> Template:
    """The template of one kind, in one language, for `count` choices (the job rebuilds it
    from these three alone)."""
    body = _body(content, kind, language)
    if kind in _BUTTONS:
        actions = [_button(k) for k in range(1, count + 1)]
        types = {QUICK_REPLY: {"body": body, "actions": actions}}
    else:
        items = [_item(k, kind in _DESCRIBED) for k in range(1, count + 1)]
        button = _cut(keyword(content, _topic_of(kind), language), BUTTON_MAX)
        types = {LIST_PICKER: {"body": body, "button": button, "items": items}}
    types[TEXT] = {"body": body}
    names = [*_BODY_VALUES[kind], *_choice_names(kind, count)]
    request = {
        "language": language,
        "variables": {name: name for name in names},  # samples: Twilio wants one per variable
        "types": types,
    }
    template = Template(kind, language, count, request)
    request["friendly_name"] = template.friendly_name
    return template


def _body(content: Content, kind: str, language: str) -> str:
    if kind == MENU:
        return content.render(MENU, "answer", language, "whatsapp")
    if kind == DID_YOU_MEAN:
        return content.render(MENU, "did_you_mean", language, "whatsapp", options="{{options}}")
    header = content.render(WORKSHOPS, "answer", language, "whatsapp", n="{{n}}")
    return header + "\n{{items}}"


def _topic_of(kind: str) -> str:
    return WORKSHOPS if kind == WORKSHOPS else MENU


def _button(k: int) -> dict[str, str]:
    return {"type": "QUICK_REPLY", "title": f"{{{{t{k}}}}}", "id": f"{{{{i{k}}}}}"}


def _item(k: int, described: bool) -> dict[str, str]:
    item = {"id": f"{{{{i{k}}}}}", "item": f"{{{{t{k}}}}}"}
    if described:
        item["description"] = f"{{{{d{k}}}}}"
    return item


def _choice_names(kind: str, count: int) -> list[str]:
    letters = "itd" if kind in _DESCRIBED else "it"
    return [f"{letter}{k}" for k in range(1, count + 1) for letter in letters]


def variables(interactive: Interactive) -> dict[str, str]:
    """The values of one message's placeholders: the body's, then each choice's id, title
    (cut at a word to WhatsApp's limit) and description."""
    title_max = BUTTON_MAX if interactive.kind in _BUTTONS else ITEM_MAX
    values = {name: interactive.values.get(name, "") for name in _BODY_VALUES[interactive.kind]}
    for k, choice in enumerate(interactive.choices, start=1):
        values[f"i{k}"] = choice.id[:ID_MAX]
        values[f"t{k}"] = _cut(choice.title, title_max)
        if interactive.kind in _DESCRIBED:
            values[f"d{k}"] = _cut(choice.description, DESCRIPTION_MAX)
    return values


def fits(interactive: Interactive, template: Template) -> bool:
    """True when WhatsApp can show it: 1..10 items (1..3 buttons), distinct ids, a title each,
    and the body, filled in, within 1,024 characters."""
    most = MAX_BUTTONS if interactive.kind in _BUTTONS else MAX_ITEMS
    ids = [choice.id for choice in interactive.choices]
    if not 1 <= len(ids) <= most or len(set(ids)) != len(ids):
        return False
    if not all(choice.title.strip() and choice.id.strip() for choice in interactive.choices):
        return False
    return len(filled_body(template, interactive.values)) <= BODY_MAX


def filled_body(template: Template, values: Mapping[str, str]) -> str:
    """The template's body with this message's values in its placeholders."""
    body = template.request["types"][TEXT]["body"]
    for name in _BODY_VALUES[template.kind]:
        body = body.replace(f"{{{{{name}}}}}", values.get(name, ""))
    return body


def taps(variables_json: str) -> list[str]:
    """The titles a message's taps show, from its stored variables (the outbox, the console)."""
    try:
        values = json.loads(variables_json or "{}")
    except ValueError:
        return []
    count = sum(1 for name in values if name.startswith("t") and name[1:].isdigit())
    return [values[f"t{k}"] for k in range(1, count + 1) if f"t{k}" in values]


def _cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word with an ellipsis when it is longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    word_end = head.rfind(" ")
    return (head[:word_end] if word_end > limit // 2 else head).rstrip(" ,.-(") + ELLIPSIS
