"""Registration of the roster plugin."""
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
    return click.Group("roster", help="Student roster commands.")


plugin = Plugin(
    name="roster",
    title=_l("Student roster"),
    requires=('suite',),
    permissions={"roster.view": (_l("See student roster pages"), ('admin', 'bureau'))},
    blueprint=_blueprint,
    api_blueprint=_api,
    cli=_cli,
    nav_items=lambda: [NavItem(_l("Student roster"), "roster.index", "roster.view", 40)],
)
