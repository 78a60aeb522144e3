"""The `hotline` command's core-loop subcommands."""

import json

from click.testing import CliRunner

from hotline.cli import main


def test_content_check_passes_on_the_real_content(monkeypatch):
    result = CliRunner().invoke(main, ["content", "check"])
    assert result.exit_code == 0, result.output
    assert "seg" in result.output


def test_content_export_json_shape():
    result = CliRunner().invoke(main, ["content", "export", "--format", "json"])
    data = json.loads(result.output)
    sante = next(t for t in data["topics"] if t["id"] == "sante")
    assert set(sante["answers"]) >= {"fr", "nl", "en", "ar", "es", "ro", "tr", "sq", "fa"}
    assert set(sante["answers"]["ar"]) == {"sms", "whatsapp"}


def test_chat_shows_replies_with_segments(monkeypatch, settings, services):
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(settings.var_dir))
    result = CliRunner().invoke(main, ["chat", "--from", "+32470000077"], input="SANTE\nصحة\n")
    assert result.exit_code == 0, result.output
    assert "segment(s), GSM-7" in result.output or "segment(s), UCS-2" in result.output
    assert "UCS-2" in result.output
