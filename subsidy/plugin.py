"""Registration of the subsidy plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin


def _nav_items():
    return [NavItem(_l("Subsidy ledger"), "subsidy.index", "subsidy.view", 50)]


plugin = Plugin(
    name="subsidy",
    title=_l("Subsidy ledger"),
    requires=("canteen", "procurement", "roster"),
    permissions={
        "subsidy.view": (_l("See subsidy ledger pages (school and township roles: their own)"),
                         ("admin", "bureau", "township_officer", "canteen_manager")),
    },
    blueprint="subsidy.views:bp",
    api_blueprint="subsidy.api:api",
    cli="subsidy.cli:cli",
    nav_items=_nav_items,
)
