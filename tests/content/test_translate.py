"""Tests for `hotline content translate`: machine drafts, protected facts, per-topic failures.

No network: the real googletrans.Translator is used, with its HTTP client replaced by an httpx
MockTransport that answers like Google's RPC endpoint (or fails like a dead network).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs

import googletrans
import httpx
import pytest
from click.testing import CliRunner

from hotline.cli.content import content as content_command
from hotline.content import files as content_files
from hotline.content import model as store
from hotline.content import translate as content_translate

FACTS = "Appelez le 0456 64 40 36 ou écrivez à soleaasbl@outlook.com."
ADDRESS = "Rue des Foulons 47, 1000 Bruxelles"


def topic_yaml(topic_id: str, french_sms: str, whatsapp: str = "", english: str = "") -> str:
    """A minimal topic file; `english` adds an existing English translation."""
    lines = [
        f"id: {topic_id}",
        "kind: info",
        'verified_on: "2026-04"',
        "sources:",
        "  - 000_37d3d3183310f2bb.txt",
        "keywords:",
        f"  fr: [{topic_id}]",
        "messages:",
        "  answer:",
        "    fr:",
        f"      sms: {json.dumps(french_sms, ensure_ascii=False)}",
    ]
    if whatsapp:
        lines.append(f"      whatsapp: {json.dumps(whatsapp, ensure_ascii=False)}")
    lines.append("      reviewed: true")
    if english:
        lines += ["    en:", f"      sms: {json.dumps(english)}", "      reviewed: false"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "content"
    directory.mkdir()
    (directory / "contact.yaml").write_text(
        topic_yaml(
            "contact",
            f"SOLEA: {FACTS} {ADDRESS}. Réf {{ref}}.",
            whatsapp="*SOLEA*\n" + FACTS,
            english="SOLEA: call 0456 64 40 36. Ref {ref}.",
        ),
        encoding="utf-8",
    )
    (directory / "sante.yaml").write_text(
        topic_yaml("sante", "Santé: allez au CPAS."), encoding="utf-8"
    )
    return directory


def google_reply(translated: str) -> str:
    """A body shaped like Google's batchexecute answer, as googletrans parses it."""
    parsed = [[None, None, "fr"], [[[None, None, None, False, None, [[translated, None]]]], "x"]]
    line = json.dumps([["wrb.fr", "MkEWBc", json.dumps(parsed), None, None, None, "generic"]])
    return f")]}}'\n\n{len(line)}\n{line}\n"


def requested(request: httpx.Request) -> tuple[str, str]:
    """The (text, destination language) googletrans asked for."""
    form = parse_qs(request.content.decode())
    outer = json.loads(form["f.req"][0])
    text, _, dest, _ = json.loads(outer[0][0][1])[0]
    return text, dest


Handler = Callable[[httpx.Request], httpx.Response]


def fake_google(transform: Callable[[str, str], str]) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        text, dest = requested(request)
        return httpx.Response(200, text=google_reply(transform(text, dest)))

    return handle


@pytest.fixture
def make_translator() -> Iterator[Callable[[Handler], googletrans.Translator]]:
    made: list[googletrans.Translator] = []

    def make(handler: Handler) -> googletrans.Translator:
        translator = content_translate.default_translator()
        translator.client.close()
        translator.client = httpx.Client(transport=httpx.MockTransport(handler))
        made.append(translator)
        return translator

    yield make
    for translator in made:
        translator.client.close()


def tagged(text: str, dest: str) -> str:
    """A stand-in 'translation': mark it, keep the tokens (as a good engine does)."""
    return f"[{dest}] {text}"


def translate(directory: Path, translator, *args: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOTLINE_CONTENT_DIR", str(directory))
    return CliRunner().invoke(
        content_command,
        ["translate", *args],
        obj={"translator": translator},
        catch_exceptions=False,
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


# --- protection ---------------------------------------------------------------------------------


def test_protect_swaps_placeholders_phones_emails_and_addresses():
    text = f"{FACTS} {ADDRESS}. Réf {{ref}}, www.example.be"
    shielded, spans = content_translate.protect(text)
    assert set(spans.values()) == {
        "0456 64 40 36",
        "soleaasbl@outlook.com",
        ADDRESS,
        "{ref}",
        "www.example.be",
    }
    for original in spans.values():
        assert original not in shielded
    assert content_translate.restore(shielded, spans) == text


def test_protect_leaves_menu_numbers_and_times_alone():
    text = "1 Santé\n2 CPAS\n10 Contact\n17h00 - 19h00, de 6 à 18 ans"
    assert content_translate.protect(text) == (text, {})


def test_restore_refuses_a_lost_or_doubled_token():
    shielded, spans = content_translate.protect("Appelez le 0456 64 40 36.")
    (token,) = spans
    with pytest.raises(content_translate.DraftError):
        content_translate.restore(shielded.replace(token, "ZQX A QZ"), spans)
    with pytest.raises(content_translate.DraftError):
        content_translate.restore(shielded + " " + token, spans)


def test_tokens_are_distinct_capital_letters():
    tokens = [content_translate.token(i) for i in range(60)]
    assert len(set(tokens)) == 60
    assert all(t.isalpha() and t.isupper() for t in tokens)


# --- drafting -----------------------------------------------------------------------------------


def test_missing_answers_get_machine_drafts_marked_as_such(
    content_dir, make_translator, monkeypatch
):
    result = translate(
        content_dir, make_translator(fake_google(tagged)), "--to", "nl", monkeypatch=monkeypatch
    )

    assert result.exit_code == 0, result.output
    assert "drafted contact.answer.nl" in result.output
    answer = content_files.read_all(content_dir)["contact"]["messages"]["answer"]
    assert list(answer) == ["fr", "nl", "en"]
    draft = answer["nl"]
    assert draft["machine"] is True and draft["reviewed"] is False
    assert draft["sms"] == f"[nl] SOLEA: {FACTS} {ADDRESS}. Réf {{ref}}."
    assert draft["whatsapp"] == "[nl] *SOLEA*\n" + FACTS
    loaded = store.load(content_dir)
    assert loaded.topic("contact").messages["answer"]["nl"].machine


def test_existing_translations_are_left_alone(content_dir, make_translator, monkeypatch):
    before = content_files.read_all(content_dir)["contact"]["messages"]["answer"]["en"]
    result = translate(
        content_dir, make_translator(fake_google(tagged)), "--to", "en", monkeypatch=monkeypatch
    )
    assert result.exit_code == 0
    assert "drafted sante.answer.en" in result.output
    assert "contact" not in result.output.replace("contact.yaml", "")
    assert content_files.read_all(content_dir)["contact"]["messages"]["answer"]["en"] == before


def test_topic_option_limits_the_run(content_dir, make_translator, monkeypatch):
    before = (content_dir / "contact.yaml").read_bytes()
    result = translate(
        content_dir,
        make_translator(fake_google(tagged)),
        "--to",
        "ar",
        "--topic",
        "sante",
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 0
    assert (content_dir / "contact.yaml").read_bytes() == before
    assert (
        content_files.read_all(content_dir)["sante"]["messages"]["answer"]["ar"]["machine"] is True
    )


def test_unknown_topic_is_refused(content_dir, make_translator, monkeypatch):
    result = translate(
        content_dir,
        make_translator(fake_google(tagged)),
        "--to",
        "ar",
        "--topic",
        "nope",
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 2
    assert "unknown topic(s): nope" in result.output


def test_mangled_protected_text_fails_that_topic_only(content_dir, make_translator, monkeypatch):
    def mangle(text: str, dest: str) -> str:
        return tagged(text.replace("ZQX", "ZQ X"), dest)  # the engine split a token

    before = (content_dir / "contact.yaml").read_bytes()
    result = translate(
        content_dir, make_translator(fake_google(mangle)), "--to", "tr", monkeypatch=monkeypatch
    )

    assert result.exit_code == 1
    assert "FAILED  contact: DraftError: protected text" in result.output
    assert (content_dir / "contact.yaml").read_bytes() == before
    assert "drafted sante.answer.tr" in result.output  # no protected text there


def test_network_failure_is_reported_per_topic_and_touches_nothing(
    content_dir, make_translator, monkeypatch
):
    def dead(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network unreachable", request=request)

    before = snapshot(content_dir)
    result = translate(content_dir, make_translator(dead), "--to", "es", monkeypatch=monkeypatch)

    assert result.exit_code == 1
    assert (
        "FAILED  contact: ConnectError: network unreachable (file left untouched)" in result.output
    )
    assert "FAILED  sante: ConnectError" in result.output
    assert snapshot(content_dir) == before


def test_http_error_status_is_a_failure_not_an_echo(content_dir, make_translator, monkeypatch):
    before = snapshot(content_dir)
    result = translate(
        content_dir,
        make_translator(lambda request: httpx.Response(429)),
        "--to",
        "ro",
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 1
    assert "FAILED  sante" in result.output
    assert snapshot(content_dir) == before


def test_a_draft_over_three_segments_is_not_written(content_dir, make_translator, monkeypatch):
    def verbose(text: str, dest: str) -> str:
        return text + " ذذذذذذذذذذ" * 25  # an Arabic draft far longer than 3 UCS-2 segments

    before = (content_dir / "sante.yaml").read_bytes()
    result = translate(
        content_dir,
        make_translator(fake_google(verbose)),
        "--to",
        "ar",
        "--topic",
        "sante",
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 1
    assert "the SMS draft is" in result.output
    assert (content_dir / "sante.yaml").read_bytes() == before


def test_drafts_are_requested_from_french(content_dir, make_translator, monkeypatch):
    seen: list[tuple[str, str]] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(requested(request))
        return httpx.Response(200, text=google_reply("Sağlık: CPAS'a gidin."))

    translate(
        content_dir,
        make_translator(record),
        "--to",
        "tr",
        "--topic",
        "sante",
        monkeypatch=monkeypatch,
    )
    assert seen == [("Santé: allez au CPAS.", "tr")]
