"""The question back: an action asked for in other words than its keyword.

"Could someone call me?", "please stop sending me messages", "efface mes données", a typo of
SUIVRE: the intent is clear enough to offer, never enough to act on. The texter gets one
question naming the exact keyword ("Voulez-vous qu'on vous rappelle ? Répondez RAPPEL"), from
content/question.yaml, where each action topic has a message of its own id.
"""

from __future__ import annotations

from hotline.conversation import Context, InboundMessage, Reply

TOPIC = "question"


def ask(message: InboundMessage, context: Context) -> Reply:
    """Ask whether the texter wants the action, naming its keyword in their language."""
    return context.reply(TOPIC, context.match.topic)
