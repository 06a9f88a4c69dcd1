"""What each meal cost and who it was for.

A canteen school's food cost of a meal is the value of the food issued to it (procurement's
stock moves of kind "issue", valued at the moving weighted average); a company- or
family-supplied school's is the delivered servings × the contract price (SuppliedMeal.cost).

The cost is split by head count: teacher_cost = food_cost × teachers / (students + teachers),
rounded half up to the fen, and student_cost = food_cost − teacher_cost, so the two always add
up to the food cost exactly. Teachers and staff pay for their own meals: their share is
reported separately and never counts as subsidy spending. Of student_cost, the pupils outside
the nutrition plan (who pay for their own meals too) have outside_cost = student_cost ×
(students − plan students) / students, half up to the fen; plan_cost = student_cost −
outside_cost is what the subsidy may count as spent."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procurement import services as procurement
from procurement.models import StockMove
from suite.money import money

from .issuing import GRAM, issued_grams, meal_count, planned_grams
from .models import MealCount, SuppliedMeal

ZERO = Decimal("0.00")


def split_cost(food_cost: Decimal, students: int, teachers: int) -> tuple[Decimal, Decimal]:
    """(student_cost, teacher_cost) of a meal by head count; no heads: all to the students."""
    heads = students + teachers
    teacher = money(food_cost * teachers / heads) if heads and teachers else ZERO
    return food_cost - teacher, teacher


def outside_share(student_cost: Decimal, students: int, plan_students: int) -> Decimal:
    """The share of a meal's student_cost eaten by pupils outside the nutrition plan."""
    outside = students - plan_students
    return money(student_cost * outside / students) if students > 0 and outside > 0 else ZERO


def meal_costs(session: Session, school_id: int, first: date, last: date) -> dict[tuple, dict]:
    """(day, meal) -> {food_cost, student_cost, teacher_cost, outside_cost, plan_cost,
    students, plan_students, teachers} for every meal
    of the school between the two dates that has a cost (issued food or supplied servings),
    summed in SQL."""
    return meal_costs_of_schools(session, [school_id], first, last)[school_id]


def meal_costs_of_schools(session: Session, school_ids, first: date,
                          last: date) -> dict[int, dict[tuple, dict]]:
    """school id -> `meal_costs` of the school, for many schools in three statements."""
    ids = list(school_ids)
    issued = session.execute(
        select(StockMove.school_id, StockMove.move_date, StockMove.meal,
               func.sum(StockMove.value))
        .where(StockMove.school_id.in_(ids), StockMove.kind == "issue",
               StockMove.move_date.between(first, last), StockMove.meal.is_not(None))
        .group_by(StockMove.school_id, StockMove.move_date, StockMove.meal)).all()
    supplied = session.execute(
        select(SuppliedMeal.school_id, SuppliedMeal.day, SuppliedMeal.meal, SuppliedMeal.cost)
        .where(SuppliedMeal.school_id.in_(ids),
               SuppliedMeal.day.between(first, last))).all()
    totals: dict[tuple, Decimal] = {}
    for sid, day, meal, value in issued:
        totals[(sid, day, meal)] = -money(value or 0)
    for sid, day, meal, cost in supplied:
        totals[(sid, day, meal)] = totals.get((sid, day, meal), ZERO) + money(cost)
    heads = {(sid, d, m): (s, t, p) for sid, d, m, s, t, p in session.execute(
        select(MealCount.school_id, MealCount.day, MealCount.meal, MealCount.students,
               MealCount.teachers, MealCount.plan_students)
        .where(MealCount.school_id.in_(ids), MealCount.day.between(first, last)))}
    result: dict[int, dict[tuple, dict]] = {sid: {} for sid in ids}
    for (sid, day, meal), cost in sorted(totals.items()):
        students, teachers, plan = heads.get((sid, day, meal), (0, 0, 0))
        student_cost, teacher_cost = split_cost(cost, students, teachers)
        outside = outside_share(student_cost, students, plan)
        result[sid][(day, meal)] = {"food_cost": cost, "student_cost": student_cost,
                                    "teacher_cost": teacher_cost, "outside_cost": outside,
                                    "plan_cost": student_cost - outside, "students": students,
                                    "plan_students": plan, "teachers": teachers}
    return result


def _beyond(planned: Decimal, issued: Decimal, tolerance: Decimal) -> bool:
    if planned <= 0:
        return issued > 0
    return abs(issued - planned) > planned * tolerance


def planned_vs_issued(session: Session, school_id: int, day: date, meal: str,
                      tolerance) -> list[dict]:
    """Per food of the meal (planned or issued): {food_id, code, name, planned_grams,
    issued_grams, difference, issued_value, over} where `over` marks a difference beyond
    `tolerance` (a fraction: 0.10 is ±10 %; app.config["CANTEEN_ISSUE_TOLERANCE"]); a food
    issued but not planned is always over. Many schools' meals at once: `planning`."""
    count = meal_count(session, school_id, day, meal)
    planned = planned_grams(session, school_id, day, meal, count) if count else {}
    issued = issued_grams(session, school_id, day, meal)
    foods = {f.id: f for f in procurement.foods_by_id(session, set(planned) | set(issued))}
    return compare(planned, issued, foods, tolerance)


def compare(planned: dict, issued: dict, foods: dict, tolerance) -> list[dict]:
    """planned_vs_issued's rows of a meal's planned grams and issued (grams, value) per food
    id; `foods` maps the ids to their food rows."""
    tol = Decimal(str(tolerance))
    rows = []
    for food_id in set(planned) | set(issued):
        food = foods.get(food_id)
        if food is None:
            continue
        plan = planned.get(food_id, GRAM * 0)
        grams, value = issued.get(food_id, (GRAM * 0, ZERO))
        rows.append({"food_id": food_id, "code": food.code, "name": food.name,
                     "planned_grams": plan, "issued_grams": grams,
                     "difference": grams - plan, "issued_value": value,
                     "over": _beyond(plan, grams, tol)})
    return sorted(rows, key=lambda r: r["code"])
