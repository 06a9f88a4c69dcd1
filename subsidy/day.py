"""One school's day for the ledger's drill-down: the day's row of the month's ledger (rate,
student-days, entitlement, food cost, teachers' and outside pupils' shares, spent on
students: the same dict as
`school_month(...)["days"]`) and each meal behind it — its counts, the food issued (per food:
grams and value, beside the grams the served menu plans), a supplied school's servings at the
contract price, and the meal's cost split between students and teachers as canteen splits it.
The meals' costs add up to the day's row exactly (both are canteen's meal costs)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from canteen import services as canteen
from canteen.models import MealCount, SuppliedMeal
from suite.vocabulary import AGE_BANDS, MEALS

from .ledger import ZERO, school_month

EMPTY = {"food_cost": ZERO, "student_cost": ZERO, "teacher_cost": ZERO, "outside_cost": ZERO,
         "plan_cost": ZERO}
COSTS = ("food_cost", "student_cost", "teacher_cost", "outside_cost", "plan_cost")


def school_day(session: Session, school_id: int, day: date, *, today: date,
               tolerance) -> dict:
    """{"ledger": the school's month (`school_month`), "row": the day's row of it (None when
    the day is neither a school day nor has records), "meals": [{"meal", "counted",
    "students", "plan_students", "teachers", "food_cost", "student_cost" (every pupil's share),
    "teacher_cost", "outside_cost" (pupils outside the plan), "plan_cost" (the rest),
    "lines": [{"food_id", "code", "name", "grams", "planned_grams", "value"}], "issued"
    (Σ lines' value), "supplied": None or {"servings", "cost", "slip_no", "lines":
    [{"band", "servings", "price", "amount"}]}}] in meal order, "totals": the meals' food
    cost and its shares summed}. `tolerance` as canteen's planned_vs_issued."""
    ledger = school_month(session, school_id, day.year, day.month, today=today)
    row = next((d for d in ledger["days"] if d["day"] == day), None)
    counts = {c.meal: c for c in session.scalars(select(MealCount).where(
        MealCount.school_id == school_id, MealCount.day == day))}
    supplied = {s.meal: s for s in session.scalars(
        select(SuppliedMeal).options(selectinload(SuppliedMeal.lines))
        .where(SuppliedMeal.school_id == school_id, SuppliedMeal.day == day))}
    costs = {meal: c for (_d, meal), c in canteen.meal_costs(session, school_id, day,
                                                             day).items()}
    meals = []
    for meal in MEALS:
        count = counts.get(meal)
        if count is None and meal not in costs and meal not in supplied:
            continue
        lines = [{"food_id": r["food_id"], "code": r["code"], "name": r["name"],
                  "grams": r["issued_grams"], "planned_grams": r["planned_grams"],
                  "value": r["issued_value"]}
                 for r in canteen.planned_vs_issued(session, school_id, day, meal, tolerance)]
        if meal in supplied and not any(line["grams"] for line in lines):
            lines = []  # a supplied meal: the menu's plan beside nothing issued means nothing
        cost = costs.get(meal, EMPTY)
        meals.append({
            "meal": meal, "counted": count is not None,
            "students": count.students if count else 0,
            "plan_students": count.plan_students if count else 0,
            "teachers": count.teachers if count else 0,
            **{key: cost[key] for key in COSTS}, "lines": lines,
            "issued": sum((line["value"] for line in lines), ZERO),
            "supplied": _supplied(supplied.get(meal))})
    totals = {key: sum((m[key] for m in meals), ZERO) for key in COSTS}
    return {"ledger": ledger, "row": row, "meals": meals, "totals": totals}


def _supplied(meal: SuppliedMeal | None) -> dict | None:
    if meal is None:
        return None
    return {"servings": meal.servings, "cost": Decimal(meal.cost), "slip_no": meal.slip_no,
            "lines": [{"band": line.age_band, "servings": line.servings,
                       "price": Decimal(line.price_per_serving),
                       "amount": Decimal(line.price_per_serving) * line.servings}
                      for line in sorted(meal.lines, key=lambda ln: AGE_BANDS.index(ln.age_band))]}
