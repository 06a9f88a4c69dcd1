"""Registration of the nutrition plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.plugins import NavItem, Plugin


def _nav_items():
    return [NavItem(_l("Foods"), "nutrition.foods", "nutrition.view", 20),
            NavItem(_l("Quick analysis"), "nutrition.quick_analysis", "nutrition.analyze", 21)]


def _demo(session, context):
    """The demo's food table: the built-in foods (nothing else depends on the context)."""
    from .services import sync_builtin_foods
    sync_builtin_foods(session)


plugin = Plugin(
    name="nutrition",
    title=_l("Nutrition"),
    requires=("suite",),
    permissions={
        "nutrition.view": (_l("See the food table and standards"),
                           ("admin", "bureau", "nutritionist", "canteen_manager")),
        "nutrition.edit": (_l("Add, edit and import foods; load standards"), ("nutritionist",)),
        "nutrition.review": (_l("Confirm or correct foods against the printed food table"),
                             ("admin", "nutritionist")),
        "nutrition.analyze": (_l("Use the quick analysis"), ("nutritionist", "bureau")),
        "nutrition.choose_standard": (_l("Choose the county's standard"),
                                      ("admin", "nutritionist")),
    },
    blueprint="nutrition.views:bp",
    api_blueprint="nutrition.api:api",
    cli="nutrition.cli:cli",
    nav_items=_nav_items,
    demo=_demo,
)
