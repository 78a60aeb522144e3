"""The console blueprint object and the accessors every console view shares."""

from __future__ import annotations

from flask import Blueprint, current_app

from hotline.platform import Services

bp = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


def services() -> Services:
    """The process services wired by the app factory."""
    return current_app.extensions["hotline"]
