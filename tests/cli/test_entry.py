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


def test_content_unknown_lists_misses_with_language_and_no_digits(monkeypatch, settings, services):
    from hotline.conversation import InboundMessage, engine

    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("HOTLINE_ENCRYPTION_KEY", settings.encryption_key)
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(settings.var_dir))
    for _ in range(2):
        engine.handle(InboundMessage("sms", "+32470000078", "blablabla 0470123456"), services)
    engine.handle(InboundMessage("sms", "+212600000078", "كلام غير مفهوم"), services)
    listing = CliRunner().invoke(main, ["content", "unknown"])
    assert listing.exit_code == 0, listing.output
    assert "blablabla" in listing.output and "0470" not in listing.output
    table = CliRunner().invoke(main, ["content", "unknown", "--csv"])
    rows = table.output.splitlines()
    assert rows[0] == "text,language,kind,count"
    assert "blablabla,fr,unknown,2" in rows
    assert any(row.endswith(",ar,unknown,1") for row in rows)  # Arabic script: never French
