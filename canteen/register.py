"""The month's printouts of one school: the meal-count register (就餐登记表) and the
food-safety logs (留样、陪餐、晨检、农残快检、消毒). Plain values, a handful of queries per month
whatever its length (no query per day)."""
from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from menus.models import Dish
from procurement.models import Delivery, DeliveryLine, Supplier
from suite import clock
from suite import services as host
from suite.models import School, Term, TermDay, Township
from suite.vocabulary import MEALS

from .models import (AccompaniedMeal, Disinfection, GradeCount, HealthCheck, MealCount,
                     ResidueTest, Sample, ServedDish, Worker)

__all__ = ["month_register", "month_logs"]


def _bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _head(session: Session, school_id: int, year: int, month: int) -> dict:
    school, township = session.execute(
        select(School, Township).join(Township, School.township_id == Township.id)
        .where(School.id == school_id)).one()
    first, last = _bounds(year, month)
    return {"school": school.name, "school_code": school.code, "township": township.name,
            "county_id": township.county_id, "boarding": bool(school.boarding), "year": year,
            "month": month,
            "label": f"{year}-{month:02d}", "first": first, "last": last}


def _school_days(session: Session, county_id: int, first: date, last: date):
    """The school days of the month (of every term it overlaps) and the notes of the term's
    make-up days ({day: note})."""
    days = host.school_days_between(session, county_id, first, last)
    notes = dict(session.execute(select(TermDay.day, TermDay.note).join(Term).where(
        Term.county_id == county_id, TermDay.kind == "makeup",
        TermDay.day.between(first, last))).all())
    return days, notes


def _term_weekends(session: Session, county_id: int, first: date, last: date) -> set:
    """The Saturdays and Sundays of the month inside a term: a boarding school serves them."""
    terms = session.execute(select(Term.start_date, Term.end_date).where(
        Term.county_id == county_id, Term.start_date <= last, Term.end_date >= first)).all()
    return {day for start, end in terms for day in _days(max(start, first), min(end, last))
            if day.weekday() >= 5}


def _days(first: date, last: date):
    return (date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1))


def _local(moment):
    """A stored (UTC) time as the configured zone's wall-clock time, without a zone."""
    return clock.to_local(moment).replace(tzinfo=None) if moment is not None else None


def month_register(session: Session, school_id: int, year: int, month: int) -> dict:
    """The meal-count register of a school's month: every school day (and every other day
    with counts, with its make-up reason), per meal the students by grade, plan students,
    teachers and dishes served; totals per grade, per meal and overall."""
    head = _head(session, school_id, year, month)
    first, last = head["first"], head["last"]
    school_days, notes = _school_days(session, head["county_id"], first, last)
    in_month = (MealCount.school_id == school_id, MealCount.day.between(first, last))
    counts = session.execute(select(MealCount.id, MealCount.day, MealCount.meal,
                                    MealCount.students, MealCount.plan_students,
                                    MealCount.teachers, MealCount.make_up_reason)
                             .where(*in_month)).all()
    by_grade = defaultdict(dict)
    for mc_id, grade, students, plan in session.execute(
            select(GradeCount.meal_count_id, GradeCount.grade, GradeCount.students,
                   GradeCount.plan_students).join(MealCount).where(*in_month)):
        by_grade[mc_id][grade] = {"students": students, "plan_students": plan}
    dishes = defaultdict(list)
    for mc_id, name in session.execute(
            select(ServedDish.meal_count_id, Dish.name).join(MealCount)
            .join(Dish, ServedDish.dish_id == Dish.id).where(*in_month)
            .order_by(ServedDish.meal_count_id, ServedDish.position, Dish.name)):
        dishes[mc_id].append(name)

    meals_of = defaultdict(dict)
    for c in counts:
        meals_of[c.day][c.meal] = {
            "meal": c.meal, "students": c.students, "plan_students": c.plan_students,
            "teachers": c.teachers, "dishes": dishes[c.id], "make_up_reason": c.make_up_reason,
            "grades": {g: v["students"] for g, v in by_grade[c.id].items()},
            "grade_plan": {g: v["plan_students"] for g, v in by_grade[c.id].items()}}
    school_set = set(school_days)
    weekends = _term_weekends(session, head["county_id"], first, last) - school_set \
        if head["boarding"] else set()
    days = []
    for day in sorted(school_set | weekends | set(meals_of)):
        meals = [meals_of[day][m] for m in MEALS if m in meals_of[day]]
        reason = next((m["make_up_reason"] for m in meals if m["make_up_reason"]), "")
        days.append({"day": day, "weekday": day.weekday(), "school_day": day in school_set,
                     "boarding_weekend": day in weekends,
                     "note": notes.get(day, "") if day in school_set else reason,
                     "meals": meals})
    return {**{k: v for k, v in head.items() if k != "county_id"},
            "school_days": school_days, "boarding_weekends": sorted(weekends), "days": days,
            "grades": sorted({g for c in by_grade.values() for g in c}),
            "meals": [m for m in MEALS if any(m in d for d in meals_of.values())],
            "totals": _register_totals(session, in_month)}


def _register_totals(session: Session, in_month) -> dict:
    """The month's sums, computed by the database (the tests hold them to the rows' sums)."""
    per_grade = session.execute(
        select(GradeCount.grade, func.sum(GradeCount.students), func.sum(GradeCount.plan_students))
        .join(MealCount).where(*in_month).group_by(GradeCount.grade)).all()
    per_meal = session.execute(
        select(MealCount.meal, func.count(), func.sum(MealCount.students),
               func.sum(MealCount.plan_students), func.sum(MealCount.teachers))
        .where(*in_month).group_by(MealCount.meal)).all()
    meals = {m: {"records": int(n), "students": int(s), "plan_students": int(p),
                 "teachers": int(t)} for m, n, s, p, t in per_meal}
    return {
        "grades": {g: int(s) for g, s, _p in per_grade},
        "grade_plan": {g: int(p) for g, _s, p in per_grade},
        "meals": {m: meals[m] for m in MEALS if m in meals},
        **{key: sum(v[key] for v in meals.values())
           for key in ("records", "students", "plan_students", "teachers")},
    }


def month_logs(session: Session, school_id: int, year: int, month: int) -> dict:
    """The food-safety logs of a school's month, oldest first; times in the configured zone."""
    head = _head(session, school_id, year, month)
    first, last = head["first"], head["last"]
    meal_order = case({m: i for i, m in enumerate(MEALS)}, value=Sample.meal)

    samples = [{"day": s.day, "meal": s.meal, "dish": s.dish_name, "grams": s.grams,
                "taken_at": _local(s.taken_at), "taken_by": s.taken_by,
                "disposed_at": _local(s.disposed_at),
                "disposed_by": s.disposed_by}
               for s in session.scalars(select(Sample).where(
                   Sample.school_id == school_id, Sample.day.between(first, last))
                   .order_by(Sample.day, meal_order, Sample.taken_at, Sample.id))]

    a_order = case({m: i for i, m in enumerate(MEALS)}, value=AccompaniedMeal.meal)
    accompanied = [{"day": a.day, "meal": a.meal, "leader": a.leader,
                    "companions": a.companions, "quality": a.quality, "hygiene": a.hygiene,
                    "dining_order": a.dining_order, "service": a.service,
                    "reactions": a.reactions}
                   for a in session.scalars(select(AccompaniedMeal).where(
                       AccompaniedMeal.school_id == school_id,
                       AccompaniedMeal.day.between(first, last)).order_by(
                       AccompaniedMeal.day, a_order))]

    d_order = case({m: i for i, m in enumerate(MEALS)}, value=Disinfection.meal)
    disinfections = [{"day": d.day, "meal": d.meal, "method": d.method,
                      "started_at": _local(d.started_at), "minutes": d.minutes, "person": d.person}
                     for d in session.scalars(select(Disinfection).where(
                         Disinfection.school_id == school_id,
                         Disinfection.day.between(first, last)).order_by(
                         Disinfection.day, d_order, Disinfection.started_at))]

    residue = [{"day": r.day, "sample": r.sample, "food": item, "supplier": supplier,
                "delivery_date": delivered, "inhibition_rate": r.inhibition_rate,
                "result": r.result, "tested_by": r.tested_by}
               for r, item, supplier, delivered in session.execute(
                   select(ResidueTest, DeliveryLine.item_name, Supplier.name,
                          Delivery.delivery_date)
                   .join(DeliveryLine, ResidueTest.delivery_line_id == DeliveryLine.id)
                   .join(Delivery, DeliveryLine.delivery_id == Delivery.id)
                   .join(Supplier, Delivery.supplier_id == Supplier.id)
                   .where(ResidueTest.school_id == school_id,
                          ResidueTest.day.between(first, last))
                   .order_by(ResidueTest.day, ResidueTest.id))]

    return {**{k: v for k, v in head.items() if k != "county_id"},
            "samples": samples, "accompanied": accompanied,
            "checks": _morning_checks(session, school_id, first, last),
            "residue_tests": residue, "disinfections": disinfections,
            "residue_failed": sum(r["result"] == "fail" for r in residue)}


def _morning_checks(session: Session, school_id: int, first: date, last: date) -> list[dict]:
    """Per day: workers checked, present, the highest temperature, fit, and who was sent home
    (with their symptoms)."""
    where = (HealthCheck.school_id == school_id, HealthCheck.day.between(first, last))
    rows = session.execute(
        select(HealthCheck.day, func.count(),
               func.sum(case((HealthCheck.present, 1), else_=0)),
               func.min(HealthCheck.temperature_c), func.max(HealthCheck.temperature_c),
               func.sum(case((HealthCheck.present & HealthCheck.fit, 1), else_=0)),
               func.min(HealthCheck.checked_by))
        .where(*where).group_by(HealthCheck.day).order_by(HealthCheck.day)).all()
    sent_home = defaultdict(list)
    for day, name, symptoms in session.execute(
            select(HealthCheck.day, Worker.name, HealthCheck.symptoms)
            .join(Worker, HealthCheck.worker_id == Worker.id)
            .where(*where, HealthCheck.present, ~HealthCheck.fit)
            .order_by(HealthCheck.day, Worker.name)):
        sent_home[day].append({"name": name, "symptoms": symptoms})
    return [{"day": day, "checked": int(n), "present": int(present), "min_temperature": low,
             "max_temperature": high, "fit": int(fit), "sent_home": sent_home[day],
             "checked_by": by}
            for day, n, present, low, high, fit, by in rows]
