"""Registration of the menus plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin

plugin = Plugin(
    name="menus",
    title=_l("Menus"),
    requires=("nutrition", "procurement"),
    permissions={
        "menus.view": (_l("See menus pages"),
                       ("admin", "bureau", "nutritionist", "canteen_manager")),
    },
    blueprint="menus.views:bp",
    api_blueprint="menus.api:api",
    cli="menus.cli:cli",
    nav_items=lambda: [NavItem(_l("Menus"), "menus.index", "menus.view", 25)],
)
