"""Registration of the subsidy plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin

# app.config keys and their defaults (a county may change them in its instance config)
DEFAULTS = {
    "SUBSIDY_EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,  # one rectification's evidence file
}


def _nav_items():
    return [NavItem(_l("Subsidy ledger"), "subsidy.index", "subsidy.view", 50),
            NavItem(_l("Inspections and rectification"), "subsidy.inspections",
                    "subsidy.inspections", 51)]


def init_app(app) -> None:
    """Defaults of the plugin's settings."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)


plugin = Plugin(
    name="subsidy",
    title=_l("Subsidy ledger"),
    requires=("canteen",),
    permissions={
        "subsidy.view": (_l("See subsidy ledger pages"),
                       ("admin", "bureau")),
        "subsidy.inspections": (_l("See inspections (school and township users: their own "
                                   "schools') and confirm those one was a team member of"),
                                ("admin", "bureau", "township_officer", "canteen_manager")),
        "subsidy.record": (_l("Record inspections (the bureau) or self-checks (a school)"),
                           ("admin", "bureau", "canteen_manager")),
        "subsidy.inspect": (_l("Record inspections of schools and close them"),
                            ("admin", "bureau")),
        "subsidy.rectify": (_l("Record the school's self-checks and rectifications"),
                            ("canteen_manager",)),
    },
    blueprint="subsidy.views:bp",
    api_blueprint="subsidy.api:api",
    cli="subsidy.cli:cli",
    nav_items=_nav_items,
    init_app=init_app,
    home_panels="subsidy.views.inspections:home_panels",
)
