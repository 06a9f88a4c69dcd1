"""Helpers shared by the canteen tests of issues, costs, supplied meals and days: meal counts,
dishes and published menus built straight through the models, and a fresh look at the ledger."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from canteen.models import GradeCount, MealCount, ServedDish, SuppliedMeal, SupplyContract
from menus.models import Dish, DishIngredient, MenuItem, WeekMenu
from nutrition import services as nutrition
from procurement.models import StockMove

RICE, POTATO, OIL = "012001x", "021101", "192004"
DAY = date(2026, 11, 20)  # a Friday before the factory's today (Monday 2026-11-23)


def count(db, school, day=DAY, meal="lunch", grades=None, teachers=0, dishes=()):
    """A MealCount with its grade rows ({grade: (students, plan students)}) and dishes."""
    grades = grades or {}
    mc = MealCount(school_id=school.id, day=day, meal=meal, teachers=teachers,
                   students=sum(s for s, _p in grades.values()),
                   plan_students=sum(p for _s, p in grades.values()))
    mc.grades = [GradeCount(grade=g, students=s, plan_students=p)
                 for g, (s, p) in sorted(grades.items())]
    mc.dishes = [ServedDish(dish_id=d.id, position=i) for i, d in enumerate(dishes)]
    db.add(mc)
    db.flush()
    return mc


def dish(db, name, rows, category="staple"):
    """A dish from (food code, band or None, grams per serving) rows."""
    d = Dish(name=name, category=category, base_band="9-11", band_factors={})
    d.ingredients = [DishIngredient(food_id=food(db, code).id, band=band, grams=Decimal(grams),
                                    position=i) for i, (code, band, grams) in enumerate(rows)]
    db.add(d)
    db.flush()
    return d


def publish(db, org, school, week_start, items):
    """A published week menu of the school with (day, meal, dish) items."""
    menu = WeekMenu(county_id=org.county.id, school_id=school.id, week_start=week_start,
                    status="published", meals="breakfast,lunch,dinner")
    menu.items = [MenuItem(day=d, meal=m, dish_id=x.id, position=i)
                  for i, (d, m, x) in enumerate(items)]
    db.add(menu)
    db.flush()
    return menu


def contract(db, school, supplier, meal="lunch", band=None, start=date(2026, 9, 1), end=None,
             price="5.00", number="HT-1"):
    c = SupplyContract(school_id=school.id, supplier_id=supplier.id, meal=meal, age_band=band,
                       start_date=start, end_date=end, price_per_serving=Decimal(price),
                       contract_no=number)
    db.add(c)
    db.flush()
    return c


def food(db, code):
    return nutrition.get_food(db, code)


def moves(db, school_id=None):
    """(date, food code, kind, grams, value, meal) of the stock moves, seen afresh."""
    db.expire_all()
    stmt = select(StockMove).order_by(StockMove.id)
    if school_id is not None:
        stmt = stmt.where(StockMove.school_id == school_id)
    codes = {f.id: f.code for f in nutrition.foods_by_id(
        db, db.scalars(select(StockMove.food_id)).all())}
    return [(m.move_date, codes[m.food_id], m.kind, m.grams, m.value, m.meal)
            for m in db.scalars(stmt)]


def supplied_count(db):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(SuppliedMeal))
