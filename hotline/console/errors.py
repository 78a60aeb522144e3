"""Console error pages: 403 for a role too low, 400 for a missing or expired CSRF token."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue


def forbidden(_error: Exception) -> ResponseReturnValue:
    """403: logged in, but this page needs a higher role."""
    return render_template("console/error.html", message_key="error.forbidden"), 403


def csrf_failed(_error: Exception) -> ResponseReturnValue:
    """400: the form's CSRF token is missing or expired (reload the page and try again)."""
    return render_template("console/error.html", message_key="error.csrf"), 400
