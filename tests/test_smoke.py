"""The first proof that the loop closes: a signed SANTE gets the French answer."""

from tests.conftest import inbound_form


def test_signed_sante_gets_french_answer(signed_post, content):
    response = signed_post("/twilio/messages", inbound_form("SANTE"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    expected = content.render("sante", "answer", "fr", "sms")
    assert expected.split("\n")[0] in response.get_data(as_text=True)
