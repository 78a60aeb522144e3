"""Tests for the translators' CSV: export, edit, import (validated, all or nothing)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from hotline import languages
from hotline.cli.content import content as content_command
from hotline.content import files as content_files
from hotline.content import model as store
from hotline.content import spreadsheet as content_csv

ROOT = Path(__file__).resolve().parents[2]
SMS_LIMIT_FR = "a" * (153 * 3 + 1)

TOPIC = """\
id: demo
kind: info
verified_on: "2026-04"
sources:
  - 000_37d3d3183310f2bb.txt
keywords:
  fr: [demo, "mot double"]
  ar: [تجربة]
messages:
  answer:
    fr:
      sms: "Bonjour {name}, voici l'info."
      whatsapp: |-
        *Bonjour* {name}
        voici l'info.
      reviewed: true
    nl:
      sms: "Hallo {name}, hier is de info."
      reviewed: false
      machine: true
    ar:
      sms: "مرحبا {name}، هذه المعلومات."
      reviewed: false
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small content directory with one topic (so tests do not depend on the writers)."""
    directory = tmp_path / "content"
    directory.mkdir()
    (directory / "demo.yaml").write_text(TOPIC, encoding="utf-8")
    return directory


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """A copy of the real content/ to edit freely."""
    target = tmp_path / "real"
    shutil.copytree(ROOT / "content", target)
    return target


def run(directory: Path, *args: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOTLINE_CONTENT_DIR", str(directory))
    return CliRunner().invoke(content_command, list(args), catch_exceptions=False)


def export(directory: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> bytes:
    target = directory.parent / "export.csv"
    result = run(
        directory, "export", "--format", "csv", "-o", str(target), *extra, monkeypatch=monkeypatch
    )
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def rows_of(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    return list(
        csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    )


def write_rows(
    path: Path, rows: list[dict[str, str]], bom: bool = True, delimiter: str = ","
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"))
    return path


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def find(rows: list[dict[str, str]], topic: str, message: str, field: str) -> dict[str, str]:
    return next(
        r for r in rows if (r["topic"], r["message"], r["field"]) == (topic, message, field)
    )


# --- export -------------------------------------------------------------------------------------


def test_export_starts_with_bom_and_has_language_and_flag_columns(content_dir, monkeypatch):
    data = export(content_dir, monkeypatch)
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[:6] == ["topic", "message", "field", "fr", "fr_reviewed", "fr_machine"]
    assert len(header) == 3 + 3 * len(languages.LANGUAGES)


def test_export_has_one_row_per_topic_message_and_field(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    assert [(r["topic"], r["message"], r["field"]) for r in rows] == [
        ("demo", "answer", "sms"),
        ("demo", "answer", "whatsapp"),
    ]
    sms_row = find(rows, "demo", "answer", "sms")
    assert sms_row["fr"] == "Bonjour {name}, voici l'info."
    assert (sms_row["fr_reviewed"], sms_row["nl_machine"], sms_row["ar_reviewed"]) == (
        "yes",
        "yes",
        "no",
    )
    assert sms_row["en"] == sms_row["en_reviewed"] == ""  # missing language: empty cells
    assert find(rows, "demo", "answer", "whatsapp")["fr"] == "*Bonjour* {name}\nvoici l'info."


def test_export_keeps_arabic_and_multiline_cells(real_copy, monkeypatch):
    rows = rows_of(export(real_copy, monkeypatch))
    menu = find(rows, "menu", "answer", "sms")
    raw = content_files.read_all(real_copy)["menu"]["messages"]["answer"]
    assert menu["ar"] == raw["ar"]["sms"].strip()
    assert "\n" in menu["fr"]


def test_export_with_semicolons_for_excel_in_french_locales(content_dir, monkeypatch):
    data = export(content_dir, monkeypatch, "--delimiter", ";")
    assert data.decode("utf-8-sig").startswith("topic;message;field;fr;")


def test_export_json_still_works(content_dir, monkeypatch):
    result = run(content_dir, "export", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert '"id": "demo"' in result.output


# --- round trip ---------------------------------------------------------------------------------


def test_unchanged_export_imports_as_no_change(real_copy, monkeypatch):
    before = snapshot(real_copy)
    path = real_copy.parent / "same.csv"
    path.write_bytes(export(real_copy, monkeypatch))
    result = run(real_copy, "import", str(path), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "rewrote 0 files" in result.output
    assert snapshot(real_copy) == before


def test_edit_round_trips_and_marks_reviewed(real_copy, monkeypatch):
    rows = rows_of(export(real_copy, monkeypatch))
    row = find(rows, "menu", "did_you_mean", "sms")
    row["nl"] = "Bedoelt u: {options}? Stuur het woord, of MENU."
    row["nl_reviewed"] = "yes"
    find(rows, "menu", "did_you_mean", "whatsapp")["nl_reviewed"] = "yes"
    path = write_rows(real_copy.parent / "edited.csv", rows)
    before = content_files.read_all(real_copy)

    result = run(real_copy, "import", str(path), monkeypatch=monkeypatch)

    assert result.exit_code == 0, result.output
    assert "edited  menu.did_you_mean.nl" in result.output
    after = content_files.read_all(real_copy)
    entry = after["menu"]["messages"]["did_you_mean"]["nl"]
    assert entry["sms"] == row["nl"] and entry["reviewed"] is True
    for key in ("id", "kind", "verified_on", "sources", "keywords"):
        assert after["menu"][key] == before["menu"][key]
    assert list(after["menu"]) == list(before["menu"])
    assert {k: v for k, v in after.items() if k != "menu"} == {
        k: v for k, v in before.items() if k != "menu"
    }
    assert (
        store.load(real_copy)
        .render("menu", "did_you_mean", "nl", "sms", options="X")
        .startswith("Bedoelt")
    )
    # a second export shows the edit: the round trip is closed
    again = find(rows_of(export(real_copy, monkeypatch)), "menu", "did_you_mean", "sms")
    assert (again["nl"], again["nl_reviewed"]) == (row["nl"], "yes")


def test_rewritten_file_keeps_the_authors_layout(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["ar"] = "مرحبا {name}، المعلومات."
    path = write_rows(content_dir.parent / "e.csv", rows)
    assert run(content_dir, "import", str(path), monkeypatch=monkeypatch).exit_code == 0
    expected = TOPIC.replace("هذه المعلومات", "المعلومات")
    assert (content_dir / "demo.yaml").read_text(encoding="utf-8") == expected


def test_dump_reproduces_the_real_files(real_copy):
    """Rewriting a file without changes gives it back byte for byte (comments aside)."""
    for topic_id, data in content_files.read_all(real_copy).items():
        path = real_copy / f"{topic_id}.yaml"
        original = path.read_text(encoding="utf-8")
        assert yaml.safe_load(content_files.dump(data)) == data
        if not content_files.has_comments(real_copy, topic_id) and "[yes]" not in original:
            assert content_files.dump(data) == original, topic_id


def test_editing_a_machine_draft_clears_machine(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["nl"] = "Hallo {name}, hier is de informatie."
    path = write_rows(content_dir.parent / "e.csv", rows)
    assert run(content_dir, "import", str(path), monkeypatch=monkeypatch).exit_code == 0
    entry = content_files.read_all(content_dir)["demo"]["messages"]["answer"]["nl"]
    assert entry == {"sms": "Hallo {name}, hier is de informatie.", "reviewed": False}


def test_a_new_language_is_added_in_canonical_order(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["en"] = "Hello {name}, here is the info."
    find(rows, "demo", "answer", "whatsapp")["en"] = "*Hello* {name}\nhere is the info."
    path = write_rows(content_dir.parent / "e.csv", rows, bom=False, delimiter=";")
    result = run(content_dir, "import", str(path), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    answer = content_files.read_all(content_dir)["demo"]["messages"]["answer"]
    assert list(answer) == ["fr", "nl", "en", "ar"]
    assert answer["en"] == {
        "sms": "Hello {name}, here is the info.",
        "whatsapp": "*Hello* {name}\nhere is the info.",
        "reviewed": False,
    }


def test_dry_run_writes_nothing(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["nl"] = "Hallo {name}!"
    path = write_rows(content_dir.parent / "e.csv", rows)
    before = snapshot(content_dir)
    result = run(content_dir, "import", str(path), "--dry-run", monkeypatch=monkeypatch)
    assert result.exit_code == 0
    assert "would rewrite 1 files" in result.output
    assert snapshot(content_dir) == before


# --- rejection: line numbers, nothing written ---------------------------------------------------


def rejected(directory: Path, rows: list[dict[str, str]], monkeypatch) -> str:
    before = snapshot(directory)
    path = write_rows(directory.parent / "bad.csv", rows)
    result = run(directory, "import", str(path), monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert snapshot(directory) == before
    return result.output


def test_bad_rows_are_reported_with_their_line_and_nothing_is_written(real_copy, monkeypatch):
    rows = rows_of(export(real_copy, monkeypatch))
    find(rows, "menu", "did_you_mean", "sms")["nl"] = (
        "Bedoelt u iets? Stuur MENU."  # lost {options}
    )
    rows[0]["topic"] = "nosuchtopic"
    good_edit = find(rows, "langue", "answer", "sms")
    good_edit["en"] = "Choose a language."
    line_of = {id(r): _line(rows, r) for r in rows}

    output = rejected(real_copy, rows, monkeypatch)

    bad = find(rows, "menu", "did_you_mean", "sms")
    assert (
        f"line {line_of[id(bad)]}: menu.did_you_mean.nl: "
        "placeholders [] differ from French ['options']" in output
    )
    assert f"line {line_of[id(rows[0])]}: unknown topic 'nosuchtopic'" in output


def _line(rows: list[dict[str, str]], row: dict[str, str]) -> int:
    """The line a row starts on in the written file (header is line 1; cells may span lines)."""
    line = 2
    for other in rows:
        if other is row:
            return line
        line += sum(cell.count("\n") for cell in other.values()) + 1
    raise AssertionError


def test_unknown_message_field_and_language_column_are_rejected(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    rows[0]["message"] = "nope"
    rows[1]["field"] = "mms"
    output = rejected(content_dir, rows, monkeypatch)
    assert "line 2: unknown message 'nope' in topic 'demo'" in output
    assert "line 3: unknown field 'mms'" in output

    rows = rows_of(export(content_dir, monkeypatch))
    for row in rows:
        row["de"] = "Hallo"
    output = rejected(content_dir, rows, monkeypatch)
    assert "line 1: unknown column 'de'" in output


def test_sms_over_three_segments_is_rejected(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["nl"] = "{name} " + "lang " * 100
    output = rejected(content_dir, rows, monkeypatch)
    assert "line 2: demo.answer.nl.sms is 4 SMS segments (max 3)" in output


def test_placeholder_mismatch_in_whatsapp_row_is_rejected(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "whatsapp")["nl"] = "Hallo {naam}"
    output = rejected(content_dir, rows, monkeypatch)
    assert "demo.answer.nl: placeholders ['naam', 'name'] differ from French ['name']" in output


def test_deleting_an_sms_text_and_bad_flags_are_rejected(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["nl"] = ""
    find(rows, "demo", "answer", "sms")["ar_reviewed"] = "maybe"
    output = rejected(content_dir, rows, monkeypatch)
    assert "line 2: demo.answer.nl: the sms text cannot be empty" in output
    assert "line 2: ar_reviewed must be yes or no, not 'maybe'" in output


def test_conflicting_flags_between_rows_are_rejected(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["ar_reviewed"] = "yes"
    output = rejected(content_dir, rows, monkeypatch)
    assert "lines 2, 3: demo.answer.ar: the reviewed flags disagree between rows" in output


def test_arabic_lost_to_a_code_page_is_rejected(content_dir, monkeypatch):
    rows = rows_of(export(content_dir, monkeypatch))
    find(rows, "demo", "answer", "sms")["ar"] = "????? {name}? ???? ?????????."
    output = rejected(content_dir, rows, monkeypatch)
    assert "demo.answer.ar.sms has no Arabic-script letters" in output


def test_a_file_not_in_utf8_is_refused(content_dir, monkeypatch):
    path = content_dir.parent / "latin1.csv"
    path.write_bytes("topic,message,field,fr\ndemo,answer,sms,Sant\xe9 {name}\n".encode("latin-1"))
    before = snapshot(content_dir)
    result = run(content_dir, "import", str(path), monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert "not UTF-8 (line 2); save it as 'CSV UTF-8'" in result.output
    assert snapshot(content_dir) == before


def test_a_partial_csv_only_touches_its_rows(content_dir, monkeypatch):
    path = content_dir.parent / "partial.csv"
    path.write_text(
        "topic,message,field,nl,nl_reviewed\ndemo,answer,sms,Hoi {name}!,yes\n", encoding="utf-8"
    )
    result = run(content_dir, "import", str(path), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    answer = content_files.read_all(content_dir)["demo"]["messages"]["answer"]
    assert answer["nl"] == {"sms": "Hoi {name}!", "reviewed": True}
    assert answer["ar"]["sms"] == "مرحبا {name}، هذه المعلومات."


def test_import_that_would_not_load_is_rejected(content_dir, monkeypatch, tmp_path):
    plan = content_csv.plan_import(
        "topic,message,field,fr\ndemo,answer,sms,Bonjour {name}!\n",
        content_files.read_all(content_dir),
    )
    assert plan.ok and list(plan.changed) == ["demo"]
    broken = dict(plan.changed["demo"], id="other")
    with pytest.raises(store.ContentError):
        content_files.staged_load(content_dir, {"demo": broken})
    assert (content_dir / "demo.yaml").read_text(encoding="utf-8") == TOPIC


def test_write_all_leaves_originals_when_a_write_fails(content_dir, monkeypatch):
    data = content_files.read_all(content_dir)["demo"]
    calls = []

    def failing(target, text):
        calls.append(target)
        raise OSError("disk full")

    monkeypatch.setattr(content_files, "_write_temporary", failing)
    with pytest.raises(OSError):
        content_files.write_all(content_dir, {"demo": data})
    assert calls and (content_dir / "demo.yaml").read_text(encoding="utf-8") == TOPIC
    assert [p.name for p in content_dir.iterdir()] == ["demo.yaml"]
