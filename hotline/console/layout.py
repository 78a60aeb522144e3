"""What every console template sees: `t` (UI strings), roles, the account and the menu.

The menu lists a page only if its view is registered and the account's role includes the
page's role, so pages appear as their domain modules land and staff never see coordinator links.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_login import current_user

from hotline.accounts import users
from hotline.console import i18n


@dataclass(frozen=True)
class NavItem:
    """One menu entry: the view endpoint, its UI string key and the role it needs."""

    endpoint: str
    key: str
    role: str


NAV = (
    NavItem("console.callbacks_page", "nav.callbacks", users.STAFF),
    NavItem("console.simulator", "nav.simulator", users.STAFF),
    NavItem("console.workshops_page", "nav.workshops", users.COORDINATOR),
    NavItem("console.broadcasts_page", "nav.broadcasts", users.COORDINATOR),
    NavItem("console.content", "nav.content", users.COORDINATOR),
    NavItem("console.reports_page", "nav.reports", users.COORDINATOR),
    NavItem("console.outbox", "nav.outbox", users.ADMIN),
    NavItem("console.admin_users", "nav.users", users.ADMIN),
    NavItem("console.admin_audit", "nav.audit", users.ADMIN),
    NavItem("rq_dashboard.queues_overview", "nav.queues", users.ADMIN),
)


def nav_items() -> list[NavItem]:
    """The menu entries the logged-in account may open."""
    if not current_user.is_authenticated:
        return []
    return [
        item
        for item in NAV
        if item.endpoint in current_app.view_functions and current_user.has_role(item.role)
    ]


def template_globals() -> dict[str, object]:
    """Globals for every console template."""
    return {
        "t": i18n.translate,
        "STAFF": users.STAFF,
        "COORDINATOR": users.COORDINATOR,
        "ADMIN": users.ADMIN,
        "UI_LANGUAGES": i18n.LANGUAGE_NAMES,
        "me": current_user,
        "nav_items": nav_items,
    }
