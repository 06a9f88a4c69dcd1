"""Registration of the nutrition plugin."""
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
    return click.Group("nutrition", help="Nutrition commands.")


plugin = Plugin(
    name="nutrition",
    title=_l("Nutrition"),
    requires=('suite',),
    permissions={"nutrition.view": (_l("See nutrition pages"), ('admin', 'bureau', 'nutritionist', 'canteen_manager'))},
    blueprint=_blueprint,
    api_blueprint=_api,
    cli=_cli,
    nav_items=lambda: [NavItem(_l("Nutrition"), "nutrition.index", "nutrition.view", 20)],
)
