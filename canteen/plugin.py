"""Registration of the canteen plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin

# app.config keys and their defaults (a county may change them in its instance config)
DEFAULTS = {
    "CANTEEN_SAMPLE_MIN_GRAMS": 125,    # per dish; some provinces require 200
    "CANTEEN_SAMPLE_HOURS": 48,         # a sample is kept at least this long
    "CANTEEN_ISSUE_TOLERANCE": 0.10,    # issued vs planned grams: highlighted beyond ±10 %
    "CANTEEN_REPEAT_DAYS": 5,           # identical counts this many school days in a row: warn
}


def _nav_items():
    return [NavItem(_l("Canteen"), "canteen.index", "canteen.view", 35)]


def init_app(app) -> None:
    """Defaults of the plugin's settings; the subscribers to other plugins' signals."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    from .subscribers import connect
    connect()


plugin = Plugin(
    name="canteen",
    title=_l("Canteen"),
    requires=("menus", "roster", "procurement"),
    permissions={
        "canteen.view": (_l("See canteen records (own school only for school roles)"),
                         ("admin", "bureau", "canteen_manager")),
        "canteen.record": (_l("Enter meal counts, issues of food and food-safety logs"),
                           ("canteen_manager",)),
        "canteen.contracts": (_l("Set catering companies' prices per serving"),
                              ("admin", "bureau")),
    },
    blueprint="canteen.views:bp",
    api_blueprint="canteen.api:api",
    cli="canteen.cli:cli",
    nav_items=_nav_items,
    init_app=init_app,
    demo="canteen.demo:build",
    home_panels="canteen.views.home:home_panels",
)
