"""Masked numbers, and reveals that always leave an audit entry without the number."""

from __future__ import annotations

import pytest

from hotline.accounts import contacts
from hotline.conversation import engine
from hotline.conversation.inbound import InboundMessage
from hotline.platform import audit

NUMBER = "+32470123436"


@pytest.fixture
def texter_id(services):
    engine.handle(InboundMessage("sms", NUMBER, "SANTE"), services)
    return services.privacy.texter_id(NUMBER)


def test_masked(services, texter_id):
    assert contacts.masked(services, texter_id) == "+32 4•• •• •• 36"
    assert contacts.masked(services, "unknown") == contacts.UNKNOWN


def test_reveal_needs_a_reason_and_is_audited_without_the_number(services, texter_id):
    with pytest.raises(contacts.RevealError):
        contacts.reveal(services, texter_id, "ana@example.org", " ", "callback:7")
    assert audit.recent(services.redis) == []
    number = contacts.reveal(services, texter_id, "ana@example.org", "call back", "callback:7")
    assert number == NUMBER
    [entry] = audit.recent(services.redis)
    assert entry["action"] == contacts.REVEAL_NUMBER
    assert entry["actor"] == "ana@example.org" and entry["about"] == "callback:7"
    assert "470123436" not in str(entry) and texter_id not in str(entry)
