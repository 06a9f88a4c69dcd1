"""Registration of the procurement plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin

plugin = Plugin(
    name="procurement",
    title=_l("Procurement"),
    requires=("nutrition",),
    permissions={
        "procurement.view": (_l("See procurement pages"),
                       ("admin", "bureau", "nutritionist", "canteen_manager")),
    },
    blueprint="procurement.views:bp",
    api_blueprint="procurement.api:api",
    cli="procurement.cli:cli",
    nav_items=lambda: [NavItem(_l("Procurement"), "procurement.index", "procurement.view", 30)],
)
