"""Fixtures of the menus tests: dishes built through the service, weekly menus and the people of
the workflow. The food table, the supplier and deliveries (for prices) are shared fixtures
(tests/conftest.py); dates and helpers are in tests/menus/helpers.py."""
from __future__ import annotations

from datetime import date

import pytest

from menus import services
from menus.services import IngredientIn
from nutrition.services import FOOD_GROUPS
from procurement import services as procurement
from procurement.services import LineIn

from .helpers import MON, TUE, WEEK
from .helpers_suggest import PRICES, library, price_table

CATEGORY = {"main": "meat", "staple": "staple", "vegetable": "vegetable", "soup": "soup",
            "fruit": "fruit", "milk": "milk"}


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
def token(db, factory, org):
    """token(role, school=None) -> the Authorization header of a new API token."""
    from suite import accounts

    def _token(role, school=None):
        raw = accounts.create_token(db, factory.user(role, school=school))
        db.commit()
        return {"Authorization": f"Bearer {raw}"}
    return _token


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


@pytest.fixture
def priced_library(db, org, foods):
    """The seed-7 synthetic library as dishes, every food delivered a week before WEEK."""
    supplier = procurement.save_supplier(db, {
        "name": "县农产品公司", "credit_code": "91350100M000100Y43", "licence_no": "JY135010002",
        "licence_expiry": date(2027, 6, 30), "approved": True, "food_groups": list(FOOD_GROUPS)})
    lines = [LineIn(code, "1", "kg", price, temperature_c="2", food_code=code)
             for code, price in PRICES.items()]
    procurement.create_delivery(db, school=org.schools[0], supplier_id=supplier.id,
                                delivery_date=date(2026, 11, 9), invoice_no="NO.7",
                                checker="王老师", lines=lines, today=date(2026, 11, 22))
    dishes = []
    for cand in library(7, dict(staple=12, main=60, vegetable=40, soup=8, fruit=8, milk=4),
                        price_table()):
        rows = [IngredientIn(code, str(g)) for code, g in cand.rows["9-11"]]
        dishes.append(services.save_dish(db, name=cand.name, category=CATEGORY[cand.role],
                                         ingredients=rows))
    db.commit()
    return dishes
