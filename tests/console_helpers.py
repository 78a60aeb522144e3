"""Helpers for console tests: accounts, CSRF tokens scraped from pages, logged-in clients."""

from __future__ import annotations

import re

from hotline.accounts import users

PASSWORD = "correct horse battery"
TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf-token" content="([^"]+)"'
)


def make_user(services, role: str, email: str | None = None, language: str = "fr") -> str:
    """Create an account with the shared test password; returns its email."""
    email = email or f"{role}@example.org"
    users.add(services.redis, email, PASSWORD, role, language)
    return email


def csrf_token(client, path: str = "/console/login") -> str:
    """The CSRF token a page carries (forms and the <meta> tag)."""
    html = client.get(path).get_data(as_text=True)
    match = TOKEN.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client, email: str, password: str = PASSWORD):
    """Log a test client in through the real form."""
    token = csrf_token(client)
    return client.post(
        "/console/login", data={"email": email, "password": password, "csrf_token": token}
    )


def logged_in(app, services, role: str):
    """A fresh test client logged in with a new account of `role`."""
    client = app.test_client()
    response = login(client, make_user(services, role))
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
