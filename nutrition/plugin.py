"""Registration of the nutrition plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin

plugin = Plugin(
    name="nutrition",
    title=_l("Nutrition"),
    requires=("suite",),
    permissions={
        "nutrition.view": (_l("See nutrition pages"),
                       ("admin", "bureau", "nutritionist", "canteen_manager")),
    },
    blueprint="nutrition.views:bp",
    api_blueprint="nutrition.api:api",
    cli="nutrition.cli:cli",
    nav_items=lambda: [NavItem(_l("Nutrition"), "nutrition.index", "nutrition.view", 20)],
)
