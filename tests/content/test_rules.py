"""The content check's language rules and parity, each shown failing on a crafted content copy.

Each test copies the real content/, breaks one thing the way a hurried edit would, and asserts
that `content check` reports exactly that as a new error (errors the real content already has,
if any, are subtracted, so each test shows its own rule).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from hotline import languages
from hotline.content import checker as content_check
from hotline.content import model as store
from hotline.content import parity as content_parity
from hotline.content import rules as content_rules

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
TODAY = dt.date(2026, 12, 1)

Edit = Callable[[dict[str, dict]], None]


def errors_in(directory: Path) -> set[str]:
    found = content_check.check(store.load(directory), SEEDS, today=TODAY)
    return {str(f) for f in found if f.level == content_check.ERROR}


@pytest.fixture(scope="module")
def real_errors() -> set[str]:
    return errors_in(ROOT / "content")


@pytest.fixture
def broken(tmp_path: Path, real_errors: set[str]) -> Callable[[Edit], set[str]]:
    """Copy content/, apply an edit to the raw topics, return the errors the edit adds."""

    def apply(edit: Edit) -> set[str]:
        target = tmp_path / "content"
        shutil.copytree(ROOT / "content", target)
        topics = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in target.glob("*.yaml")}
        edit(topics)
        for topic_id, data in topics.items():
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            (target / f"{topic_id}.yaml").write_text(text, encoding="utf-8")
        return errors_in(target) - real_errors

    return apply


def sms(topics: dict, topic: str, language: str, message: str = "answer") -> dict:
    return topics[topic]["messages"][message][language]


# --- every language can do what texters need ------------------------------------------------


def test_the_real_content_breaks_no_language_rule():
    assert list(content_rules.problems(store.load(ROOT / "content"))) == []


def test_stop_and_start_without_turkish_words_fail(broken):
    def edit(topics):
        del topics["stop"]["keywords"]["tr"]
        topics["start"]["keywords"]["tr"] = []

    assert broken(edit) == {
        "ERROR   stop.tr: no keywords in this language",
        "ERROR   start.tr: no keywords in this language",
    }


def test_an_intent_topic_without_dari_keywords_fails(broken):
    assert broken(lambda t: t["atelier"]["keywords"].pop("fa")) == {
        "ERROR   atelier.fa: no keywords in this language"
    }


def test_an_info_topic_without_albanian_keywords_fails(broken):
    assert broken(lambda t: t["ecole"]["keywords"].pop("sq")) == {
        "ERROR   ecole.sq: no keywords in this language",
        "ERROR   ecole.answer.sq: has a continuation but the SMS does not say '<sq keyword> 2'",
    }


def test_no_word_selecting_romanian_fails(broken):
    assert broken(lambda t: t["langue"]["select"].pop("ro")) == {
        "ERROR   langue.ro: no word selects this language (select)"
    }


def test_no_word_confirming_an_erasure_in_arabic_fails(broken):
    assert broken(lambda t: t["oublier"]["confirm"].pop("ar")) == {
        "ERROR   oublier.ar: no confirmation word (confirm)"
    }


def test_two_topics_with_one_menu_number_fail(broken):
    def edit(topics):
        topics["ecole"]["menu"] = topics["sante"]["menu"]

    assert broken(edit) == {"ERROR   sante: menu number 1 is also ecole's"}


def test_a_main_menu_without_room_to_spare_fails(broken):
    def edit(topics):
        text = sms(topics, "menu", "ar")
        text["sms"] += "\n11 موضوع جديد"  # still 3 segments, but no room for more

    assert broken(edit) == {
        "ERROR   menu.answer.ar: the main menu leaves less than 30 characters free in 3 segments"
    }


def test_a_tenth_language_without_words_fails(tmp_path, monkeypatch):
    """A language added to LANGUAGES with answers but no words is not ready."""
    ten = (*languages.LANGUAGES, "pt")
    for module in (store, content_check, content_parity, content_rules):
        monkeypatch.setattr(module, "LANGUAGES", ten)
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    for path in target.glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        for by_language in data["messages"].values():
            by_language["pt"] = dict(by_language["en"])
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    found = {f for f in errors_in(target) if ".pt" in f or f.endswith("pt")}

    assert "ERROR   langue.pt: no word selects this language (select)" in found
    assert "ERROR   oublier.pt: no confirmation word (confirm)" in found
    for topic_id in ("stop", "start", "langue", "oublier", "sante", "atelier", "rappel"):
        assert f"ERROR   {topic_id}.pt: no keywords in this language" in found


# --- continuations ("SANTE 2") ------------------------------------------------------------------


def test_a_continuation_not_offered_in_one_language_fails(broken):
    def edit(topics):
        text = sms(topics, "sante", "tr")
        text["sms"] = text["sms"].split("Devami")[0].strip()

    assert broken(edit) == {
        "ERROR   sante.answer.tr: has a continuation but the SMS does not say '<tr keyword> 2'"
    }


def test_a_continuation_offered_with_another_languages_keyword_fails(broken):
    def edit(topics):
        text = sms(topics, "sante", "es")
        text["sms"] = text["sms"].replace("SALUD 2", "SANTE 2")

    assert broken(edit) == {
        "ERROR   sante.answer.es: has a continuation but the SMS does not say '<es keyword> 2'"
    }


def test_a_promised_continuation_that_does_not_exist_fails(broken):
    def edit(topics):
        text = sms(topics, "menu", "fr")
        text["sms"] += "\nPlus : envoyez MENU 2"

    assert broken(edit) == {
        "ERROR   menu.answer.fr: the SMS offers '... 2' but there is no `more` message"
    }


# --- parity: no language drops a fact or a name -------------------------------------------------


def test_a_phone_number_dropped_from_a_translation_fails(broken):
    def edit(topics):
        for message in ("answer", "more"):
            text = sms(topics, "sante", "ar", message)
            text["sms"] = text["sms"].replace("02 534 53 30", "")

    assert broken(edit) == {
        "ERROR   sante.answer.ar: drops phone '02 534 53 30' that the French SMS or "
        "continuation gives"
    }


def test_a_fact_may_move_to_the_continuation(broken):
    def edit(topics):
        answer, more = sms(topics, "contact", "fa"), sms(topics, "contact", "fa", "more")
        answer["sms"] = answer["sms"].replace("0456 64 40 36، ", "")
        more["sms"] = more["sms"] + " SOLEA 0456 64 40 36"

    assert broken(edit) == set()


def test_an_organisation_dropped_from_a_translation_fails(broken):
    def edit(topics):
        for message in ("answer", "more"):
            text = sms(topics, "logement", "es", message)
            text["sms"] = text["sms"].replace("Samusocial", "un albergue")

    assert broken(edit) == {
        "ERROR   logement.answer.es: drops name 'Samusocial' that the French SMS or "
        "continuation gives"
    }


def test_a_translated_organisation_name_counts(broken):
    def edit(topics):
        for message in ("answer", "more"):
            text = sms(topics, "logement", "nl", message)
            text["sms"] = text["sms"].replace("Croix-Rouge", "Rode Kruis")

    assert broken(edit) == set()


def test_the_emergency_numbers_dropped_from_a_translation_fail(broken):
    def edit(topics):
        for message in ("answer", "more"):
            text = sms(topics, "urgence", "fa", message)
            text["sms"] = text["sms"].replace(" یا 101 ", " ").replace(" و 101 ", " ")

    assert broken(edit) == {
        "ERROR   urgence.answer.fa: drops name '101' that the French SMS or continuation gives"
    }


def test_an_intent_message_is_compared_message_by_message(broken):
    def edit(topics):
        text = sms(topics, "atelier", "sq", "none")
        text["sms"] = text["sms"].replace("Fedasil", "shteti")

    assert broken(edit) == {
        "ERROR   atelier.none.sq: drops name 'Fedasil' that the French SMS gives"
    }


def test_names_match_whole_words_and_across_scripts():
    names = (store.Name("Myria"), store.Name("OIM", ("IOM",)))
    topic = store.Topic(
        id="demo",
        kind="info",
        verified_on="2026-04",
        sources=(),
        keywords={},
        messages={
            "answer": {
                "fr": store.Text("CIRÉ, Myria et l'OIM."),
                "ar": store.Text("CIRÉ وMyria وIOM."),
                "en": store.Text("Myrian and OIMS."),
            }
        },
    )

    found = {(g.language, g.text) for g in content_parity.gaps(topic, names)}

    assert found == {("en", "Myria"), ("en", "OIM")}


def test_a_whatsapp_answer_missing_a_fact_of_the_sms_parts_fails(broken):
    """WhatsApp texters get the whole WhatsApp answer, also for "SANTE 2"."""

    def edit(topics):
        text = sms(topics, "sante", "tr")
        text["whatsapp"] = text["whatsapp"].replace("02 534 53 30", "")

    assert broken(edit) == {
        "ERROR   sante.answer.tr: WhatsApp answer lacks phone '02 534 53 30' that its SMS or "
        "continuation gives"
    }
