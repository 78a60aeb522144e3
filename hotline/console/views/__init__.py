"""Console views, one module per page; importing this package attaches them to the blueprint."""

from hotline.console.views import (
    admin,
    broadcasts,
    callbacks,
    cases,
    content,
    home,
    login,
    office,
    outbox,
    reports,
    simulator,
    workshops,
)

__all__ = [
    "admin",
    "broadcasts",
    "callbacks",
    "cases",
    "content",
    "home",
    "login",
    "office",
    "outbox",
    "reports",
    "simulator",
    "workshops",
]
