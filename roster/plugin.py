"""Registration of the roster plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin

plugin = Plugin(
    name="roster",
    title=_l("Student roster"),
    requires=("suite",),
    permissions={
        "roster.view": (_l("See student roster pages"),
                       ("admin", "bureau")),
    },
    blueprint="roster.views:bp",
    api_blueprint="roster.api:api",
    cli="roster.cli:cli",
    nav_items=lambda: [NavItem(_l("Student roster"), "roster.index", "roster.view", 40)],
)
