"""Fixtures of the menus tests: the food table, prices from deliveries (the procurement
fixtures), dishes built through the service, weekly menus and the people of the workflow."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from menus import services
from menus.models import Dish, DishIngredient, MenuItem, WeekMenu
from menus.services import IngredientIn
from suite.models import AuditEntry
from tests.procurement.conftest import deliver, food_id, supplier  # noqa: F401

WEEK = date(2026, 11, 16)        # a Monday in term; the real date 2026-11-22 is in this week
LAST_WEEK = date(2026, 11, 9)
HOLIDAY_WEEK = date(2026, 9, 28)   # Thursday 2026-10-01 is a holiday
MAKEUP_WEEK = date(2026, 10, 5)    # Saturday 2026-10-10 is a make-up day
MON, TUE, THU, FRI = WEEK, WEEK + timedelta(1), WEEK + timedelta(3), WEEK + timedelta(4)


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "en"}


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


def publish_as(db, menu, submitter, approver=None):
    """Take a draft through submit, approve and publish."""
    services.submit(db, menu, submitter)
    services.approve(db, menu, approver or submitter)
    services.publish(db, menu, approver or submitter)
    db.commit()


def counts(db):
    """(dishes, ingredients, menus, items) in the database, seen afresh."""
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m))
                 for m in (Dish, DishIngredient, WeekMenu, MenuItem))


def item_rows(db, menu_id):
    """(day, meal, dish name, position, servings) of a menu, seen afresh."""
    db.expire_all()
    rows = db.execute(select(MenuItem.day, MenuItem.meal, Dish.name, MenuItem.position,
                             MenuItem.servings).join(Dish, Dish.id == MenuItem.dish_id)
                      .where(MenuItem.menu_id == menu_id)
                      .order_by(MenuItem.day, MenuItem.meal, MenuItem.position)).all()
    return [tuple(r) for r in rows]


def menu_state(db, menu):
    """(status, revision, items) of a menu, seen afresh."""
    db.expire_all()
    fresh = db.get(WeekMenu, menu.id)
    return (fresh.status, fresh.revision, item_rows(db, menu.id))


def audit(db, record_type, record_id):
    """(action, new values) of the audit entries of one record, oldest first."""
    return [(e.action, e.new_values) for e in db.scalars(
        select(AuditEntry).where(AuditEntry.record_type == record_type,
                                 AuditEntry.record_id == str(record_id))
        .order_by(AuditEntry.id))]


def nutrient(analysis, name):
    return next(n for n in analysis["nutrients"] if n["nutrient"] == name)
