"""Tests for hotline.sms: exact segment counting, SMS/WhatsApp rendering and clean cutting."""

import re

import pytest

from hotline.text import sms
from hotline.text.sms import GSM7, UCS2, fit, render_sms, render_whatsapp, segment_info

MORE = "Envoyez SUITE pour la suite."
MORE_AR = "أرسل التالي للمزيد."
EMOJI = "\U0001f600"  # 😀, outside the BMP: a surrogate pair in UTF-16


# --- the GSM 03.38 table itself -----------------------------------------------------------------


def test_basic_table_has_128_positions_in_standard_order():
    assert len(sms._GSM7_TABLE) == 128
    assert len(sms.GSM7_BASIC) == 127  # all positions but the escape
    positions = {"@": 0x00, "Ç": 0x09, "\n": 0x0A, "Δ": 0x10, "_": 0x11, "\x1b": 0x1B}
    positions |= {"É": 0x1F, "¤": 0x24, "¡": 0x40, "§": 0x5F, "¿": 0x60, "à": 0x7F}
    for char, code in positions.items():
        assert sms._GSM7_TABLE.index(char) == code


def test_greek_capitals_are_the_greek_code_points():
    greek = [ord(c) for c in sms._GSM7_TABLE[0x10:0x1B] if c != "_"]
    assert greek == [0x394, 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0, 0x3A8, 0x3A3, 0x398, 0x39E]


@pytest.mark.parametrize("char", list("@£$¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà_ \n\r"))
def test_basic_characters_cost_one_septet(char):
    assert segment_info(char) == sms.SegmentInfo(GSM7, 1, 1, ())


@pytest.mark.parametrize("char", list("^{}\\[~]|€\f"))
def test_extension_characters_cost_two_septets(char):
    assert segment_info(char) == sms.SegmentInfo(GSM7, 1, 2, ())


@pytest.mark.parametrize("char", list("çêôâîûëïœŒÈÀÙÊÔÎÛáíóú`\t°"))
def test_characters_outside_gsm7_force_ucs2(char):
    assert segment_info(char) == sms.SegmentInfo(UCS2, 1, 1, (char,))


# --- segment counting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "segments", "units"),
    [
        ("", GSM7, 0, 0),
        ("a", GSM7, 1, 1),
        ("a" * 160, GSM7, 1, 160),
        ("a" * 161, GSM7, 2, 161),
        ("a" * 306, GSM7, 2, 306),
        ("a" * 307, GSM7, 3, 307),
        ("a" * 459, GSM7, 3, 459),
        ("a" * 460, GSM7, 4, 460),
        ("€" * 80, GSM7, 1, 160),
        ("€" * 81, GSM7, 2, 162),
        ("a" * 158 + "€", GSM7, 1, 160),
        ("a" * 159 + "€", GSM7, 2, 161),
        # 152 septets + "€" would straddle the 153 boundary: the pair moves to part 2, which then
        # overflows, so 306 septets need 3 parts (a naive ceil(306 / 153) says 2).
        ("a" * 152 + "€" + "a" * 152, GSM7, 3, 306),
        ("a" * 152 + "€" + "a" * 151, GSM7, 2, 305),
        ("a" * 151 + "€" + "a" * 153, GSM7, 2, 306),
        ("ê" * 70, UCS2, 1, 70),
        ("ê" * 71, UCS2, 2, 71),
        ("ê" * 134, UCS2, 2, 134),
        ("ê" * 135, UCS2, 3, 135),
        ("ê" * 201, UCS2, 3, 201),
        ("ê" * 202, UCS2, 4, 202),
        ("a" * 69 + "ê", UCS2, 1, 70),
        ("€" * 70 + "ê", UCS2, 2, 71),  # in UCS-2 "€" is one code unit like any other
        (EMOJI, UCS2, 1, 2),
        (EMOJI * 35, UCS2, 1, 70),
        (EMOJI * 36, UCS2, 2, 72),
        # the surrogate pair may not be split across parts: 66 + 2 + 66 units need 3 parts
        ("a" * 66 + EMOJI + "a" * 66, UCS2, 3, 134),
        ("a" * 65 + EMOJI + "a" * 67, UCS2, 2, 134),
    ],
)
def test_segment_counts(text, encoding, segments, units):
    info = segment_info(text)
    assert (info.encoding, info.segments, info.units) == (encoding, segments, units)


@pytest.mark.parametrize(
    ("text", "ucs2_chars"),
    [
        ("Rendez-vous à l'hôpital", ("ô",)),
        ("Où est l'hôpital ? Très près, à gauche.", ("ô",)),
        ("Ça va. Et ça ?", ("ç",)),  # "Ç" is GSM-7, "ç" is not
        ("Noël, fête, hôpital, Noël", ("ë", "ê", "ô")),
        ("Prenez le métro à Schaerbeek, à 9h.", ()),
        ("Goedemorgen, de dienst is open van 9u tot 17u.", ()),
        ("Merci " + EMOJI, (EMOJI,)),
        ("Appelez le 112 \u2013 urgence", ("\u2013",)),  # segment_info does not render
    ],
)
def test_ucs2_chars_lists_the_culprits_in_order(text, ucs2_chars):
    info = segment_info(text)
    assert info.ucs2_chars == ucs2_chars
    assert info.encoding == (UCS2 if ucs2_chars else GSM7)


def test_emoji_counts_two_units_in_a_french_text():
    info = segment_info("Bonjour " + EMOJI)
    assert (info.encoding, info.units, info.segments) == (UCS2, 10, 1)


def test_arabic_text_is_ucs2_with_one_unit_per_letter():
    text = "مرحبا، كيف يمكنني مساعدتك؟"
    info = segment_info(text)
    assert (info.encoding, info.units, info.segments) == (UCS2, len(text), 1)
    assert info.ucs2_chars[:3] == ("م", "ر", "ح")
    assert len(info.ucs2_chars) == len(set(info.ucs2_chars))


# --- render_sms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("l\u2019heure", "l'heure"),
        ("\u2018oui\u2019", "'oui'"),
        ("\u201cja\u201d \u201enee\u201f", '"ja" "nee"'),
        ("5\u2032 30\u2033", "5' 30\""),
        ("\u2039a\u203a", "'a'"),
        ("9h\u201317h", "9h-17h"),
        ("oui \u2014 non \u2015 peut-\u00eatre", "oui - non - peut-\u00eatre"),
        ("\u22125 \u00b0C", "-5 \u00b0C"),
        ("non\u2011stop", "non-stop"),
        ("attendez\u2026", "attendez..."),
        ("Bruxelles\u00a0: 112", "Bruxelles : 112"),
        ("Bruxelles\u202f: 112", "Bruxelles : 112"),
        ("1\u2009000\u2007\u20ac", "1 000 \u20ac"),
        ("a\u200bb\u00adc\u2060d\ufeff", "abcd"),
        ("\u2022 pain\n\u2022 lait", "- pain\n- lait"),
        ("\u00ab bonjour \u00bb", '"bonjour"'),
        ("\u00ab\u00a0bonjour\u00a0\u00bb", '"bonjour"'),
        ("\u00ab\u202fbonjour\u202f\u00bb", '"bonjour"'),
        ("\u00abbonjour\u00bb", '"bonjour"'),
        ("col1\tcol2", "col1 col2"),
        ("l\u00b4eau", "l'eau"),
        ("bon\u200cjour", "bonjour"),  # a lone joiner is dropped when it alone forces UCS-2
    ],
)
def test_render_sms_replaces_punctuation_and_spacing_lookalikes(raw, rendered):
    assert render_sms(raw) == rendered


@pytest.mark.parametrize(
    "text",
    [
        "fête, Noël, hôpital, maïs, cœur, garçon, naïef, België",  # letters are never changed
        "مرحبا، كيف يمكنني مساعدتك؟ اتصل بالرقم 112.",
        "می\u200cخواهم با پزشک صحبت کنم؛ کجا بروم؟",  # Persian ZWNJ is kept
        "Familie " + "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # ZWJ emoji sequence kept
        "5 * 3 = 15",
        "* Conditions: voir site",
        "Tarif*",
        "a*b*c",
        "*a*b and _x_y",  # a closing marker must not touch a letter
        "file_name et other_name",
        "__init__",
        "snake_case_word",
        "~ environ 5 km",
        "e-mail: a_b@example.org",
    ],
)
def test_render_sms_leaves_these_unchanged(text):
    assert render_sms(text) == text


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("*Santé* : appelez le 112", "Santé : appelez le 112"),
        ("C'est _important_.", "C'est important."),
        ("~fermé~ ouvert", "fermé ouvert"),
        ("```code 123```", "code 123"),
        ("```ligne 1\nligne 2```", "ligne 1\nligne 2"),
        ("*gras* et *encore gras*", "gras et encore gras"),
        ("*_gras italique_*", "gras italique"),
        ("_*gras italique*_", "gras italique"),
        ("(*note*)", "(note)"),
        ("*Attention !*", "Attention !"),
        ("*عاجل* اتصل بالرقم 112", "عاجل اتصل بالرقم 112"),
        ("*pas\nfermé* ici", "*pas\nfermé* ici"),  # pairs do not span lines
        ("* pas gras *", "* pas gras *"),  # markers must hug the text
    ],
)
def test_render_sms_strips_whatsapp_formatting_pairs(raw, rendered):
    assert render_sms(raw) == rendered


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("a  \nb\t\nc", "a\nb\nc"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a\n\nb", "a\n\nb"),
        ("\n\n  a\n\n", "a"),
        ("a\u2028b", "a\nb"),
    ],
)
def test_render_sms_tidies_whitespace(raw, rendered):
    assert render_sms(raw) == rendered


def test_render_sms_keeps_a_typographic_french_answer_in_gsm7():
    raw = (
        "*Santé*\u00a0: l\u2019accueil « Médecins du Monde » est ouvert de 9h\u201317h\u202f!\n"
        "\u2022 Apportez vos papiers\u2026 si vous en avez.  \n"
    )
    assert segment_info(raw).encoding == UCS2
    rendered = render_sms(raw)
    assert rendered == (
        'Santé : l\'accueil "Médecins du Monde" est ouvert de 9h-17h !\n'
        "- Apportez vos papiers... si vous en avez."
    )
    assert segment_info(rendered) == sms.SegmentInfo(GSM7, 1, len(rendered), ())


def test_render_sms_reports_the_letter_that_still_forces_ucs2():
    rendered = render_sms("L\u2019hôpital est à 5\u00a0min.")
    assert rendered == "L'hôpital est à 5 min."
    assert segment_info(rendered).ucs2_chars == ("ô",)


# --- render_whatsapp ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("*Santé*  \n\n\n\nAppelez le 112 ", "*Santé*\n\nAppelez le 112"),
        ("l\u2019heure \u00ab ici \u00bb\u2026", "l\u2019heure \u00ab ici \u00bb\u2026"),
        ("_a_\r\n~b~\r\n```c```", "_a_\n~b~\n```c```"),
        ("مرحبا  \n\n\nاتصل", "مرحبا\n\nاتصل"),
    ],
)
def test_render_whatsapp_only_tidies_whitespace(raw, rendered):
    assert render_whatsapp(raw) == rendered


# --- fit ----------------------------------------------------------------------------------------


def _sentences(count: int) -> str:
    return " ".join(f"Phrase {i} du texte, assez longue pour compter." for i in range(count))


def _items(count: int) -> str:
    lines = (f"{i}. Accueil {i}, rue de la Loi {i}, 1000 Bruxelles, 9h-17h" for i in range(count))
    return "Adresses :\n" + "\n".join(lines)


def _words(count: int) -> str:
    return " ".join(f"mot{i}" for i in range(count))


def _arabic_sentences(count: int) -> str:
    return " ".join(f"هذه الجملة رقم {i} من النص الطويل. هل تحتاج مساعدة؟" for i in range(count))


def _split(result: str, more: str) -> tuple[str, str]:
    """Return (kept text, separator) from a fitted result."""
    assert result.endswith(more)
    body = result[: len(result) - len(more)] if more else result
    return (body[:-1], body[-1]) if more else (body, "")


@pytest.mark.parametrize(
    ("text", "max_segments", "more"),
    [
        ("Bonjour", 3, MORE),
        ("", 3, MORE),
        ("a" * 459, 3, MORE),
        ("ê" * 201, 3, MORE),
        ("a" * 160, 1, MORE),
        (_words(40), 3, MORE),
        ("مرحبا، كيف يمكنني مساعدتك؟", 3, MORE_AR),
        ("ب" * 201, 3, MORE_AR),
    ],
)
def test_fit_leaves_text_that_fits_unchanged(text, max_segments, more):
    assert fit(text, max_segments, more) == text


@pytest.mark.parametrize(
    ("text", "max_segments", "more", "expected_tail", "separator"),
    [
        (_sentences(20), 3, MORE, "compter.", " "),
        (_sentences(20), 1, MORE, "compter.", " "),
        (_sentences(20), 2, "", "compter.", ""),
        (_items(30), 3, MORE, "9h-17h", "\n"),
        (_items(30), 1, MORE, "9h-17h", "\n"),
        (_arabic_sentences(20), 3, MORE_AR, "؟", " "),
        (_arabic_sentences(20), 2, MORE, "؟", " "),
    ],
)
def test_fit_cuts_at_the_last_boundary_that_fits(
    text, max_segments, more, expected_tail, separator
):
    result = fit(text, max_segments, more)
    kept, sep = _split(result, more)
    assert segment_info(result).segments <= max_segments
    assert text.startswith(kept)
    assert kept.endswith(expected_tail)
    assert sep == separator
    # it is the last boundary that fits: keeping up to the next one would not
    longer = text[: _next_boundary(text, len(kept) + 1)].rstrip() + separator + more
    assert segment_info(longer).segments > max_segments


def _next_boundary(text: str, start: int) -> int:
    """End of the next sentence (after a letter, so not "2.") or line, from `start`."""
    return re.compile(r"(?<=[^\W\d_])[.؟](?= )|\n").search(text, start).end()


def test_fit_cuts_lists_between_items_not_after_a_dangling_number():
    result = fit(_items(30), 3, MORE)
    kept, sep = _split(result, MORE)
    assert sep == "\n"
    last_line = kept.split("\n")[-1]
    assert last_line.endswith("9h-17h") and last_line[0].isdigit()


@pytest.mark.parametrize(
    ("text", "more"),
    [
        (_words(200), MORE),
        (_words(200), ""),
        (" ".join(["خدمة"] * 150), MORE_AR),
    ],
)
def test_fit_falls_back_to_the_last_space_never_mid_word(text, more):
    result = fit(text, 3, more)
    kept, _ = _split(result, more)
    assert segment_info(result).segments <= 3
    assert text.startswith(kept)
    assert text[len(kept)] == " "
    assert len(kept) > 100


def test_fit_measures_the_final_string_not_the_original():
    # The tail holds a UCS-2 letter; once it is cut off the reply is GSM-7 and keeps far more
    # than the 3 x 67 units the original encoding would allow.
    text = _words(200) + " hôpital"
    result = fit(text, 3, MORE)
    assert segment_info(result).encoding == GSM7
    assert len(result) > 3 * 67


def test_fit_accounts_for_a_ucs2_more_hint():
    result = fit(_sentences(20), 3, "Envoyez SUITE \u2192")
    info = segment_info(result)
    assert info.encoding == UCS2 and info.segments <= 3


def test_fit_accounts_for_extension_characters_in_more():
    more = "{SUITE} [suite] ~ \u20ac"
    result = fit("a " * 400, 3, more)
    assert result.endswith(more) and segment_info(result).segments <= 3


def test_fit_keeps_a_long_hyphenated_word_whole():
    text = "Attention " + "tres" + "-long" * 120 + " fin"
    assert fit(text, 3, MORE) == "Attention " + MORE


def test_fit_cuts_a_single_overlong_word_as_a_last_resort():
    result = fit("x" * 500, 3, MORE)
    assert result.endswith(" " + MORE)
    assert segment_info(result).segments == 3


@pytest.mark.parametrize(("max_segments", "more"), [(0, ""), (1, "x" * 161)])
def test_fit_rejects_impossible_budgets(max_segments, more):
    with pytest.raises(ValueError):
        fit("a" * 1000, max_segments, more)
