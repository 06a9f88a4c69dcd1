"""Registration of the procurement plugin."""
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
    return click.Group("procurement", help="Procurement commands.")


plugin = Plugin(
    name="procurement",
    title=_l("Procurement"),
    requires=('nutrition',),
    permissions={"procurement.view": (_l("See procurement pages"), ('admin', 'bureau', 'nutritionist', 'canteen_manager'))},
    blueprint=_blueprint,
    api_blueprint=_api,
    cli=_cli,
    nav_items=lambda: [NavItem(_l("Procurement"), "procurement.index", "procurement.view", 30)],
)
