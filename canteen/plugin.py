"""Registration of the canteen plugin."""
from __future__ import annotations

import click
from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin


def _blueprint():
    from .views import bp
    return bp


def _api():
    from .api import api
    return api


def _cli():
    return click.Group("canteen", help="Canteen commands.")


plugin = Plugin(
    name="canteen",
    title=_l("Canteen"),
    requires=('menus', 'roster'),
    permissions={"canteen.view": (_l("See canteen pages"), ('admin', 'bureau', 'canteen_manager'))},
    blueprint=_blueprint,
    api_blueprint=_api,
    cli=_cli,
    nav_items=lambda: [NavItem(_l("Canteen"), "canteen.index", "canteen.view", 35)],
)
