"""The printed weekly menu's content (HTML page, PDF, public page): shared by the pages and the
JSON API, so it is built here and not in a view."""
from __future__ import annotations

from sqlalchemy import select

from nutrition import services as nutrition
from suite import clock
from suite.models import School

from .dishes import dish_grams
from .labels import template_labels
from .models import WeekMenu
from .planning import load_menu, week_plan


def print_context(session, menu: WeekMenu) -> dict:
    """Everything the notice-board menu shows, for the main age band of the school, with the
    display names its templates use (the PDF is also rendered outside menus' blueprint)."""
    plan = week_plan(session, menu)
    band = plan["main_band"]
    food_ids = {i.food_id for item in menu.items for i in item.dish.ingredients}
    foods = {f.id: f for f in nutrition.foods_by_id(session, food_ids)}
    recipes = {item.dish_id: [(foods[fid].name, g) for fid, g in dish_grams(item.dish, band)]
               for item in menu.items}
    return {**template_labels(), "menu": menu, "plan": plan, "band": band, "recipes": recipes,
            "school": session.get(School, menu.school_id) if menu.school_id else None,
            "printed": clock.today().isoformat()}


def published_menu(session, school_id: int, week_start, loaded: bool = True) -> WeekMenu | None:
    """The newest published revision of a school's week, loaded for printing (or, with
    `loaded=False`, the row alone: enough to find its rendering in a cache)."""
    menu = session.scalar(select(WeekMenu).where(
        WeekMenu.school_id == school_id, WeekMenu.week_start == week_start,
        WeekMenu.status == "published").order_by(WeekMenu.revision.desc()).limit(1))
    if menu is None or not loaded:
        return menu
    return load_menu(session, menu.id)
