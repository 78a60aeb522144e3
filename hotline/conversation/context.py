"""What a handler receives and returns: the per-message `Context` and the `Reply`.

Handlers are plain functions `handle(message, context) -> Reply`. The context carries the
texter's state, what the text asks (`Understood`), the language to answer in and the process
services; `say` renders a content message for the texter's channel, so handlers never hold
answer text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotline.conversation.inbound import InboundMessage
from hotline.outbound import whatsapp_menus
from hotline.platform import Services
from hotline.texters import Texter
from hotline.understanding import Understood


@dataclass(frozen=True)
class Reply:
    """The answer to one inbound message ("" means: send nothing back)."""

    text: str
    topic: str = ""
    language: str = ""
    menu: str | None = None  # the numbered list this reply shows, remembered for "3"
    shown: tuple[str, ...] = ()  # the numbers of that list's items the text really shows
    remember: bool = True  # False: write nothing about the texter (after an erasure)
    # What WhatsApp could show as taps (a hint: hotline/conversation/interactive.py sends it
    # as a template inside the 24-hour window; the text is for everyone else). Not stored.
    interactive: whatsapp_menus.Interactive | None = None


@dataclass(frozen=True)
class Context:
    """One inbound message's view of the world."""

    services: Services
    message: InboundMessage
    texter: Texter
    match: Understood  # what the text asks (hotline.understanding)
    language: str
    now: dt.datetime
    open_case: str = ""  # the reference of the texter's open callback request, read with its state

    @property
    def channel(self) -> str:
        """The channel the reply goes out on (sms or whatsapp)."""
        return self.message.channel

    def say(self, topic: str, message: str = "answer", **fields: object) -> str:
        """A content message in the texter's language, rendered for their channel."""
        return self.services.content.render(topic, message, self.language, self.channel, **fields)

    def reply(
        self, topic: str, message: str = "answer", menu: str | None = None, **fields: object
    ) -> Reply:
        """A Reply carrying one content message."""
        return Reply(self.say(topic, message, **fields), topic, self.language, menu)
