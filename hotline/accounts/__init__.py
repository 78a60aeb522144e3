"""Console accounts: staff logins (users), the login throttle, and revealing a texter's
number to staff with an audit entry (contacts). Above texters (a reveal reads their number),
below the domains that use staff identities.
"""

from __future__ import annotations

from hotline.accounts.contacts import MIN_REASON
from hotline.accounts.users import ADMIN, UI_LANGUAGES

# isort: split
# facets last: they may import modules that import the names above
from hotline.accounts import contacts, login_guard, users

__all__ = [
    "ADMIN",
    "MIN_REASON",
    "UI_LANGUAGES",
    "contacts",
    "login_guard",
    "users",
]
