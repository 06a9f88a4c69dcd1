"""Registration of the canteen plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin


def _nav_items():
    return [NavItem(_l("Canteen"), "canteen.index", "canteen.view", 35)]


plugin = Plugin(
    name="canteen",
    title=_l("Canteen"),
    requires=("menus", "roster", "procurement"),
    permissions={
        "canteen.view": (_l("See canteen pages"),
                       ("admin", "bureau", "canteen_manager")),
    },
    blueprint="canteen.views:bp",
    api_blueprint="canteen.api:api",
    cli="canteen.cli:cli",
    nav_items=_nav_items,
)
