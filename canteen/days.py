"""A school's days at a glance: each served meal's counts, cost and what is still missing;
and the missing records of many schools for the bureau, counted in SQL.

Missing codes (a meal is "served" when the published menu has it or it was counted):
counts        a served meal without counts
issues        a canteen school's counted meal with no food issued to it
samples       a counted meal without a retained sample
accompany     a counted meal without an accompanying-meal record
health_check  a day with counted meals but no morning health check of the staff
servings      a supplied school's counted meal without delivered servings, or fewer servings
              than students and teachers counted
slip          a supplied meal recorded without a delivery slip number
Days after `today` (when given) are never missing anything."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, literal, select
from sqlalchemy.orm import Session

from menus.models import MenuItem, WeekMenu
from procurement.models import StockMove
from suite import services as org
from suite.models import School, Township
from suite.money import money
from suite.vocabulary import MEALS

from .costs import ZERO, meal_costs_of_schools
from .models import AccompaniedMeal, HealthCheck, MealCount, Sample, SuppliedMeal
from .planning import planned_vs_issued_between
from .supply import supply_flags

MISSING_LABELS = {
    "counts": _l("Meal count"),
    "issues": _l("Food issued"),
    "samples": _l("Retained sample"),
    "accompany": _l("Accompanying-meal log"),
    "health_check": _l("Morning health check"),
    "servings": _l("Delivered servings (none, or fewer than counted)"),
    "slip": _l("Delivery slip"),
}
CODES = tuple(MISSING_LABELS)


def _days(first: date, last: date):
    """Every day from first to last (never a day past them: 9999-12-31 has none after it)."""
    for n in range((last - first).days + 1):
        yield first + timedelta(days=n)


def _triples(session: Session, model, day_col, ids, first, last, extra=()) -> set:
    # plain tuples: a set of Rows compares through Row.__eq__, ten times slower
    return set(map(tuple, session.execute(select(model.school_id, day_col, model.meal).where(
        model.school_id.in_(ids), day_col.between(first, last), *extra))))


def day_summaries(session: Session, school_id: int, first: date, last: date, tolerance,
                  today: date | None = None) -> list[dict]:
    """One dict per calendar day that is a school day or has records, oldest first:
    {"day", "school_day", "meals": [{"meal", "counted", "students", "plan_students",
    "teachers", "version", "food_cost", "student_cost", "teacher_cost", "issued",
    "over_tolerance" (food names), "missing" (codes)}]}."""
    return day_summaries_of_schools(session, [school_id], first, last, tolerance,
                                    today).get(school_id, [])


def day_summaries_of_schools(session: Session, school_ids, first: date, last: date,
                             tolerance, today: date | None = None,
                             compared: dict | None = None) -> dict[int, list[dict]]:
    """school id -> `day_summaries` of the school, for many schools in a fixed number of
    statements (each table read once for all of them); `compared`: the caller's
    `planned_vs_issued_between` of the same schools and days, if it has it already."""
    ids = list(school_ids)
    schools = {sid: (mode == "canteen", cid) for sid, mode, cid in session.execute(
        select(School.id, School.supply_mode, Township.county_id)
        .join(Township, Township.id == School.township_id).where(School.id.in_(ids)))}
    mc = MealCount  # rows, not ORM objects: a county's month has ~10^4 counted meals
    counts = {(c.school_id, c.day, c.meal): c for c in session.execute(select(
        mc.school_id, mc.day, mc.meal, mc.students, mc.plan_students, mc.teachers, mc.version)
        .where(mc.school_id.in_(ids), mc.day.between(first, last)))}
    menu_meals = set(map(tuple, session.execute(
        select(WeekMenu.school_id, MenuItem.day, MenuItem.meal)
        .join(WeekMenu, WeekMenu.id == MenuItem.menu_id).where(
            WeekMenu.school_id.in_(ids), WeekMenu.status == "published",
            MenuItem.day.between(first, last)))))
    costs = meal_costs_of_schools(session, ids, first, last)
    issued = _triples(session, StockMove, StockMove.move_date, ids, first, last,
                      (StockMove.kind == "issue",))
    samples = _triples(session, Sample, Sample.day, ids, first, last)
    accompanied = _triples(session, AccompaniedMeal, AccompaniedMeal.day, ids, first, last)
    checked = set(map(tuple, session.execute(select(HealthCheck.school_id, HealthCheck.day)
                                             .where(HealthCheck.school_id.in_(ids),
                                                    HealthCheck.day.between(first, last)))))
    supplied = {(s.school_id, s.day, s.meal): s for s in session.scalars(
        select(SuppliedMeal).where(SuppliedMeal.school_id.in_(ids),
                                   SuppliedMeal.day.between(first, last)))}
    open_days = {cid: set(org.school_days_between(session, cid, first, last))
                 for cid in {cid for _c, cid in schools.values()}}
    if compared is None:
        compared = planned_vs_issued_between(session, ids, first, last, tolerance)
    meals_of: dict[tuple, set] = {}
    for sid, day, meal in menu_meals | set(counts) | issued | set(supplied) | {
            (sid, d, m) for sid, c in costs.items() for d, m in c}:
        meals_of.setdefault((sid, day), set()).add(meal)
    result = {}
    for sid, (canteen, cid) in schools.items():
        days = []
        for day in _days(first, last):
            meals = meals_of.get((sid, day), set())
            if day not in open_days[cid] and not meals:
                continue
            rows = []
            for meal in (m for m in MEALS if m in meals):
                key, count = (sid, day, meal), counts.get((sid, day, meal))
                cost = costs[sid].get((day, meal), {})
                row = {"meal": meal, "counted": count is not None,
                       "students": count.students if count else 0,
                       "plan_students": count.plan_students if count else 0,
                       "teachers": count.teachers if count else 0,
                       "version": count.version if count else None,
                       "food_cost": cost.get("food_cost", ZERO),
                       "student_cost": cost.get("student_cost", ZERO),
                       "teacher_cost": cost.get("teacher_cost", ZERO),
                       "issued": key in issued, "over_tolerance": [], "missing": []}
                if key in issued:
                    row["over_tolerance"] = [r["name"] for r in compared.get(key, [])
                                             if r["over"]]
                if today is None or day <= today:
                    row["missing"] = _missing(canteen, count, key, issued, samples,
                                              accompanied, (sid, day) in checked,
                                              supplied.get(key))
                rows.append(row)
            days.append({"day": day, "school_day": day in open_days[cid], "meals": rows})
        result[sid] = days
    return result


def _missing(canteen, count, key, issued, samples, accompanied, checked, supplied) -> list:
    if count is None:
        return ["counts"]
    missing = []
    if canteen and key not in issued:
        missing.append("issues")
    if not canteen:
        missing += supply_flags(supplied, count.students + count.teachers)
    if key not in samples:
        missing.append("samples")
    if key not in accompanied:
        missing.append("accompany")
    if not checked:
        missing.append("health_check")
    return missing


def missing_by_school(session: Session, school_ids, first: date, last: date,
                      today: date | None = None) -> dict[int, dict[str, int]]:
    """school id -> {code: number of meals (days for health_check) missing it} for every
    school asked about (every code present, 0 when nothing is missing); three SQL queries."""
    ids = list(school_ids)
    last = min(last, today) if today is not None else last
    result = {sid: dict.fromkeys(CODES, 0) for sid in ids}
    if not ids or last < first:
        return result
    mc = MealCount
    same = dict(day=mc.day, meal=mc.meal)

    def lacks(model, day_col, *extra):
        return ~exists().where(model.school_id == mc.school_id, day_col == same["day"],
                               *(extra or (model.meal == same["meal"],)))

    canteen = School.supply_mode == "canteen"
    heads = mc.students + mc.teachers
    no_check = lacks(HealthCheck, HealthCheck.day, literal(True))
    flags = {
        "issues": and_(canteen, lacks(StockMove, StockMove.move_date, StockMove.kind == "issue",
                                      StockMove.meal == mc.meal)),
        "samples": lacks(Sample, Sample.day),
        "accompany": lacks(AccompaniedMeal, AccompaniedMeal.day),
        "servings": and_(~canteen, func.coalesce(SuppliedMeal.servings, -1) < heads),
        "slip": SuppliedMeal.slip_no == "",
    }
    stmt = (select(mc.school_id, *(func.sum(case((cond, 1), else_=0)) for cond in flags.values()))
            .join(School, School.id == mc.school_id)
            .outerjoin(SuppliedMeal, and_(SuppliedMeal.school_id == mc.school_id,
                                          SuppliedMeal.day == mc.day,
                                          SuppliedMeal.meal == mc.meal))
            .where(mc.school_id.in_(ids), mc.day.between(first, last))
            .group_by(mc.school_id))
    for sid, *numbers in session.execute(stmt):
        result[sid].update({code: int(n or 0) for code, n in zip(flags, numbers)})
    days = (select(mc.school_id, mc.day).where(mc.school_id.in_(ids),
                                               mc.day.between(first, last), no_check)
            .distinct().subquery())
    for sid, n in session.execute(select(days.c.school_id, func.count()).group_by(
            days.c.school_id)):
        result[sid]["health_check"] = int(n)
    served = (select(WeekMenu.school_id, MenuItem.day, MenuItem.meal)
              .join(WeekMenu, WeekMenu.id == MenuItem.menu_id)
              .where(WeekMenu.school_id.in_(ids), WeekMenu.status == "published",
                     MenuItem.day.between(first, last),
                     ~exists().where(mc.school_id == WeekMenu.school_id, mc.day == MenuItem.day,
                                     mc.meal == MenuItem.meal)).distinct().subquery())
    for sid, n in session.execute(select(served.c.school_id, func.count()).group_by(
            served.c.school_id)):
        result[sid]["counts"] = int(n)
    return result


def cost_per_student(summary: dict) -> Decimal | None:
    """A day's students' food cost per plan student-day (the largest plan count of the day's
    meals), to the fen, as the subsidy ledger divides it; None when no plan student ate."""
    pupils = max((m["plan_students"] for m in summary["meals"]), default=0)
    if not pupils:
        return None
    return money(sum((m["student_cost"] for m in summary["meals"]), ZERO) / pupils)
