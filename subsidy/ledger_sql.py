"""The ledger's aggregates, for any number of schools at once (GROUP BY school and day), so
one school's month and the county's month come from the same statements.

A meal's food cost is what `canteen.services.meal_costs` gives: the value of the food issued
to it plus a supplied school's servings × contract price. Its teachers' share is
`canteen.services.split_cost`'s: cost × teachers / (students + teachers) half up to the fen,
computed here in whole fen with integer arithmetic, exact on SQLite and PostgreSQL alike:
  teacher_fen = (2 × cost_fen × teachers + heads) // (2 × heads)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import BigInteger, and_, case, cast, func, select, union_all
from sqlalchemy.orm import Session

from canteen.models import MealCount, SuppliedMeal
from procurement.models import StockMove
from suite import services as org
from suite.models import SubsidyRate

ZERO = Decimal("0.00")


def fen(n) -> Decimal:
    """Whole fen (an int from SQL) as yuan to the fen."""
    return Decimal(int(n or 0)).scaleb(-2).quantize(ZERO)


def _meal_costs(ids, first: date, last: date):
    """(school_id, day, meal, fen, teacher_fen) of every meal with a cost."""
    issued = select(StockMove.school_id.label("school_id"), StockMove.move_date.label("day"),
                    StockMove.meal.label("meal"), (-StockMove.value).label("cost")).where(
        StockMove.school_id.in_(ids), StockMove.kind == "issue", StockMove.meal.is_not(None),
        StockMove.move_date.between(first, last))
    supplied = select(SuppliedMeal.school_id, SuppliedMeal.day, SuppliedMeal.meal,
                      SuppliedMeal.cost).where(SuppliedMeal.school_id.in_(ids),
                                               SuppliedMeal.day.between(first, last))
    both = union_all(issued, supplied).subquery()
    meals = (select(both.c.school_id, both.c.day, both.c.meal,
                    cast(func.round(func.sum(both.c.cost) * 100), BigInteger).label("fen"))
             .group_by(both.c.school_id, both.c.day, both.c.meal).subquery())
    teachers = func.coalesce(MealCount.teachers, 0)
    heads = func.coalesce(MealCount.students, 0) + teachers
    teacher_fen = case((and_(heads > 0, teachers > 0),
                        (meals.c.fen * teachers * 2 + heads) // (heads * 2)), else_=0)
    return (select(meals.c.school_id, meals.c.day, meals.c.fen,
                   teacher_fen.label("teacher_fen"))
            .outerjoin(MealCount, and_(MealCount.school_id == meals.c.school_id,
                                       MealCount.day == meals.c.day,
                                       MealCount.meal == meals.c.meal)).subquery())


def _day_counts(ids, first: date, last: date):
    """(school_id, day, plan, meals): the day's largest plan count and its counted meals."""
    return (select(MealCount.school_id, MealCount.day,
                   func.max(MealCount.plan_students).label("plan"),
                   func.count().label("meals"))
            .where(MealCount.school_id.in_(ids), MealCount.day.between(first, last))
            .group_by(MealCount.school_id, MealCount.day).subquery())


def days(session: Session, ids, first: date, last: date) -> dict[tuple, dict]:
    """(school_id, day) -> {student_days, meals, food_cost, teacher_spend} of every day with
    a meal count or a cost: two statements."""
    out: dict[tuple, dict] = {}

    def row(sid, day):
        return out.setdefault((sid, day), {"student_days": 0, "meals": 0, "food_cost": ZERO,
                                           "teacher_spend": ZERO})

    counts = _day_counts(ids, first, last)
    for sid, day, plan, meals in session.execute(select(counts)):
        r = row(sid, day)
        r["student_days"], r["meals"] = int(plan or 0), int(meals)
    costs = _meal_costs(ids, first, last)
    for sid, day, total, teacher in session.execute(
            select(costs.c.school_id, costs.c.day, func.sum(costs.c.fen),
                   func.sum(costs.c.teacher_fen)).group_by(costs.c.school_id, costs.c.day)):
        r = row(sid, day)
        r["food_cost"], r["teacher_spend"] = fen(total), fen(teacher)
    return out


def period(session: Session, ids, first: date, last: date,
           segments: list[tuple[date, date]]) -> dict[int, dict]:
    """school_id -> {"student_days": [one sum per segment], food_cost, teacher_spend} over a
    whole period (the year before the month), without a row per day: two statements."""
    out = {sid: {"student_days": [0] * len(segments), "food_cost": ZERO,
                 "teacher_spend": ZERO} for sid in ids}
    if last < first:
        return out
    counts = _day_counts(ids, first, last)
    sums = [func.sum(case((counts.c.day.between(a, b), counts.c.plan), else_=0))
            for a, b in segments]
    if sums:
        for sid, *parts in session.execute(select(counts.c.school_id, *sums)
                                           .group_by(counts.c.school_id)):
            out[sid]["student_days"] = [int(p or 0) for p in parts]
    costs = _meal_costs(ids, first, last)
    for sid, total, teacher in session.execute(
            select(costs.c.school_id, func.sum(costs.c.fen), func.sum(costs.c.teacher_fen))
            .group_by(costs.c.school_id)):
        out[sid]["food_cost"], out[sid]["teacher_spend"] = fen(total), fen(teacher)
    return out


def stock(session: Session, ids, first: date, last: date) -> dict[int, dict]:
    """school_id -> procurement's monthly totals (receipts with void reversals, issues,
    adjustments) and the stock value after the month's last day: one pass over the ledger."""
    in_month = StockMove.move_date >= first

    def kind_sum(*kinds):
        return func.sum(case((and_(in_month, StockMove.kind.in_(kinds)), StockMove.value),
                             else_=0))

    out = {sid: {"receipts": ZERO, "issues": ZERO, "adjustments": ZERO,
                 "stock_value_end": ZERO} for sid in ids}
    for sid, receipts, issues, adjust, value in session.execute(
            select(StockMove.school_id, kind_sum("receipt", "void"), kind_sum("issue"),
                   kind_sum("adjust"), func.sum(StockMove.value))
            .where(StockMove.school_id.in_(ids), StockMove.move_date <= last)
            .group_by(StockMove.school_id)):
        out[sid] = {"receipts": _yuan(receipts), "issues": -_yuan(issues),
                    "adjustments": _yuan(adjust), "stock_value_end": _yuan(value)}
    return out


def _yuan(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(ZERO) + ZERO


def rates(session: Session, county_ids, first: date, last: date):
    """(segments, {county_id: [rate per segment]}): the days from `first` to `last` cut where
    any rate row starts or ends, each piece's rate asked of `suite.services.subsidy_rate_on`
    once (the rate is the same on every day of a piece)."""
    cuts = {first}
    for start, end in session.execute(select(SubsidyRate.start_date, SubsidyRate.end_date)
                                      .where(SubsidyRate.start_date <= last)):
        for day in (start, end + timedelta(days=1) if end else None):
            if day is not None and first < day <= last:
                cuts.add(day)
    starts = sorted(cuts)
    segments = [(a, (starts[i + 1] - timedelta(days=1)) if i + 1 < len(starts) else last)
                for i, a in enumerate(starts)]
    return segments, {cid: [org.subsidy_rate_on(session, a, cid) for a, _b in segments]
                      for cid in county_ids}
