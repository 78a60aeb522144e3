"""What cannot be read here: voice notes, pictures, documents; and locations and contact cards.

Many texters cannot read or write easily. A voice note is answered, in the texter's language,
with the two ways to reach a person that need little reading: RAPPEL and the free missed call.
A picture or a document (often a letter) gets the same offer: papers are a reason to call back.
A location gets the services nearest to it (handlers/places.py); a contact card gets the menu.
Only messages whose text asks for nothing reach this handler: a caption that is a keyword is
answered as that keyword.
"""

from __future__ import annotations

from handlers import menu, places
from hotline.conversation import DOCUMENT, LOCATION, PICTURE, VOICE, Context, InboundMessage, Reply

TOPIC = "canal"
MESSAGES = {VOICE: "voice", PICTURE: "answer", DOCUMENT: "answer"}


def handle(message: InboundMessage, context: Context) -> Reply:
    """The answer for what is attached (see the module docstring)."""
    kind = message.attachment
    if kind == LOCATION:
        return places.handle(message, context)
    if kind in MESSAGES:
        return context.reply(TOPIC, MESSAGES[kind])
    return menu.handle(message, context)
