"""The translators' spreadsheet: export the answers to CSV, import the edited CSV back.

One row per topic, message and field (`sms`, `whatsapp`); per language, three columns: the text,
`<lang>_reviewed` and `<lang>_machine` (yes/no). Translators work in LibreOffice or Excel, so the
file is UTF-8 *with* a byte-order mark: Excel only reads a CSV as UTF-8 when it starts with a BOM
(without it, Arabic and Dari turn into mojibake in the system code page), and LibreOffice uses the
BOM to preselect UTF-8 in its import dialog. Import accepts the file with or without the BOM, and
with `,`, `;` or tab separators (Excel in a French or Belgian locale saves with `;`).

Import validates everything before anything is written, and reports each bad row with its line
in the file: unknown topic, message, field or language, placeholders that differ from French, an
SMS over three segments, a deleted SMS, an Arabic or Dari text without Arabic script (the sign of
a file saved in a non-UTF-8 code page). One bad row and nothing is written. Blank flag cells keep
the current flag; editing a text clears `machine` (a person wrote it) and sets `reviewed` to the
row's flag.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hotline import languages
from hotline.content import files as content_files
from hotline.content import model as store
from hotline.text import sms

FIELDS = ("sms", "whatsapp")
KEY_COLUMNS = ("topic", "message", "field")
REVIEWED = "reviewed"
MACHINE = "machine"
FLAGS = (REVIEWED, MACHINE)
ENTRY_KEYS = (*FIELDS, *FLAGS)
CSV_ENCODING = "utf-8-sig"  # writes the BOM, reads files with or without it
YES, NO = "yes", "no"
_TRUE = {"yes", "y", "true", "1", "x", "oui", "ja", "si", "sí", "da", "evet", "po"}
_FALSE = {"no", "n", "false", "0", "non", "nee", "nu", "hayir", "hayır", "jo"}
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


class CsvImportError(ValueError):
    """The file cannot be read at all (encoding, missing header)."""


def header() -> list[str]:
    """The CSV columns: the row key, then text and flags per language."""
    columns = list(KEY_COLUMNS)
    for lang in languages.LANGUAGES:
        columns += [lang, f"{lang}_{REVIEWED}", f"{lang}_{MACHINE}"]
    return columns


def export_rows(raw: dict[str, dict]) -> Iterator[list[str]]:
    """Every (topic, message, field) row, texts as stored (not rendered), flags as yes/no."""
    yield header()
    for topic_id, data in raw.items():
        for message, by_language in (data.get("messages") or {}).items():
            for name in FIELDS:
                row = [topic_id, message, name]
                for lang in languages.LANGUAGES:
                    row += _cells(by_language.get(lang), name)
                yield row


def _cells(entry: dict | None, name: str) -> list[str]:
    if not entry:
        return ["", "", ""]
    flags = [YES if entry.get(flag) else NO for flag in FLAGS]
    return [str(entry.get(name) or "").strip(), *flags]


def write_csv(rows: Iterable[list[str]], stream: io.TextIOBase, delimiter: str = ",") -> None:
    """Write rows as CSV (every cell quoted when needed; multi-line texts stay in one cell)."""
    csv.writer(stream, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


# --- import -------------------------------------------------------------------------------------


@dataclass
class _Edit:
    """What the CSV says about one message in one language, with the lines that said it."""

    texts: dict[str, tuple[str, int]] = field(default_factory=dict)
    flags: dict[str, dict[bool, list[int]]] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The outcome of validating a CSV: the topics to rewrite, or the errors that forbid it."""

    changed: dict[str, dict] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # "topic.message.lang" whose text changed
    touched: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # entries changed

    @property
    def ok(self) -> bool:
        """True when the import may be written."""
        return not self.errors


def read_csv_text(path: Path) -> str:
    """The file's text; a file that is not UTF-8 is refused with a hint for spreadsheet users."""
    try:
        return Path(path).read_bytes().decode(CSV_ENCODING)
    except UnicodeDecodeError as error:
        raise CsvImportError(
            f"{path} is not UTF-8 (line {_line_of(error)}); save it as 'CSV UTF-8'"
        ) from error


def _line_of(error: UnicodeDecodeError) -> int:
    return error.object[: error.start].count(b"\n") + 1


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (cells may span lines)."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def plan_import(text: str, raw: dict[str, dict]) -> ImportPlan:
    """Validate a CSV against the current raw content and compute the files to rewrite."""
    plan = ImportPlan()
    records = _records(text)
    first = next(records, None)
    if first is None:
        raise CsvImportError("the file is empty")
    columns = _columns(first[1], plan)
    if plan.errors:
        return plan
    edits = _collect(records, columns, raw, plan)
    updated = copy.deepcopy(raw)
    for (topic_id, message, lang), edit in edits.items():
        _apply(updated[topic_id]["messages"][message], lang, edit, topic_id, message, plan)
    _check_messages(updated, edits, plan)
    plan.changed = {t: updated[t] for t in raw if updated[t] != raw[t]}
    return plan


def _columns(names: list[str], plan: ImportPlan) -> dict[str, int]:
    columns = {name.strip(): index for index, name in enumerate(names)}
    for key in KEY_COLUMNS:
        if key not in columns:
            plan.errors.append(f"line 1: missing column '{key}'")
    for name in columns:
        lang, _, flag = name.partition("_")
        if name in KEY_COLUMNS or (lang in languages.LANGUAGES and flag in ("", *FLAGS)):
            if flag and lang not in columns:
                plan.errors.append(f"line 1: column '{name}' without a '{lang}' text column")
            continue
        plan.errors.append(f"line 1: unknown column '{name}' (not a language of the hotline)")
    return columns


def _collect(
    records: Iterator[tuple[int, list[str]]],
    columns: dict[str, int],
    raw: dict[str, dict],
    plan: ImportPlan,
) -> dict[tuple[str, str, str], _Edit]:
    edits: dict[tuple[str, str, str], _Edit] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        cell = _row_reader(record, columns)
        key = (cell("topic").strip(), cell("message").strip(), cell("field").strip())
        if not _row_key_ok(line, key, raw, seen, plan):
            continue
        for lang in languages.LANGUAGES:
            if lang in columns:
                edit = edits.setdefault((key[0], key[1], lang), _Edit())
                _read_language(line, key[2], lang, cell, edit, plan)
    return edits


def _row_reader(record: list[str], columns: dict[str, int]) -> Callable[[str], str]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return record[index] if index is not None and index < len(record) else ""

    return cell


def _row_key_ok(
    line: int,
    key: tuple[str, str, str],
    raw: dict[str, dict],
    seen: dict[tuple[str, str, str], int],
    plan: ImportPlan,
) -> bool:
    topic_id, message, name = key
    problem = ""
    if topic_id not in raw:
        problem = f"unknown topic '{topic_id}'"
    elif message not in (raw[topic_id].get("messages") or {}):
        problem = f"unknown message '{message}' in topic '{topic_id}'"
    elif name not in FIELDS:
        problem = f"unknown field '{name}' (expected sms or whatsapp)"
    elif key in seen:
        problem = f"{topic_id}.{message}.{name} already given on line {seen[key]}"
    if problem:
        plan.errors.append(f"line {line}: {problem}")
        return False
    seen[key] = line
    return True


def _read_language(
    line: int, name: str, lang: str, cell: Callable[[str], str], edit: _Edit, plan: ImportPlan
) -> None:
    edit.texts[name] = (_clean(cell(lang)), line)
    edit.lines.append(line)
    for flag in FLAGS:
        value = cell(f"{lang}_{flag}").strip().lower()
        if not value:
            continue
        if value not in _TRUE | _FALSE:
            plan.errors.append(f"line {line}: {lang}_{flag} must be yes or no, not '{value}'")
            continue
        edit.flags.setdefault(flag, {}).setdefault(value in _TRUE, []).append(line)


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _apply(
    by_language: dict, lang: str, edit: _Edit, topic_id: str, message: str, plan: ImportPlan
) -> None:
    """Merge one language's rows into the message (in place), or record why it cannot be."""
    where = f"{topic_id}.{message}.{lang}"
    old = by_language.get(lang) or {}
    new_texts = {name: text for name, (text, _) in edit.texts.items()}
    if not old and not any(new_texts.values()):
        return
    flags = _flags(edit, where, plan)
    if not _texts_ok(old, edit, where, lang, plan):
        return
    entry = dict(old)
    edited = False
    for name, text in new_texts.items():
        if text != str(old.get(name) or "").strip():
            edited = True
            _set_text(entry, name, text)
    _set_flags(entry, flags, edited)
    entry = _ordered_entry(entry)
    if entry != old:
        plan.touched.setdefault((topic_id, message), set()).add(lang)
        by_language[lang] = entry
        if not old:  # a new language goes to its place in the canonical order
            reordered = content_files.ordered_languages(by_language)
            by_language.clear()
            by_language.update(reordered)
    if edited:
        plan.edited.append(where)


def _texts_ok(old: dict, edit: _Edit, where: str, lang: str, plan: ImportPlan) -> bool:
    """Check the texts this CSV changes (unchanged ones are `content check`'s business)."""
    stored_sms = str(old.get("sms") or "").strip()
    sms_text, sms_line = edit.texts.get("sms", (stored_sms, edit.lines[0]))
    ok = bool(sms_text)
    if not ok:
        plan.errors.append(f"line {sms_line}: {where}: the sms text cannot be empty")
    for name, (text, line) in edit.texts.items():
        if text == str(old.get(name) or "").strip():
            continue
        if text and lang in languages.RTL_CODES and not _ARABIC_SCRIPT.search(text):
            plan.errors.append(
                f"line {line}: {where}.{name} has no Arabic-script letters "
                "(was the file saved in a non-UTF-8 encoding?)"
            )
            ok = False
        ok = _format_ok(text, line, f"{where}.{name}", plan) and ok
    if sms_text and sms_text != stored_sms:
        segments = sms.segment_info(sms.render_sms(sms_text)).segments
        if segments > store.MAX_SEGMENTS:
            plan.errors.append(f"line {sms_line}: {where}.sms is {segments} SMS segments (max 3)")
            ok = False
    return ok


def _format_ok(text: str, line: int, where: str, plan: ImportPlan) -> bool:
    try:
        store.placeholders(text)
    except ValueError as error:
        plan.errors.append(f"line {line}: {where}: broken placeholder braces ({error})")
        return False
    return True


def _flags(edit: _Edit, where: str, plan: ImportPlan) -> dict[str, bool]:
    flags = {}
    for flag, values in edit.flags.items():
        if len(values) > 1:
            lines = ", ".join(str(line) for line_list in values.values() for line in line_list)
            plan.errors.append(f"lines {lines}: {where}: the {flag} flags disagree between rows")
            continue
        flags[flag] = next(iter(values))
    return flags


def _set_text(entry: dict, name: str, text: str) -> None:
    if text:
        entry[name] = text
    else:
        entry.pop(name, None)


def _ordered_entry(entry: dict) -> dict:
    """sms, whatsapp, reviewed, machine first (as the authors write them), then anything else."""
    known = [key for key in ENTRY_KEYS if key in entry]
    return {key: entry[key] for key in known + [k for k in entry if k not in ENTRY_KEYS]}


def _set_flags(entry: dict, flags: dict[str, bool], edited: bool) -> None:
    entry[REVIEWED] = flags.get(REVIEWED, bool(entry.get(REVIEWED, False)))
    machine = flags.get(MACHINE, bool(entry.get(MACHINE, False))) and not edited
    if machine:
        entry[MACHINE] = True
    else:
        entry.pop(MACHINE, None)


def _check_messages(updated: dict[str, dict], edits: dict, plan: ImportPlan) -> None:
    """Placeholders of changed languages must match French (all languages if French changed)."""
    for (topic_id, message), touched in plan.touched.items():
        by_language = updated[topic_id]["messages"][message]
        if languages.REFERENCE_LANGUAGE not in by_language:
            continue
        expected = _placeholder_set(by_language[languages.REFERENCE_LANGUAGE])
        checked = by_language if languages.REFERENCE_LANGUAGE in touched else touched
        for lang in checked:
            found = _placeholder_set(by_language[lang])
            if expected is not None and found is not None and found != expected:
                plan.errors.append(
                    f"line {_line(edits, topic_id, message, lang)}: "
                    f"{topic_id}.{message}.{lang}: placeholders {sorted(found)} "
                    f"differ from French {sorted(expected)}"
                )


def _placeholder_set(entry: dict) -> set[str] | None:
    try:
        return store.placeholders(str(entry.get("sms") or "")) | store.placeholders(
            str(entry.get("whatsapp") or "")
        )
    except ValueError:
        return None  # already reported as broken braces


def _line(edits: dict, topic_id: str, message: str, lang: str) -> int:
    """The first line about this language of the message, else about the message."""
    edit = edits.get((topic_id, message, lang))
    if edit and edit.lines:
        return edit.lines[0]
    return min(e.lines[0] for (t, m, _), e in edits.items() if (t, m) == (topic_id, message))


def import_csv(path: Path, directory: Path) -> ImportPlan:
    """Validate `path` against `directory` and stage the result; writes nothing.

    The staged content must also load as the hotline loads it (keywords, structure), so an
    import can never leave content the hotline would refuse at start-up.
    """
    return import_text(read_csv_text(path), directory)


def decode_upload(data: bytes) -> str:
    """An uploaded file's text (the console); refused like `read_csv_text` when not UTF-8."""
    try:
        return data.decode(CSV_ENCODING)
    except UnicodeDecodeError as error:
        raise CsvImportError(
            f"the file is not UTF-8 (line {_line_of(error)}); save it as 'CSV UTF-8'"
        ) from error


def import_text(text: str, directory: Path) -> ImportPlan:
    """`import_csv` for a CSV already read (the console's upload): the same validation."""
    raw = content_files.read_all(directory)
    plan = plan_import(text, raw)
    if plan.ok and plan.changed:
        try:
            content_files.staged_load(directory, plan.changed)
        except store.ContentError as error:
            plan.errors.append(f"the imported content would not load: {error}")
    return plan
