"""What the menus plugin answers when other plugins ask (their signals)."""
from __future__ import annotations

from sqlalchemy import select

from nutrition.signals import food_usage

from .models import DishIngredient, MenuItem, WeekMenu


def foods_in_published_menus(session, **_payload) -> set[int]:
    """Ids of the foods the dishes of published weekly menus (schools' and county templates')
    use: one query."""
    return set(session.scalars(
        select(DishIngredient.food_id).distinct()
        .join(MenuItem, MenuItem.dish_id == DishIngredient.dish_id)
        .join(WeekMenu, WeekMenu.id == MenuItem.menu_id)
        .where(WeekMenu.status == "published")))


def connect() -> None:
    """Connect every subscriber once (blinker keeps one connection per receiver)."""
    food_usage.connect(foods_in_published_menus)
