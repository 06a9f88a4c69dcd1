"""Procurement's panel on the host's home page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite import clock
from suite.auth import has_permission, user_scope
from suite.db import get_session

from .. import services


def home_panels(user):
    """Suppliers whose licence runs out within 30 days (for a school user, those that
    delivered to its school lately)."""
    if not has_permission(user, "procurement.view"):
        return []
    scope, own = user_scope(user)
    rows = services.licence_warnings(get_session(), clock.today(),
                                     own if scope == "school" else None)
    if not rows:
        return []
    return [(_l("Supplier licences expiring within 30 days"), "procurement/_licence_panel.html",
             {"suppliers": rows, "today": clock.today()})]
