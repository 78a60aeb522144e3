"""WhatsApp menus people can tap: the main menu as a Content API `twilio/list-picker`, and
"did you mean…?" as a `twilio/quick-reply`, created through Twilio's Content API.

Each item's and button's id is the topic's keyword in the texter's language, so a tap
(`ListId`, `ButtonPayload`, read by hotline/conversation/inbound.py as the text) is handled exactly
like that
keyword typed, and keeps the texter's language. Titles come from the content: the main menu's
numbered lines ("1 Santé") in that language. Every template also carries `twilio/text` (the
menu as text) for channels that cannot show it. `create` asks the Content API for the template
and returns its `HX…` SID; in-session list pickers and quick replies need no WhatsApp approval.

Not wired into the replies yet: the webhook still answers with text (README, "WhatsApp
interactive menus").
"""

from __future__ import annotations

import re

from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList

from hotline.content import Content

MENU = "menu"
LIST_PICKER = "twilio/list-picker"
QUICK_REPLY = "twilio/quick-reply"
TEXT = "twilio/text"
MAX_ITEMS = 10  # WhatsApp's limit for a list
TITLE_MAX = 24  # WhatsApp's limit for a list item's or a button's title
BUTTON = "MENU"  # the list's button: "menu" is a keyword in every language
_NUMBERED = re.compile(r"^\*?(\d{1,2})\*?[ .)-]+(.+?)\s*$")


def menu_items(content: Content, language: str) -> list[dict[str, str]]:
    """The main menu's topics as list items: id = the topic's keyword, title = its menu line."""
    lines = content.render(MENU, "answer", language, "sms").splitlines()
    items = []
    for line in lines:
        found = _NUMBERED.match(line.strip())
        topic = content.menu_topic(int(found.group(1))) if found else None
        if topic is not None:
            items.append({"id": _keyword(topic, language), "item": found.group(2)[:TITLE_MAX]})
    return items[:MAX_ITEMS]


def _keyword(topic, language: str) -> str:
    words = topic.keywords.get(language) or topic.keywords.get("fr") or (topic.id,)
    return words[0].upper()


def menu_request(content: Content, language: str) -> dict:
    """The Content API request for the main menu in one language."""
    text = content.render(MENU, "answer", language, "sms")
    intro = text.splitlines()[0]
    picker = {"body": intro, "button": BUTTON, "items": menu_items(content, language)}
    return {
        "friendly_name": f"hotline_menu_{language}",
        "language": language,
        "types": {LIST_PICKER: picker, TEXT: {"body": text}},
    }


def did_you_mean_request(content: Content, language: str, topics: tuple[str, ...]) -> dict:
    """The Content API request for "did you mean …?" with one quick reply per candidate."""
    keywords = [_keyword(content.topic(topic), language) for topic in topics[:3]]
    body = content.render(MENU, "did_you_mean", language, "sms", options=" / ".join(keywords))
    actions = [{"type": "QUICK_REPLY", "title": k[:TITLE_MAX], "id": k} for k in keywords]
    return {
        "friendly_name": f"hotline_did_you_mean_{language}_{'_'.join(topics[:3])}",
        "language": language,
        "types": {QUICK_REPLY: {"body": body, "actions": actions}, TEXT: {"body": body}},
    }


def create(client: Client, request: dict) -> str:
    """Create the template through the Content API; its Content SID (HX…)."""
    created = client.content.v1.contents.create(ContentList.ContentCreateRequest(request))
    return created.sid
