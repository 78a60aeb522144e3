"""Property-based tests (hypothesis): whatever a texter or the network sends, the hotline answers.

Form parsing either builds a message or refuses the form with InboundError (a 400); normalisation
always returns text; the engine always replies, in a known language, without an exception; the
signed webhook never answers 500. Examples are kept modest so that the suite stays fast.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline.conversation import engine
from hotline.conversation.inbound import CHANNELS, InboundError, InboundMessage, parse_form
from hotline.languages import LANGUAGES
from hotline.text.normalization import normalize
from tests.conftest import inbound_form

FIXTURES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FIELDS = ("From", "To", "Body", "MessageSid", "NumMedia", "MediaUrl0", "ButtonText", "WaId")
_numbers = itertools.count(1)

texts = st.text(max_size=400)
field_values = st.one_of(
    texts,
    st.from_regex(r"\A(whatsapp:)?\+?[0-9 ]{0,16}\Z"),
    st.sampled_from(["+32470000001", "whatsapp:+32470000001", "0470 00 00 01", "-1", "9999"]),
)
forms = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=20), field_values, max_size=8)
keywordish = st.one_of(
    texts,
    st.sampled_from(["SANTE", "OUBLIER", "OUBLIER OUI", "STOP", "RAPPEL", "ATELIER 99", "3", ""]),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(["SANTÉ", "صحة", "CPAS", "LANGUE"]), texts),
)


def fresh_number() -> str:
    """A new Belgian mobile number per example: no rate limit or loop guard across examples."""
    return f"+3247{next(_numbers):07d}"


@given(forms)
@settings(max_examples=200, deadline=None)
def test_parse_form_builds_a_message_or_refuses_the_form(form):
    try:
        message = parse_form(form)
    except InboundError:
        return
    assert message.channel in CHANNELS
    assert message.sender.startswith("+")
    assert len(message.text) <= 1600


@given(texts)
@settings(max_examples=300, deadline=None)
def test_normalize_always_returns_text(text):
    assert isinstance(normalize(text), str)


@given(keywordish, st.sampled_from(CHANNELS))
@FIXTURES
def test_the_engine_always_replies(services, text, channel):
    reply = engine.handle(InboundMessage(channel, fresh_number(), text), services)
    assert reply.text.strip()
    assert reply.language in LANGUAGES


@given(forms)
@FIXTURES
def test_the_webhook_never_fails_on_any_form(signed_post, form):
    response = signed_post("/twilio/messages", {k: v for k, v in form.items() if k})
    assert response.status_code in (200, 400)


@given(keywordish)
@FIXTURES
def test_the_webhook_answers_any_text_with_a_message(signed_post, text):
    response = signed_post("/twilio/messages", inbound_form(text, sender=fresh_number()))
    assert response.status_code == 200
    assert "<Message>" in response.get_data(as_text=True)
