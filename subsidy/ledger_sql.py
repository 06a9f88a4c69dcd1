"""The ledger's aggregates, for any number of schools at once (GROUP BY school and day), so
one school's month and the county's month come from the same statements.

A meal's food cost is what `canteen.services.meal_costs` gives: the value of the food issued
to it plus a supplied school's servings × contract price. Its teachers' share is
`canteen.services.split_cost`'s: cost × teachers / (students + teachers) half up to the fen,
worked out here in whole fen with integers (SQL gives each meal's cost in whole fen):
  teacher_fen = (2 × cost_fen × teachers + heads) // (2 × heads).
The month's statements read each table grouped by school and day, in the order of its index,
so nothing is sorted; the year before the month is read the same way and summed per school."""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import cache
from decimal import Decimal

from sqlalchemy import BigInteger, bindparam, cast, func, select
from sqlalchemy.orm import Session

from canteen.models import MealCount, SuppliedMeal
from procurement.models import StockMove
from suite import services as org
from suite.models import SubsidyRate
from suite.vocabulary import MEALS

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def fen(n) -> Decimal:
    """Whole fen (an int from SQL) as yuan to the fen (an int times 0.01 is exact)."""
    return int(n or 0) * CENT


def _whole(col, where=None):
    """SUM(col) in whole fen, of the rows `where` holds (all when None)."""
    total = func.sum(col) if where is None else func.sum(col).filter(where)
    return cast(func.round(total * 100), BigInteger)


@cache
def _day_statements():
    """Three statements (built once; bound to the school ids, the first and the last day at
    each run), each grouped by school and day (the tables' index order, so nothing
    is sorted), the meals side by side in columns (aggregates with FILTER, cheaper than a
    CASE per row), money in whole fen: the stock moves (each meal's issued cost, the net
    change, adjustments: only issues carry a meal), the supplied servings' cost and the meal
    counts."""
    sm, mc, sup = StockMove, MealCount, SuppliedMeal
    ids, first, last = bindparam("ids", expanding=True), bindparam("first"), bindparam("last")
    moves = select(sm.school_id, sm.move_date, *[
        _whole(-sm.value, sm.meal == m) for m in MEALS],
        _whole(sm.value), _whole(sm.value, sm.kind == "adjust")).where(
        sm.school_id.in_(ids), sm.move_date.between(first, last)).group_by(
        sm.school_id, sm.move_date)
    supplied = select(sup.school_id, sup.day, *[
        _whole(sup.cost, sup.meal == m) for m in MEALS]).where(
        sup.school_id.in_(ids), sup.day.between(first, last)).group_by(sup.school_id, sup.day)
    counted = select(mc.school_id, mc.day, func.max(mc.plan_students), func.count(), *[
        func.sum(col).filter(mc.meal == m) for m in MEALS
        for col in (mc.students, mc.teachers)]).where(
        mc.school_id.in_(ids), mc.day.between(first, last)).group_by(mc.school_id, mc.day)
    return moves, supplied, counted


def _teacher_fen(cost: int, students: int, teachers: int) -> int:
    """canteen.services.split_cost's teachers' share in whole fen: cost × teachers / heads,
    half up (integers, so exact)."""
    heads = students + teachers
    if heads <= 0 or teachers <= 0:
        return 0
    return (2 * cost * teachers + heads) // (2 * heads)


def _per_day(session: Session, ids, first: date, last: date):
    """({(school_id, day): (plan, meals, food_fen, teacher_fen)} of every day with a meal
    count or a cost, {school_id: [net_fen, issued_fen, adjusted_fen]}): three statements run
    on the session's connection (plain rows), integers throughout."""
    session.flush()
    conn = session.connection()
    moves, supplied, counted = _day_statements()
    bound = {"ids": list(ids), "first": first, "last": last}
    stock = {sid: [0, 0, 0] for sid in ids}
    fens: dict[tuple, list] = {}
    for sid, day, *meals, net, adjust in conn.execute(moves, bound).all():
        meals = [f or 0 for f in meals]
        fens[(sid, day)] = meals
        acc = stock[sid]
        acc[0] += net or 0
        acc[1] += sum(meals)
        acc[2] += adjust or 0
    for sid, day, *meals in conn.execute(supplied, bound).all():
        old = fens.get((sid, day))
        meals = [f or 0 for f in meals]
        fens[(sid, day)] = [a + b for a, b in zip(old, meals)] if old else meals
    out = {}
    for sid, day, plan, n, *heads in conn.execute(counted, bound).all():
        meals = fens.pop((sid, day), None)
        if meals is None:
            out[(sid, day)] = (plan or 0, n, 0, 0)
            continue
        teacher = 0
        for i, cost in enumerate(meals):
            teachers = heads[2 * i + 1]
            if teachers and cost:
                teacher += _teacher_fen(cost, heads[2 * i] or 0, teachers)
        out[(sid, day)] = (plan or 0, n, sum(meals), teacher)
    for key, meals in fens.items():  # a cost without a count: no heads, no teachers' share
        total = sum(meals)
        if total:
            out[key] = (0, 0, total, 0)
    return out, stock


def days(session: Session, ids, first: date, last: date) -> tuple[dict, dict]:
    """({school_id: {day: (student_days, meals, food_fen, teacher_fen)}} of every day with a
    meal count or a cost, {school_id: the month's stock moves}): three statements."""
    per_day, sums = _per_day(session, ids, first, last)
    out: dict[int, dict] = {sid: {} for sid in ids}
    for (sid, day), row in per_day.items():
        out[sid][day] = row
    stock = {sid: {"net": fen(net), "issues": fen(issued), "adjustments": fen(adjust),
                   "receipts": fen(net + issued - adjust)}  # receipts and their voids
             for sid, (net, issued, adjust) in sums.items()}
    return out, stock


def period(session: Session, ids, first: date, last: date,
           segments: list[tuple[date, date]]) -> dict[int, dict]:
    """school_id -> {month number: {"student_days": [one sum per segment], food_cost,
    teacher_spend}} over a whole period (the months of the year before the month): the same
    three statements as `days`, summed per school and month. Nothing is read for January."""
    out: dict[int, dict] = {sid: {} for sid in ids}
    if last < first:
        return out
    starts = [a for a, _b in segments]
    sums: dict[tuple, list] = {}
    for (sid, day), (plan, _n, total, teacher) in _per_day(session, ids, first, last)[0].items():
        acc = sums.setdefault((sid, day.month), [[0] * len(segments), 0, 0])
        acc[0][bisect_right(starts, day) - 1] += plan
        acc[1] += total
        acc[2] += teacher
    for (sid, month), (student_days, total, teacher) in sums.items():
        out[sid][month] = {"student_days": student_days, "food_cost": fen(total),
                           "teacher_spend": fen(teacher)}
    return out


def food_group_fen(session: Session, ids, first: date, last: date) -> dict[int, dict]:
    """school_id -> {food group: whole fen of food issued to meals from `first` to `last`},
    the supplied servings' cost under "supplied": the same costs as the ledger's food_cost."""
    from nutrition.models import FoodRow
    sm, sup = StockMove, SuppliedMeal
    out: dict[int, dict] = {sid: {} for sid in ids}
    issued = select(sm.school_id, FoodRow.food_group, _whole(-sm.value)).join(
        FoodRow, FoodRow.id == sm.food_id).where(
        sm.school_id.in_(ids), sm.move_date.between(first, last), sm.meal.is_not(None)
    ).group_by(sm.school_id, FoodRow.food_group)
    supplied = select(sup.school_id, _whole(sup.cost)).where(
        sup.school_id.in_(ids), sup.day.between(first, last)).group_by(sup.school_id)
    for sid, group, total in session.execute(issued):
        if total:
            out[sid][group] = int(total)
    for sid, total in session.execute(supplied):
        if total:
            out[sid]["supplied"] = int(total)
    return out


def value_before(session: Session, ids, day: date) -> dict[int, Decimal]:
    """school_id -> the value of the stock before `day` (every earlier move summed)."""
    out = dict.fromkeys(ids, ZERO)
    for sid, value in session.execute(
            select(StockMove.school_id, func.sum(StockMove.value))
            .where(StockMove.school_id.in_(ids), StockMove.move_date < day)
            .group_by(StockMove.school_id)):
        out[sid] = _yuan(value)
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
