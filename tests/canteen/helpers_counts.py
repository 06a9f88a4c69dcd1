"""Helpers shared by the meal-count tests: dishes and a published week menu built directly
as rows (fast, no food table), reading counts back afresh, and the dates used."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from canteen.models import GradeCount, MealCount, ServedDish
from menus.models import Dish, MenuItem, WeekMenu

TODAY = date(2026, 11, 23)   # Monday, the factory's today
FRIDAY = date(2026, 11, 20)
SATURDAY = date(2026, 11, 21)
WEEK = date(2026, 11, 16)


def make_dishes(db, *names):
    dishes = [Dish(name=name, category="staple") for name in names]
    db.add_all(dishes)
    db.flush()
    return dishes


def publish_menu(db, org, school, dishes, week_start=WEEK, meal="lunch", revision=1,
                 previous_id=None, days=range(5)):
    """A published menu of the school for the week: the dishes at `meal` on each day."""
    menu = WeekMenu(county_id=org.county.id, school_id=school.id, week_start=week_start,
                    status="published", revision=revision, previous_id=previous_id,
                    meals=meal)
    db.add(menu)
    db.flush()
    for d in days:
        for position, dish in enumerate(dishes):
            db.add(MenuItem(menu_id=menu.id, day=week_start + timedelta(days=d), meal=meal,
                            dish_id=dish.id, position=position))
    db.flush()
    return menu


def stored(db):
    """(meal counts, grade rows, served dishes) in the database, seen afresh."""
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m))
                 for m in (MealCount, GradeCount, ServedDish))


def record(db, school_id, day, meal="lunch"):
    """(version, students, plan, teachers, [(grade, students, plan)]) of a record, afresh."""
    db.expire_all()
    row = db.scalar(select(MealCount).where(MealCount.school_id == school_id,
                                            MealCount.day == day, MealCount.meal == meal))
    if row is None:
        return None
    return (row.version, row.students, row.plan_students, row.teachers,
            [(g.grade, g.students, g.plan_students) for g in row.grades])
