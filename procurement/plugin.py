"""Registration of the procurement plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite import clock
from suite.plugins import NavItem, Plugin


def nav_items() -> list[NavItem]:
    return [
        NavItem(_l("Deliveries"), "procurement.deliveries", "procurement.view", 30),
        NavItem(_l("Stock"), "procurement.stock", "procurement.view", 31),
        NavItem(_l("Suppliers"), "procurement.suppliers", "procurement.suppliers", 32),
        NavItem(_l("Prices"), "procurement.prices", "procurement.prices", 33),
    ]


def home_panels(user):
    """Suppliers whose licence runs out soon (for a school user, those that deliver to it)."""
    # imported on first use: reading the plugin list loads no models or services
    from suite.auth import has_permission, user_scope
    from suite.db import get_session

    from .services import licence_warnings

    if not has_permission(user, "procurement.view"):
        return []
    scope, own = user_scope(user)
    rows = licence_warnings(get_session(), clock.today(), own if scope == "school" else None)
    if not rows:
        return []
    return [(_l("Supplier licences expiring within 30 days"), "procurement/_licence_panel.html",
             {"suppliers": rows, "today": clock.today()})]


def demo(session, context) -> None:
    from .demo import build
    build(session, context)


plugin = Plugin(
    name="procurement",
    title=_l("Procurement"),
    requires=("nutrition",),
    permissions={
        "procurement.view": (_l("See deliveries, stock and suppliers (own school only for "
                                "school roles)"),
                             ("admin", "bureau", "nutritionist", "canteen_manager")),
        "procurement.suppliers": (_l("Add and edit suppliers"), ("admin", "bureau")),
        "procurement.deliver": (_l("Enter deliveries and stocktakes"), ("canteen_manager",)),
        "procurement.void": (_l("Void deliveries"), ("canteen_manager", "bureau")),
        "procurement.prices": (_l("See the county price table"),
                               ("admin", "bureau", "nutritionist")),
    },
    blueprint="procurement.views:bp",
    api_blueprint="procurement.api:api",
    cli="procurement.cli:cli",
    nav_items=nav_items,
    home_panels=home_panels,
    demo=demo,
)
