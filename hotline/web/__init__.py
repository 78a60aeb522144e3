"""The HTTP edge: Twilio's webhooks (verify the signature, parse, engine, TwiML), the voice
webhook for missed calls, health, /metrics and the loopback phone simulator.
"""

from __future__ import annotations

from hotline.web.simulator import exchange

# isort: split
# facets last: they may import modules that import the names above
from hotline.web import health, metrics, simulator, voice, webhooks

__all__ = [
    "exchange",
    "health",
    "metrics",
    "simulator",
    "voice",
    "webhooks",
]
