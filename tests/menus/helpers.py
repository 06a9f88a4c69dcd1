"""Dates of the factory's term and helpers shared by the menus tests: taking a menu through
the workflow and reading menus, items and audit entries back afresh."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from menus import services
from menus.models import Dish, DishIngredient, MenuItem, WeekMenu
from suite.models import AuditEntry

WEEK = date(2026, 11, 16)        # a Monday in term; the real date 2026-11-22 is in this week
LAST_WEEK = date(2026, 11, 9)
HOLIDAY_WEEK = date(2026, 9, 28)   # Thursday 2026-10-01 is a holiday
MAKEUP_WEEK = date(2026, 10, 5)    # Saturday 2026-10-10 is a make-up day
MON, TUE, THU, FRI = WEEK, WEEK + timedelta(1), WEEK + timedelta(3), WEEK + timedelta(4)


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
