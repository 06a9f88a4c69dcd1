"""Registration of the subsidy plugin."""
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
    return click.Group("subsidy", help="Subsidy ledger commands.")


plugin = Plugin(
    name="subsidy",
    title=_l("Subsidy ledger"),
    requires=('canteen',),
    permissions={"subsidy.view": (_l("See subsidy ledger pages"), ('admin', 'bureau'))},
    blueprint=_blueprint,
    api_blueprint=_api,
    cli=_cli,
    nav_items=lambda: [NavItem(_l("Subsidy ledger"), "subsidy.index", "subsidy.view", 50)],
)
