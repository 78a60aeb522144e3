"""The answers as data: load and validate `content/` once (Content, Topic, render), check it
against the seeds (checker, facts) and across languages (parity, rules), the lexicons of each
language (Lexicon: synonyms, hints, emergencies, refusals), the translators' spreadsheet
(spreadsheet), the review matrix (review), files written safely (files) and machine drafts
(translate).
"""

from __future__ import annotations

from hotline.content.lexicon import Lexicon
from hotline.content.model import (
    CONTINUATION,
    CONTINUATION_NUMBER,
    Content,
    ContentError,
    Name,
    Topic,
    all_words,
    export_json,
    load,
)

# isort: split
# facets last: they may import modules that import the names above
from hotline.content import checker, files, parity, places, review, rules, spreadsheet, translate

__all__ = [
    "CONTINUATION",
    "CONTINUATION_NUMBER",
    "Content",
    "ContentError",
    "Lexicon",
    "Name",
    "Topic",
    "all_words",
    "checker",
    "export_json",
    "files",
    "load",
    "parity",
    "places",
    "review",
    "rules",
    "spreadsheet",
    "translate",
]
