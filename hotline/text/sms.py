"""Shape hotline answers for basic phones on little credit.

Texters often pay per SMS segment, so this module counts segments exactly as Twilio does (GSM
03.38 septets or UCS-2 code units; a character cluster, such as an emoji with its skin tone, a
flag or a letter with its combining marks, is never split across two segments), renders answers
so that French and Dutch stay in the cheap GSM-7 alphabet whenever their letters allow it
(punctuation and spacing look-alikes are replaced, in the spirit of Twilio's Smart Encoding;
letters are never changed), and cuts long replies at a clean boundary with a caller-supplied
"more" hint.

The standard library plus `regex` (Unicode extended grapheme clusters): the content checker, the
web app and the workers all use it.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# GSM 03.38 basic character set in code order (0x00-0x7F); 0x1B is the escape to the extension
# table and is not a character of its own.
_GSM7_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
GSM7_ESCAPE = "\x1b"
GSM7_BASIC = frozenset(_GSM7_TABLE) - {GSM7_ESCAPE}
# Extension table: each costs two septets (escape + character).
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
GSM7_CHARS = GSM7_BASIC | GSM7_EXTENSION

GSM7_SINGLE_SEPTETS = 160
GSM7_PART_SEPTETS = 153
UCS2_SINGLE_UNITS = 70
UCS2_PART_UNITS = 67

# Punctuation and spacing look-alikes that would force UCS-2 for no visible gain. Letters are
# deliberately absent: "fête" must stay "fête" even though "fete" would be GSM-7.
_SMS_LOOKALIKES: dict[str, str] = {
    # single quotes, apostrophes, primes
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’ (the usual typographic apostrophe)
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2032": "'",  # ′ prime
    "\u2035": "'",  # ‵ reversed prime
    "\u2039": "'",  # ‹
    "\u203a": "'",  # ›
    "\u00b4": "'",  # ´ acute accent typed as an apostrophe
    "`": "'",  # backtick (not in GSM-7)
    # double quotes
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2033": '"',  # ″ double prime
    "\u2036": '"',  # ‶ reversed double prime
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    # hyphens, dashes, minus, bullets
    "\u2010": "-",  # ‐ hyphen
    "\u2011": "-",  # ‑ non-breaking hyphen
    "\u2012": "-",  # ‒ figure dash
    "\u2013": "-",  # – en dash
    "\u2014": "-",  # — em dash
    "\u2015": "-",  # ― horizontal bar
    "\u2212": "-",  # − minus sign
    "\u2022": "-",  # • bullet
    "\u2023": "-",  # ‣ triangular bullet
    "\u2043": "-",  # ⁃ hyphen bullet
    "\u25e6": "-",  # ◦ white bullet
    "\u2026": "...",  # … ellipsis
    # spaces (tab is not in GSM-7 either)
    "\t": " ",
    "\u00a0": " ",  # no-break space
    "\u1680": " ",
    **{chr(code): " " for code in range(0x2000, 0x200B)},  # en quad ... hair space
    "\u202f": " ",  # narrow no-break space (French typography)
    "\u205f": " ",  # medium mathematical space
    "\u3000": " ",  # ideographic space
    "\u2028": "\n",  # line separator
    "\u2029": "\n",  # paragraph separator
    # invisible characters
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u2060": "",  # word joiner
    "\ufeff": "",  # zero-width no-break space / BOM
}
_SMS_TRANSLATION = str.maketrans(_SMS_LOOKALIKES)

# Zero-width (non-)joiners shape Persian words and emoji sequences, so they are only dropped when
# they are the one thing keeping a text out of GSM-7.
_JOINERS = frozenset("\u200c\u200d")
_JOINER_REMOVAL = str.maketrans(dict.fromkeys(_JOINERS, None))

# French quotes carry (narrow) no-break spaces inside: « texte » becomes "texte", not " texte ".
_GUILLEMET_OPEN = re.compile("\u00ab[ \u00a0\u202f]*")
_GUILLEMET_CLOSE = re.compile("[ \u00a0\u202f]*\u00bb")

_MONOSPACE = re.compile(r"```(.+?)```", re.DOTALL)
_FORMAT_MARKERS = "*_~"

_BLANK_LINE_RUN = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"[.!?\u061f](?= )|\u06d4")  # ". ", "! ", "? ", "؟ ", "۔"


@dataclass(frozen=True)
class SegmentInfo:
    """What a text costs as an SMS: the encoding it will travel in and its segment count."""

    encoding: str
    segments: int
    units: int
    ucs2_chars: tuple[str, ...]


@dataclass(frozen=True)
class _Encoding:
    name: str
    single: int
    part: int
    cost: Callable[[str], int]


def _septets(char: str) -> int:
    return 2 if char in GSM7_EXTENSION else 1


def _utf16_units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


_GSM7_ENCODING = _Encoding(GSM7, GSM7_SINGLE_SEPTETS, GSM7_PART_SEPTETS, _septets)
_UCS2_ENCODING = _Encoding(UCS2, UCS2_SINGLE_UNITS, UCS2_PART_UNITS, _utf16_units)


def _ucs2_forcing(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(char for char in text if char not in GSM7_CHARS))


_CLUSTER = regex.compile(r"\X")


def clusters(text: str) -> list[str]:
    """The text's extended grapheme clusters (what a reader sees as one character).

    Twilio never splits one across two segments, so segments are packed cluster by cluster.
    """
    return _CLUSTER.findall(text)


def _count_parts(costs: list[int], capacity: int) -> int:
    """Pack clusters into parts in order; a cluster (or a 2-unit character) never straddles."""
    parts, used = 1, 0
    for cost in costs:
        if used + cost > capacity:
            parts, used = parts + 1, 0
        used += cost
    return parts


def segment_info(text: str) -> SegmentInfo:
    """Count segments exactly as the network will, and say which characters force UCS-2.

    Exists because texters pay per segment and because one stray character (say "ô") silently
    halves the room in every segment; the content check reports ``ucs2_chars`` to authors.
    """
    if not text:
        return SegmentInfo(GSM7, 0, 0, ())
    forcing = _ucs2_forcing(text)
    encoding = _UCS2_ENCODING if forcing else _GSM7_ENCODING
    costs = [sum(encoding.cost(char) for char in cluster) for cluster in clusters(text)]
    units = sum(costs)
    segments = 1 if units <= encoding.single else _count_parts(costs, encoding.part)
    return SegmentInfo(encoding.name, segments, units, forcing)


def _pair_pattern(marker: str) -> re.Pattern[str]:
    """Match a WhatsApp formatting pair: off-word edges, hugging non-space text, on one line."""
    m = re.escape(marker)
    not_edge = rf"[^\W_]|{m}"  # a letter/digit, or the marker itself, next to the marker
    inner = rf"[^\s{m}]"
    return re.compile(rf"(?<!{not_edge}){m}(?={inner})(.+?)(?<={inner}){m}(?!{not_edge})")


_FORMAT_PAIRS = tuple(_pair_pattern(marker) for marker in _FORMAT_MARKERS)


def _strip_whatsapp_formatting(text: str) -> str:
    text = _MONOSPACE.sub(r"\1", text)
    for pattern in _FORMAT_PAIRS:
        text = pattern.sub(r"\1", text)
    return text


def _replace_lookalikes(text: str) -> str:
    text = _GUILLEMET_OPEN.sub('"', text)
    text = _GUILLEMET_CLOSE.sub('"', text)
    return _drop_lone_joiners(text.translate(_SMS_TRANSLATION))


def _drop_lone_joiners(text: str) -> str:
    """Remove zero-width joiners only when they alone would force UCS-2 (a pasted French text).

    Persian words and emoji sequences need them, and those texts are UCS-2 anyway.
    """
    forcing = set(_ucs2_forcing(text))
    if forcing and forcing <= _JOINERS:
        return text.translate(_JOINER_REMOVAL)
    return text


def _tidy_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINE_RUN.sub("\n\n", text).strip()


def render_sms(text: str) -> str:
    """Turn an answer into the SMS that is actually sent.

    Exists so that authors can write natural typography (’ « » – … no-break spaces, *bold*)
    without pushing French or Dutch answers into UCS-2, which costs twice the segments.
    Spelling is never altered: letters outside GSM-7 stay and are reported by the content check.
    """
    text = _strip_whatsapp_formatting(text)
    text = _replace_lookalikes(text)
    return _tidy_whitespace(text)


def render_whatsapp(text: str) -> str:
    """Tidy whitespace only: WhatsApp is free per message and shows *bold* and Unicode fine."""
    return _tidy_whitespace(text)


@dataclass(frozen=True)
class _Cut:
    end: int  # text[:end] is kept
    at_line: bool  # the cut falls on a line break, so `more` goes on its own line


def _is_enumeration(text: str, dot: int) -> bool:
    """Tell whether the period at `dot` closes a list number ("2.") or an initial ("M.").

    Cutting there would leave a dangling "2." at the end of the message.
    """
    if text[dot] != ".":
        return False
    line_start = text.rfind("\n", 0, dot) + 1
    words = text[line_start:dot].split()
    if not words:
        return True
    last = words[-1]
    return (len(words) == 1 and last.isdigit()) or (len(last) == 1 and last.isalpha())


def _boundary_cuts(text: str) -> list[_Cut]:
    lines = [_Cut(m.start(), True) for m in re.finditer("\n", text)]
    sentences = [
        _Cut(m.end(), False)
        for m in _SENTENCE_END.finditer(text)
        if not _is_enumeration(text, m.start())
    ]
    return lines + sentences


def _space_cuts(text: str) -> list[_Cut]:
    return [_Cut(m.start(), False) for m in re.finditer(" ", text)]


def _hard_cuts(text: str) -> list[_Cut]:
    ends, end = [], 0
    for cluster in clusters(text)[:-1]:  # between clusters only, never inside one
        end += len(cluster)
        ends.append(_Cut(end, False))
    return ends


def _join(kept: str, more: str, at_line: bool) -> str:
    if not more:
        return kept
    return kept + ("\n" if at_line else " ") + more


def _fitting(text: str, cuts: list[_Cut], more: str, max_segments: int) -> Iterator[str]:
    """Candidate messages from the longest cut down, keeping only those that fit."""
    longest_possible = max(GSM7_SINGLE_SEPTETS, GSM7_PART_SEPTETS * max_segments)
    for cut in sorted(cuts, key=lambda c: (c.end, c.at_line), reverse=True):
        kept = text[: cut.end].rstrip() if cut.end <= longest_possible else ""
        if not kept.strip():
            continue
        message = _join(kept, more, cut.at_line)
        if segment_info(message).segments <= max_segments:
            yield message


def fit(text: str, max_segments: int = 3, more: str = "") -> str:
    """Cut a reply so that it, plus the `more` hint, fits in `max_segments` SMS segments.

    Exists because dynamic replies (lists of addresses, search results) can exceed what a texter
    should pay for. Short text comes back unchanged. Otherwise the cut falls on the last line
    break or sentence end that fits, else on the last space; segments are counted on the final
    string, so a UCS-2 character in the dropped tail (or in `more`) is accounted for correctly.
    Only a single word longer than the whole budget is cut mid-word, as a last resort.
    """
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    if segment_info(text).segments <= max_segments:
        return text
    if segment_info(more).segments > max_segments:
        raise ValueError(f"`more` alone does not fit in {max_segments} segment(s)")
    for cuts in (_boundary_cuts(text), _space_cuts(text), _hard_cuts(text)):
        message = next(_fitting(text, cuts, more, max_segments), None)
        if message is not None:
            return message
    return more
