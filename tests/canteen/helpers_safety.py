"""Helpers of the food-safety log tests: dishes served at a meal, local times, row counts."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from canteen.models import MealCount, ServedDish
from menus.models import Dish

ZONE = ZoneInfo("Asia/Shanghai")


def at(day: date, hhmm: str) -> datetime:
    """An aware time of day in the suite's zone (Beijing)."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), ZONE)


def served(db, school, day, meal, *names) -> list[Dish]:
    """A meal's counts with these dishes served (made through the models), committed."""
    dishes = [Dish(name=n, category="other") for n in names]
    db.add_all(dishes)
    db.flush()
    count = MealCount(school_id=school.id, day=day, meal=meal, students=10, plan_students=10,
                      teachers=1)
    count.dishes = [ServedDish(dish_id=d.id, position=k) for k, d in enumerate(dishes)]
    db.add(count)
    db.commit()
    return dishes


def counts(db, *models) -> tuple:
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m)) for m in models)
