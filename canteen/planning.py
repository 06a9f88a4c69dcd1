"""Planned against issued for every meal of many schools over a period at once: the same
rows as `costs.planned_vs_issued` gives one meal (the same helpers: `issuing.servings_of`,
`issuing.grams_of`, `costs.compare`), read in a fixed number of statements (one per county
and day for the term, the rest grouped over every school), for the month's day summaries and
the bureau's checks of a county.

A meal's dishes: those noted with its counts, else those of the newest published revision of
the school's weekly menu for that day and meal (`count_checks.served_dish_ids`)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from menus.models import Dish, MenuItem, WeekMenu
from procurement import services as procurement
from procurement.models import StockMove
from suite import services as org
from suite.models import Enrolment, School, Township

from .costs import compare
from .issuing import GRAM, grams_of, servings_of
from .models import GradeCount, MealCount, ServedDish

CENT = Decimal("0.01")


def planned_vs_issued_between(session: Session, school_ids, first: date, last: date,
                              tolerance) -> dict[tuple, list[dict]]:
    """(school_id, day, meal) -> `planned_vs_issued` rows of every meal from `first` to `last`
    of the schools that has counts or food issued."""
    ids = list(school_ids)
    if not ids or last < first:
        return {}
    counts, grades, dish_ids = _counts(session, ids, first, last)
    issued = _issued(session, ids, first, last)
    mixes = _mixes(session, ids, {(sid, day) for sid, day, _m in counts})
    menu_dishes = _menu_dishes(session, [k for k, v in dish_ids.items() if not v], first, last)
    for key, found in menu_dishes.items():
        dish_ids[key] = found
    dishes = {d.id: d for d in session.scalars(
        select(Dish).options(selectinload(Dish.ingredients))
        .where(Dish.id.in_({i for v in dish_ids.values() for i in v})))} if dish_ids else {}
    planned = {}
    for key, teachers in counts.items():
        servings = servings_of(grades.get(key, ()), teachers, mixes.get(key[:2], {}))
        served = [dishes[i] for i in dict.fromkeys(dish_ids.get(key, [])) if i in dishes]
        planned[key] = grams_of(served, servings)
    food_ids = {f for v in planned.values() for f in v} | {f for v in issued.values() for f in v}
    foods = {f.id: f for f in procurement.foods_by_id(session, food_ids)} if food_ids else {}
    return {key: compare(planned.get(key, {}), issued.get(key, {}), foods, tolerance)
            for key in set(counts) | set(issued)}


def _counts(session, ids, first, last) -> tuple[dict, dict, dict]:
    """Of each counted meal, (school, day, meal) -> teachers, -> its grade rows (.grade,
    .students), -> its noted dish ids in serving order: rows, not ORM objects (a county's
    month has ~10^5 grade rows)."""
    mc, gc, sd = MealCount, GradeCount, ServedDish
    where = (mc.school_id.in_(ids), mc.day.between(first, last))
    key = (mc.school_id, mc.day, mc.meal)
    teachers = {(sid, day, meal): n for sid, day, meal, n in session.execute(
        select(*key, mc.teachers).where(*where))}
    grades: dict[tuple, list] = defaultdict(list)
    for row in session.execute(select(*key, gc.grade, gc.students).join(
            gc, gc.meal_count_id == mc.id).where(*where).order_by(gc.grade)):
        grades[tuple(row[:3])].append(row)
    dishes: dict[tuple, list] = {k: [] for k in teachers}
    for sid, day, meal, dish_id in session.execute(select(*key, sd.dish_id).join(
            sd, sd.meal_count_id == mc.id).where(*where).order_by(sd.position, sd.id)):
        dishes[(sid, day, meal)].append(dish_id)
    return teachers, grades, dishes


def _issued(session, ids, first, last) -> dict[tuple, dict]:
    """(school, day, meal) -> {food id: (grams, value)} issued (positive numbers)."""
    out: dict[tuple, dict] = defaultdict(dict)
    sm = StockMove
    for sid, day, meal, food_id, grams, value in session.execute(
            select(sm.school_id, sm.move_date, sm.meal, sm.food_id, func.sum(sm.grams),
                   func.sum(sm.value))
            .where(sm.school_id.in_(ids), sm.move_date.between(first, last),
                   sm.kind == "issue", sm.meal.is_not(None))
            .group_by(sm.school_id, sm.move_date, sm.meal, sm.food_id)):
        out[(sid, day, meal)][food_id] = (-Decimal(grams).quantize(GRAM),
                                          -Decimal(value).quantize(CENT))
    return out


def _mixes(session, ids, school_days: set) -> dict[tuple, dict]:
    """(school, day) -> the term's enrolment mix {grade: {band: students}} of the school."""
    county_of = dict(session.execute(select(School.id, Township.county_id).join(
        Township, Township.id == School.township_id).where(School.id.in_(ids))).all())
    terms = {}
    for cid, day in {(county_of[sid], day) for sid, day in school_days}:
        term = org.term_on(session, cid, day)
        terms[(cid, day)] = term.id if term is not None else None
    term_ids = {t for t in terms.values() if t is not None}
    by_term: dict[tuple, dict] = defaultdict(lambda: defaultdict(dict))
    if term_ids:
        for sid, tid, grade, band, n in session.execute(
                select(Enrolment.school_id, Enrolment.term_id, Enrolment.grade,
                       Enrolment.age_band, func.sum(Enrolment.student_count))
                .where(Enrolment.school_id.in_(ids), Enrolment.term_id.in_(term_ids))
                .group_by(Enrolment.school_id, Enrolment.term_id, Enrolment.grade,
                          Enrolment.age_band)):
            by_term[(sid, tid)][grade][band] = int(n or 0)
    return {(sid, day): by_term.get((sid, terms[(county_of[sid], day)]), {})
            for sid, day in school_days}


def _menu_dishes(session, keys: list, first: date, last: date) -> dict[tuple, list[int]]:
    """(school, day, meal) -> dish ids of the newest published revision of the school's week,
    in menu order, for the meals asked about."""
    if not keys:
        return {}
    ids = {sid for sid, _d, _m in keys}
    monday = first - timedelta(days=first.weekday())
    newest: dict[tuple, tuple] = {}
    for menu_id, sid, week, revision in session.execute(
            select(WeekMenu.id, WeekMenu.school_id, WeekMenu.week_start, WeekMenu.revision)
            .where(WeekMenu.school_id.in_(ids), WeekMenu.status == "published",
                   WeekMenu.week_start.between(monday, last))):
        if (sid, week) not in newest or revision > newest[(sid, week)][1]:
            newest[(sid, week)] = (menu_id, revision)
    school_of = {menu_id: (sid, week) for (sid, week), (menu_id, _r) in newest.items()}
    wanted = set(keys)
    out: dict[tuple, list[int]] = defaultdict(list)
    if not school_of:
        return out
    for menu_id, day, meal, dish_id in session.execute(
            select(MenuItem.menu_id, MenuItem.day, MenuItem.meal, MenuItem.dish_id)
            .where(MenuItem.menu_id.in_(list(school_of)), MenuItem.day.between(first, last))
            .order_by(MenuItem.menu_id, MenuItem.position, MenuItem.id)):
        sid, week = school_of[menu_id]
        key = (sid, day, meal)
        if key in wanted and day - timedelta(days=day.weekday()) == week:
            out[key].append(dish_id)
    return out
