"""Registration of the procurement plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin


def _nav_items() -> list[NavItem]:
    return [
        NavItem(_l("Deliveries"), "procurement.deliveries", "procurement.view", 30),
        NavItem(_l("Stock"), "procurement.stock", "procurement.view", 31),
        NavItem(_l("Suppliers"), "procurement.suppliers", "procurement.suppliers", 32),
        NavItem(_l("Prices"), "procurement.prices", "procurement.prices", 33),
    ]


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
    nav_items=_nav_items,
    home_panels="procurement.views.home:home_panels",
    demo="procurement.demo:build",
)
