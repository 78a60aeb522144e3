"""The HTTP edge: Twilio's webhooks (verify the signature, parse, engine, TwiML), the voice
webhook for missed calls, health, /metrics and the loopback phone simulator.
"""

from __future__ import annotations

from hotline.web import health, metrics, simulator, voice, webhooks

__all__ = [
    "health",
    "metrics",
    "simulator",
    "voice",
    "webhooks",
]
