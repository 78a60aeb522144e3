"""The hotline: an SMS/WhatsApp information line for migrants in Belgium.

Importing this package does nothing; `create_app` builds the Flask app (see `hotline.app`). The
engine, handlers and domain modules never import Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from hotline.platform import Services, Settings


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    """Build the web app (kept lazy so that plain-Python modules never pull in Flask)."""
    from hotline.app import create_app as build

    return build(settings, services)
