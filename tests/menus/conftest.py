"""Fixtures of the menus tests: dishes built through the service, weekly menus and the people of
the workflow. The food table, the supplier and deliveries (for prices) are shared fixtures
(tests/conftest.py); dates and helpers are in tests/menus/helpers.py."""
from __future__ import annotations

import pytest

from menus import services
from menus.services import IngredientIn

from .helpers import MON, TUE, WEEK


@pytest.fixture
def make_dish(db, foods):
    """make_dish(name, [(food, grams) or (food, grams, band)], category=...) -> Dish."""
    def _make(name, ingredients, category="staple", **kw):
        rows = [IngredientIn(*row) for row in ingredients]
        dish = services.save_dish(db, name=name, category=category, ingredients=rows, **kw)
        db.commit()
        return dish
    return _make


@pytest.fixture
def dishes(make_dish):
    """Three plain dishes, grams per serving entered for age 9-11."""
    return {
        "rice": make_dish("米饭", [("大米", 130)], "staple", cooking_method="蒸"),
        "egg": make_dish("蒸鸡蛋", [("鸡蛋", 60)], "egg", cooking_method="蒸"),
        "greens": make_dish("清炒小白菜", [("小白菜", 120), ("豆油", 5), ("食盐", 1)],
                            "vegetable", cooking_method="炒"),
    }


@pytest.fixture
def make_week(db, org):
    """make_week(school, week_start=WEEK, days=..., meals=..., name=...) -> WeekMenu."""
    def _make(school, week_start=WEEK, **kw):
        menu = services.create_week(db, county_id=org.county.id, school=school,
                                    week_start=week_start, **kw)
        db.commit()
        return menu
    return _make


@pytest.fixture
def planned(db, org, dishes, make_week):
    """A draft of schools[0] with rice and egg on Monday and rice on Tuesday."""
    menu = make_week(org.schools[0])
    for day, dish in ((MON, "rice"), (MON, "egg"), (TUE, "rice")):
        services.add_item(db, menu, day=day, meal="lunch", dish_id=dishes[dish].id)
    db.commit()
    return menu


@pytest.fixture
def nutritionist(factory):
    return factory.user("nutritionist", username="nutri_wang")


@pytest.fixture
def second_nutritionist(factory):
    return factory.user("nutritionist", username="nutri_li")
