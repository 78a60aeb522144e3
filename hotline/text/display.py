"""How texters' words are shown to staff: in the order they were typed, whatever they contain.

A texter's note, an unknown text or a message may carry Unicode direction controls — an
RIGHT-TO-LEFT OVERRIDE (U+202E) makes "appelez le 0470 12" display backwards, an unclosed
embedding or isolate reorders what follows it. Staff must read what was written, so the
controls that reorder text (embeddings, overrides, isolates: U+202A–U+202E, U+2066–U+2069) are
left out of what the console and the CLI show; the stored text is unchanged. The marks that only
give a direction to neutral characters (LRM, RLM, ALM) and the joiners that Arabic and Persian
spelling needs (ZWJ, ZWNJ) are kept. In pages, every such text is also bidi-isolated and may
break anywhere (`dir="auto"`, `unicode-bidi`, `overflow-wrap` in console.css), so one text can
neither reorder nor push away what is around it.
"""

from __future__ import annotations

import re

_REORDERING_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def readable(text: str | None) -> str:
    """`text` without the direction controls that would make it display in another order."""
    return _REORDERING_CONTROLS.sub("", text or "")
