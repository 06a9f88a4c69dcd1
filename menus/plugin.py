"""Registration of the menus plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin


def init_app(app) -> None:
    """The subscribers to other plugins' signals (nutrition asks which foods menus use)."""
    from .subscribers import connect
    connect()


def _nav_items():
    return [NavItem(_l("Menus"), "menus.weeks", "menus.view", 25),
            NavItem(_l("Dishes"), "menus.dishes", "menus.view", 26)]


plugin = Plugin(
    name="menus",
    title=_l("Menus"),
    requires=("nutrition", "procurement"),
    permissions={
        "menus.view": (_l("See dishes and menus (own school only for school roles)"),
                       ("admin", "bureau", "nutritionist", "canteen_manager")),
        "menus.dishes": (_l("Create and edit dishes"), ("nutritionist",)),
        "menus.plan": (_l("Plan weekly menus"), ("nutritionist", "canteen_manager")),
        "menus.templates": (_l("Plan county menu templates"), ("nutritionist",)),
        "menus.submit": (_l("Submit menus for approval"), ("nutritionist", "canteen_manager")),
        "menus.approve": (_l("Approve menus"), ("nutritionist",)),
        "menus.publish": (_l("Publish menus"), ("nutritionist",)),
        "menus.rules": (_l("Set a school's dietary rule (halal, dishes to avoid)"),
                        ("nutritionist", "bureau")),
    },
    blueprint="menus.views:bp",
    api_blueprint="menus.api:api",
    cli="menus.cli:cli",
    nav_items=_nav_items,
    home_panels="menus.access:home_panels",
    demo="menus.demo:build",
    init_app=init_app,
)
