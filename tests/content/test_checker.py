"""Tests for `hotline content check`: the real content passes; each rule errs or warns."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from hotline import languages
from hotline.cli.content import content as content_command
from hotline.content import checker as content_check
from hotline.content import model as store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
SOLEA_SEED = "000_37d3d3183310f2bb.txt"
DIRECTORY_SEED = "004_233dd5a4b08aac1c.txt"


def run_check(directory: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setenv("HOTLINE_CONTENT_DIR", str(directory))
    monkeypatch.setenv("HOTLINE_SEEDS_DIR", str(SEEDS))
    return CliRunner().invoke(content_command, ["check", *args], catch_exceptions=False)


def full_topic(**changes: object) -> dict:
    """A topic that passes: all nine languages, sourced, recent."""
    answer = {
        lang: {"sms": f"Info {lang}: SOLEA 0456 64 40 36.", "reviewed": True}
        for lang in languages.LANGUAGES
    }
    answer["ar"]["sms"] = "معلومات: SOLEA 0456 64 40 36."
    answer["fa"]["sms"] = "معلومات: SOLEA 0456 64 40 36."
    data = {
        "id": "demo",
        "kind": "info",
        "verified_on": dt.date.today().strftime("%Y-%m"),  # recent whatever the date
        "sources": [SOLEA_SEED],
        "keywords": {lang: [f"demo{lang}"] for lang in languages.LANGUAGES},
        "messages": {"answer": answer},
    }
    data.update(changes)
    return data


def findings_for(tmp_path: Path, data: dict, today: dt.date | None = None) -> list[str]:
    directory = tmp_path / "content"
    directory.mkdir(exist_ok=True)
    (directory / "demo.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = content_check.check(store.load(directory), SEEDS, today=today)
    return [str(f) for f in found]


# --- the real content ---------------------------------------------------------------------------


def test_content_check_passes_on_the_real_content(monkeypatch):
    result = run_check(ROOT / "content", monkeypatch)
    assert result.exit_code == 0, "\n".join(
        line for line in result.output.splitlines() if line.startswith("ERROR")
    )
    assert " 0 errors" in result.output


def test_report_lists_segments_and_encoding_per_answer(monkeypatch):
    output = run_check(ROOT / "content", monkeypatch).output
    lines = [line.split() for line in output.splitlines() if " seg " in line]
    loaded = store.load(ROOT / "content")
    expected = sum(len(by_lang) for t in loaded.topics.values() for by_lang in t.messages.values())
    assert len(lines) == expected
    ar_lines = [line for line in lines if line[2] == "ar"]
    assert ar_lines and all("UCS-2" in line for line in ar_lines)
    assert any("UCS-2 because of:" in line for line in output.splitlines())


def test_real_content_has_every_topic_in_nine_languages():
    loaded = store.load(ROOT / "content")
    wanted = {"menu", "sante", "cpas", "retour", "langue", "stop", "start"}
    wanted |= {"juridique", "logement", "emploi", "ecole", "cours", "urgence", "contact"}
    missing = wanted - set(loaded.topics)
    assert not missing, f"topics not written yet: {sorted(missing)}"
    for topic in loaded.topics.values():
        for name, by_language in topic.messages.items():
            assert set(by_language) == set(languages.LANGUAGES), f"{topic.id}.{name}"


def test_the_2016_directory_facts_show_as_stale_warnings(monkeypatch):
    loaded = store.load(ROOT / "content")
    dated_2016 = [t.id for t in loaded.topics.values() if t.verified_on.startswith("2016")]
    assert dated_2016, "the 2016 directory entries must be marked verified_on: 2016-06"
    for topic_id in dated_2016:
        assert DIRECTORY_SEED in loaded.topic(topic_id).sources
    output = run_check(ROOT / "content", monkeypatch, "--quiet").output
    for topic_id in dated_2016:
        assert f"WARNING {topic_id}: stale: facts verified on 2016" in output


def test_only_french_is_reviewed_in_the_real_content():
    loaded = store.load(ROOT / "content")
    for topic in loaded.topics.values():
        for name, by_language in topic.messages.items():
            for lang, text in by_language.items():
                if lang != languages.REFERENCE_LANGUAGE:
                    assert not text.reviewed, f"{topic.id}.{name}.{lang} marked reviewed"


# --- each rule ----------------------------------------------------------------------------------


def test_a_clean_topic_has_no_findings(tmp_path):
    assert findings_for(tmp_path, full_topic()) == []


def test_missing_translation_is_an_error(tmp_path):
    data = full_topic()
    del data["messages"]["answer"]["tr"]
    assert "ERROR   demo.answer.tr: missing translation" in findings_for(tmp_path, data)


def test_unsourced_topic_and_unknown_source_are_errors(tmp_path):
    assert "ERROR   demo: no sources" in findings_for(tmp_path, full_topic(sources=[]))
    found = findings_for(tmp_path, full_topic(sources=["999_nope.txt"]))
    assert any("source 999_nope.txt is not in" in f for f in found)


def test_an_invented_phone_number_is_an_error(tmp_path):
    data = full_topic()
    data["messages"]["answer"]["nl"]["sms"] = "Bel 02 123 45 67."
    found = findings_for(tmp_path, data)
    assert (
        "ERROR   demo.answer.nl: unsourced phone '02 123 45 67': not in any seed document" in found
    )


def test_an_invented_address_or_email_is_an_error(tmp_path):
    data = full_topic()
    data["messages"]["answer"]["en"]["sms"] = "Rue de la Loi 16, 1000 Bruxelles"
    data["messages"]["answer"]["es"]["sms"] = "info@example.org"
    found = findings_for(tmp_path, data)
    assert any(
        f.startswith("ERROR   demo.answer.en: unsourced address 'Rue de la Loi 16") for f in found
    )
    assert any(f.startswith("ERROR   demo.answer.es: unsourced email") for f in found)


def test_sms_over_three_segments_is_an_error(tmp_path):
    data = full_topic()
    data["messages"]["answer"]["fr"]["sms"] = "x" * (153 * 3 + 1)
    assert "ERROR   demo.answer.fr: SMS is 4 segments (max 3)" in findings_for(tmp_path, data)


def test_placeholders_differing_from_french_is_an_error(tmp_path):
    data = full_topic()
    data["messages"]["answer"]["fr"]["sms"] = "Réf {ref}"
    found = findings_for(tmp_path, data)
    assert any(f.startswith("ERROR   demo.answer.nl: placeholders [] differ") for f in found)


def test_stale_unreviewed_and_machine_are_warnings(tmp_path):
    data = full_topic(verified_on="2016-06")
    data["messages"]["answer"]["nl"]["reviewed"] = False
    data["messages"]["answer"]["ro"].update(reviewed=False, machine=True)
    found = findings_for(tmp_path, data)
    assert "WARNING demo: stale: facts verified on 2016-06" in found
    assert "WARNING demo.answer.nl: not reviewed" in found
    assert "WARNING demo.answer.ro: machine-translation draft" in found
    assert not any(f.startswith("ERROR") for f in found)


def test_facts_checked_11_months_ago_are_not_stale(tmp_path):  # fixed dates: given `today`
    found = findings_for(tmp_path, full_topic(verified_on="2025-12"), today=dt.date(2026, 11, 1))
    assert found == []


def test_check_exits_1_on_errors_and_shows_ucs2_characters(tmp_path, monkeypatch):
    data = full_topic()
    data["messages"]["answer"]["fr"]["sms"] = "Santé: côté 0456 64 40 36"
    del data["messages"]["answer"]["sq"]
    findings_for(tmp_path, data)
    result = run_check(tmp_path / "content", monkeypatch)
    assert result.exit_code == 1
    assert "UCS-2 because of: ô" in result.output
    assert "1 topics, 1 errors" in result.output


def test_check_reads_the_content_dir_from_the_environment(tmp_path, monkeypatch):
    target = tmp_path / "copy"
    shutil.copytree(ROOT / "content", target)
    extra = full_topic(id="extra", keywords={"fr": ["extraword"]})
    (target / "extra.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    output = run_check(target, monkeypatch, "--quiet").output
    assert f"{len(list(target.glob('*.yaml')))} topics" in output
