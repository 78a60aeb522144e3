"""Contract test: the WhatsApp menus created through the Content API match Twilio's description.

Stoplight Prism (as in tests/outbound/test_twilio_contract.py) serves a validating mock of
`../shared/twilio/twilio_content_v1.json`; every interactive template (the main menu and the
workshop list as `twilio/list-picker`, "did you mean…?" as `twilio/quick-reply`) in every
language is created, and looked up by name, through the hotline's Content API client.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from hotline.languages import LANGUAGES
from hotline.outbound import whatsapp_menus, whatsapp_templates
from hotline.outbound.whatsapp_menus import DID_YOU_MEAN, MENU, WORKSHOPS
from hotline.platform.config import Settings
from tests.outbound.test_twilio_contract import ACCOUNT_SID, ROOT, Prism, serve

SPEC = ROOT.parent / "shared" / "twilio" / "twilio_content_v1.json"

# One worker for both Prism modules: they share the npm install in .cache/prism.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prism")]


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    """Prism mocking Twilio's Content API."""
    yield from serve(SPEC, tmp_path_factory.mktemp("prism-content") / "prism.log")


def content_api(prism: Prism) -> whatsapp_templates.TwilioContent:
    """The hotline's Content API client (as the creation job builds it), aimed at Prism."""
    settings = Settings(
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token="contract-test-token",
        twilio_api_base_url=prism.url,
    )
    return whatsapp_templates.TwilioContent(settings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_is_created_within_the_contract(prism, content, language):
    """The main menu (10 items), "did you mean" (1 to 3 buttons) and the workshop list (1 and
    10 items, with descriptions), in every language."""
    shapes = [(MENU, 10), (DID_YOU_MEAN, 1), (DID_YOU_MEAN, 3), (WORKSHOPS, 1), (WORKSHOPS, 10)]
    api = content_api(prism)
    for kind, count in shapes:
        template = whatsapp_menus.definition(content, kind, language, count)
        assert api.create(template.request).startswith("HX")
    assert prism.request_errors() == []


def test_finding_a_template_by_name_lists_within_the_contract(prism):
    content_api(prism).find("hotline_menu10_fr_000000000000")
    assert prism.request_errors() == []


def test_prism_does_catch_a_broken_template(prism):
    """The check is meaningful: a list picker without its button is refused and logged."""
    response = requests.post(
        f"{prism.url}/v1/Content",
        json={"language": "fr", "types": {"twilio/list-picker": {"body": "x", "items": []}}},
        auth=(ACCOUNT_SID, "token"),
        timeout=10,
    )
    assert 400 <= response.status_code < 500
    assert prism.request_errors() != []
