"""Tests for hotline.content and the real content/: loading, lookups, facts, and answers by SMS.

The last test is the promise of the hotline: texting a topic's keyword in any of the nine
languages, through the signed webhook, gets exactly that topic's answer in that language.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import phonenumbers
import pytest
import yaml
from click.testing import CliRunner

from hotline import languages
from hotline.cli.content import content as content_command
from hotline.content import facts as content_facts
from hotline.content import model as store
from hotline.texters import state as texters
from tests.conftest import inbound_form

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
REAL = store.load(ROOT / "content")
INFO_TOPICS = [t.id for t in REAL.topics.values() if t.kind == "info"]
# A country whose calling code makes the hotline infer each language (see hotline/texters/state.py).
REGION_OF = {
    "fr": "FR",
    "nl": "NL",
    "en": "GB",
    "ar": "MA",
    "es": "ES",
    "ro": "RO",
    "tr": "TR",
    "sq": "AL",
    "fa": "AF",
}


def write_topic(directory: Path, data: dict) -> None:
    directory.mkdir(exist_ok=True)
    path = directory / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def topic(topic_id: str = "demo", **changes: object) -> dict:
    data = {
        "id": topic_id,
        "kind": "info",
        "verified_on": "2026-04",
        "sources": ["000_37d3d3183310f2bb.txt"],
        "keywords": {"fr": [topic_id]},
        "messages": {
            "answer": {
                "fr": {"sms": "Bonjour {name} — « voilà »", "whatsapp": "*Bonjour* {name}"},
                "nl": {"sms": "Hallo {name}"},
            }
        },
    }
    data.update(changes)
    return data


# --- loading ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "other"}, "'id' must equal the file name"),
        ({"kind": "nonsense"}, "'kind' must be one of"),
        ({"messages": {"other": {"fr": {"sms": "x"}}}}, "every topic needs messages.answer"),
        ({"keywords": {"de": ["hallo"]}}, "keywords must map language codes to lists"),
        ({"messages": {"answer": {"fr": {"whatsapp": "x"}}}}, "messages.answer.fr needs an 'sms'"),
        ({"when_refused": "nowhere"}, "demo: when_refused 'nowhere'"),
        ({"outranks": ["nowhere"]}, "demo: outranks 'nowhere'"),
    ],
)
def test_load_refuses_malformed_topics(tmp_path, change, message):
    data = topic(**change)
    directory = tmp_path / "c"
    directory.mkdir()
    (directory / "demo.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(store.ContentError, match=re.escape(message)):
        store.load(directory)


def test_load_refuses_a_keyword_in_two_topics(tmp_path):
    write_topic(tmp_path / "c", topic("one", keywords={"fr": ["Santé"]}))
    write_topic(tmp_path / "c", topic("two", keywords={"nl": ["sante"]}))
    with pytest.raises(store.ContentError, match="keyword collisions: 'sante' in one and two"):
        store.load(tmp_path / "c")


def test_load_refuses_an_empty_directory(tmp_path):
    with pytest.raises(store.ContentError, match="no topics"):
        store.load(tmp_path)


# --- lookups and rendering ----------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path) -> store.Content:
    write_topic(tmp_path / "c", topic())
    return store.load(tmp_path / "c")


def test_missing_language_falls_back_to_french(demo):
    assert demo.raw("demo", "answer", "ar") == demo.raw("demo", "answer", "fr")


def test_sms_rendering_fills_placeholders_and_keeps_gsm7(demo):
    assert demo.render("demo", "answer", "fr", "sms", name="Ana") == 'Bonjour Ana - "voilà"'


def test_whatsapp_rendering_keeps_bold_and_unknown_placeholders_stay_visible(demo):
    assert demo.render("demo", "answer", "fr", "whatsapp", name="Ana") == "*Bonjour* Ana"
    assert demo.render("demo", "answer", "nl", "whatsapp") == "Hallo {name}"  # falls back to sms


def test_placeholders_of_a_message(demo):
    assert demo.topic("demo").placeholders("answer", "fr") == {"name"}


def test_export_json_gives_the_exact_answers(demo):
    exported = store.export_json(demo)["topics"][0]
    assert exported["id"] == "demo" and exported["keywords"] == {"fr": ["demo"]}
    assert set(exported["answers"]) == set(languages.LANGUAGES)
    assert exported["answers"]["nl"] == {"sms": "Hallo {name}", "whatsapp": "Hallo {name}"}


# --- the real content: every fact comes from a seed ---------------------------------------------


def all_texts() -> list[tuple[str, str]]:
    return [
        (f"{t.id}.{name}.{lang}", f"{text.sms}\n{text.whatsapp}")
        for t in REAL.topics.values()
        for name, by_language in t.messages.items()
        for lang, text in by_language.items()
    ]


def test_every_phone_email_and_address_in_content_appears_in_a_seed():
    seeds = content_facts.load_seeds(SEEDS)
    unsourced = [
        f"{where}: {fact.kind} {fact.text!r}"
        for where, text in all_texts()
        for fact in content_facts.unsourced_facts(text, seeds)
    ]
    assert unsourced == []


def test_every_phone_like_digit_run_is_a_seed_number():
    """A cruder second net: any run of 8+ digits (with separators) is a number from a seed."""
    seed_text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    seed_numbers = {
        content_facts.phone_key(m.group(0))
        for m in re.finditer(r"\+?\d[\d ./()-]{6,}\d", seed_text)
    }
    for where, text in all_texts():
        for match in re.finditer(r"\+?\d[\d ./()-]{6,}\d", text):
            if len(re.sub(r"\D", "", match.group(0))) >= 8:
                assert content_facts.phone_key(match.group(0)) in seed_numbers, (
                    where,
                    match.group(0),
                )


def test_solea_contact_is_in_the_content_as_in_the_seed():
    texts = "\n".join(text for _, text in all_texts())
    assert "0456 64 40 36" in texts
    assert "soleaasbl@outlook.com" in texts


# --- texting each keyword in each language gets that answer -------------------------------------


@pytest.fixture(scope="module")
def exported_sms() -> dict[tuple[str, str], str]:
    """The SMS answers exactly as `hotline content export --format json` gives them."""
    result = CliRunner().invoke(
        content_command,
        ["export", "--format", "json"],
        env={"HOTLINE_CONTENT_DIR": str(ROOT / "content")},
    )
    assert result.exit_code == 0, result.output
    return {
        (t["id"], lang): answers["sms"]
        for t in json.loads(result.output)["topics"]
        for lang, answers in t["answers"].items()
    }


def number_for(language: str) -> str:
    """A new texter's number from a country whose code makes the hotline infer `language`."""
    example = phonenumbers.example_number_for_type(
        REGION_OF[language], phonenumbers.PhoneNumberType.MOBILE
    )
    number = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    assert texters.guess_language(number) == language
    return number


def reply_text(response) -> str:
    """The <Message> of a TwiML response, unescaped by a real XML parser."""
    root = ET.fromstring(response.get_data(as_text=True))
    messages = root.findall("Message")
    assert len(messages) == 1
    return messages[0].text or ""


@pytest.mark.parametrize("language", languages.LANGUAGES)
@pytest.mark.parametrize("topic_id", INFO_TOPICS)
def test_texting_a_keyword_gets_that_answer(signed_post, exported_sms, topic_id, language):
    keyword = REAL.topic(topic_id).keywords[language][0]
    response = signed_post(
        "/twilio/messages", inbound_form(keyword.upper(), sender=number_for(language))
    )
    assert response.status_code == 200
    assert reply_text(response) == exported_sms[(topic_id, language)]


def test_every_info_topic_has_a_keyword_in_every_language():
    for topic_id in INFO_TOPICS:
        assert set(REAL.topic(topic_id).keywords) == set(languages.LANGUAGES), topic_id
