"""The 24-hour window and the templates file."""

from __future__ import annotations

import pytest

from hotline.outbound import whatsapp

SID = "HX" + "b" * 32


def test_window():
    now = 1_000_000.0
    assert whatsapp.in_window(now - 3600, now)
    assert not whatsapp.in_window(now - 24 * 3600, now)
    assert not whatsapp.in_window(now - 24 * 3600 + 60, now)  # too close to the end
    assert not whatsapp.in_window(0, now)


def test_templates_file(tmp_path):
    path = tmp_path / "t.yaml"
    variables = '{"1": "{title}", "2": "{when}"}'
    path.write_text(f"reminder:\n  fr:\n    content_sid: {SID}\n    variables: {variables}\n")
    template = whatsapp.template_for(str(path), "reminder", "fr")
    assert template.content_sid == SID
    assert template.fill({"title": "Atelier", "when": "lundi"}) == {"1": "Atelier", "2": "lundi"}
    assert template.fill({}) == {"1": "", "2": ""}
    assert whatsapp.template_for(str(path), "reminder", "nl") is None
    assert whatsapp.template_for("", "reminder", "fr") is None


@pytest.mark.parametrize(
    "text",
    [
        "- a list\n",
        "reminder:\n  fr:\n    content_sid: nope\n",
        f"r:\n  fr:\n    content_sid: {SID}\n    variables: [1]\n",
    ],
)
def test_malformed_templates_are_refused(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(whatsapp.TemplateConfigError):
        whatsapp.load(str(path))
