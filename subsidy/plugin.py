"""Registration of the subsidy plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin


def _nav_items():
    return [NavItem(_l("Subsidy ledger"), "subsidy.index", "subsidy.view", 50),
            NavItem(_l("Month close"), "subsidy.close_panel", "subsidy.months", 51)]


def init_app(app) -> None:
    """The subscribers to other plugins' signals: a submitted or closed month's veto."""
    from .subscribers import connect
    connect()


plugin = Plugin(
    name="subsidy",
    title=_l("Subsidy ledger"),
    # procurement directly too: a closed month refuses deliveries, voids and stocktakes
    requires=("canteen", "procurement", "roster"),
    permissions={
        "subsidy.view": (_l("See subsidy ledger pages (school and township roles: their own)"),
                         ("admin", "bureau", "township_officer", "canteen_manager")),
        "subsidy.months": (_l("See the month close of schools (own school only for school "
                              "roles)"), ("admin", "bureau", "canteen_manager")),
        "subsidy.submit": (_l("Submit the school's month for closing"), ("canteen_manager",)),
        "subsidy.close": (_l("Close and reopen schools' months"), ("admin", "bureau")),
    },
    blueprint="subsidy.views:bp",
    api_blueprint="subsidy.api:api",
    cli="subsidy.cli:cli",
    nav_items=_nav_items,
    init_app=init_app,
)
