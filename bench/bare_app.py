"""The baseline for bench/webhook.py: a bare Flask route returning a fixed TwiML answer.

Served by the same gunicorn settings as the hotline (`hotline/platform/gunicorn_conf.py`), it
measures
what the server, Flask and the load generator cost by themselves on this machine; the hotline's
webhook is then judged as a fraction of it. It reads the form (as any webhook must) but verifies
nothing and touches no Redis.
"""

from __future__ import annotations

from flask import Flask, Response, request

ANSWER = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
    "Sante: sans papiers, vous avez aussi acces aux soins par l'aide medicale urgente."
    "</Message></Response>"
)

app = Flask(__name__)


@app.post("/twilio/messages")
def messages() -> Response:
    """Parse the form, answer the same TwiML every time."""
    request.form.get("Body", "")
    return Response(ANSWER, mimetype="text/xml")
