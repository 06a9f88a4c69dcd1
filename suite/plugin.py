"""The host registers its own pages, API, CLI and permissions like any plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .plugins import NavItem, Plugin


def _nav():
    return [
        NavItem(_l("Schools"), "suite.schools", "suite.view_org", 10),
        NavItem(_l("Terms"), "suite.terms", "suite.view_org", 11),
        NavItem(_l("Subsidy rates"), "suite.rates", "suite.view_org", 12),
        NavItem(_l("County settings"), "suite.county_settings", "suite.org", 89),
        NavItem(_l("Users"), "suite.users", "suite.users", 90),
        NavItem(_l("Audit log"), "suite.audit_log", "suite.audit", 91),
    ]


plugin = Plugin(
    name="suite",
    title=_l("Host"),
    permissions={
        "suite.users": (_l("Add, disable and reset users"), ("admin",)),
        "suite.org": (_l("Edit schools, terms and subsidy rates"), ("admin",)),
        "suite.enrolment": (_l("Enter enrolment by hand"), ("admin", "bureau")),
        "suite.view_org": (_l("See schools, terms and rates"),
                           ("admin", "bureau", "nutritionist", "canteen_manager")),
        "suite.audit": (_l("Browse the audit log"), ("admin", "bureau")),
    },
    blueprint="suite.views:bp",
    api_blueprint="suite.api:api",
    cli="suite.cli:commands",
    nav_items=_nav,
)
