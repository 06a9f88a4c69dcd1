"""Registration of the menus plugin."""
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
    return click.Group("menus", help="Menus commands.")


plugin = Plugin(
    name="menus",
    title=_l("Menus"),
    requires=('nutrition', 'procurement'),
    permissions={"menus.view": (_l("See menus pages"), ('admin', 'bureau', 'nutritionist', 'canteen_manager'))},
    blueprint=_blueprint,
    api_blueprint=_api,
    cli=_cli,
    nav_items=lambda: [NavItem(_l("Menus"), "menus.index", "menus.view", 25)],
)
