"""The ledger's reads, for any number of schools at once (GROUP BY school), so one school's
month and the county's month come from the same statements. A day's figures are read from
`DayCost` (one row per school and day, kept up to date by `day_costs`); the food groups of a
month from the stock moves themselves."""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from canteen.models import SuppliedMeal
from procurement.models import StockMove
from suite import services as org
from suite.db import among
from suite.models import SubsidyRate

from .day_costs import settle_pending, whole_fen
from .models import DayCost

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def fen(n) -> Decimal:
    """Whole fen (an int from SQL) as yuan to the fen (an int times 0.01 is exact)."""
    return int(n or 0) * CENT


def days(session: Session, ids, first: date, last: date) -> tuple[dict, dict]:
    """({school_id: {day: (student_days, meals, food_fen, teacher_fen, outside_fen)}} of every
    day with a meal count or a cost, {school_id: the month's stock moves}): one statement."""
    settle_pending(session)
    dc = DayCost
    out: dict[int, dict] = {sid: {} for sid in ids}
    sums = {sid: [0, 0, 0] for sid in ids}  # net, issued, adjusted
    found = session.connection().execute(
        select(dc.school_id, dc.day, dc.plan_students, dc.meals, dc.issued_fen, dc.supplied_fen,
               dc.teacher_fen, dc.outside_fen, dc.net_fen, dc.adjust_fen)
        .where(among(dc.school_id, ids), dc.day.between(first, last))).all()
    for sid, day, plan, meals, issued, supplied, teacher, outside, net, adjust in found:
        acc = sums[sid]
        acc[0] += net
        acc[1] += issued
        acc[2] += adjust
        if meals or issued + supplied:
            out[sid][day] = (plan, meals, issued + supplied, teacher, outside)
    stock = {sid: {"issues": fen(issued), "adjustments": fen(adjust), "net": fen(net),
                   "receipts": fen(net + issued - adjust)}  # receipts and their voids
             for sid, (net, issued, adjust) in sums.items()}
    return out, stock


def period(session: Session, ids, first: date, last: date,
           segments: list[tuple[date, date]]) -> dict[int, dict]:
    """school_id -> {month number: {"student_days": [one sum per segment], food_cost,
    teacher_spend, outside_spend}} over a whole period of one year (the months before the
    ledger's month),
    summed in SQL by school and piece (cut where a month or a rate segment starts). Nothing
    is read for January."""
    out: dict[int, dict] = {sid: {} for sid in ids}
    if last < first:
        return out
    settle_pending(session)
    starts = [a for a, _b in segments]
    cuts = sorted({first, *(a for a in starts if first < a <= last),
                   *(date(first.year, m, 1) for m in range(first.month + 1, last.month + 1))})
    dc = DayCost
    piece = case(*[(dc.day >= cut, literal(i)) for i, cut in reversed(list(enumerate(cuts)))],
                 else_=literal(0)).label("piece")
    inner = select(dc.school_id, piece, dc.plan_students, dc.issued_fen + dc.supplied_fen,
                   dc.teacher_fen, dc.outside_fen).where(among(dc.school_id, ids),
                                                         dc.day.between(first, last)).subquery()
    school, part, plan, food, teacher, outside = inner.c
    for sid, i, student_days, total, teachers, others in session.connection().execute(
            select(school, part, func.sum(plan), func.sum(food), func.sum(teacher),
                   func.sum(outside)).group_by(school, part)).all():
        cut = cuts[i]
        acc = out[sid].setdefault(cut.month, [[0] * len(segments), 0, 0, 0])
        acc[0][bisect_right(starts, cut) - 1] += int(student_days or 0)
        acc[1] += int(total or 0)
        acc[2] += int(teachers or 0)
        acc[3] += int(others or 0)
    return {sid: {month: {"student_days": n, "food_cost": fen(total), "teacher_spend": fen(t),
                          "outside_spend": fen(o)}
                  for month, (n, total, t, o) in months.items()} for sid, months in out.items()}


def value_before(session: Session, ids, day: date) -> dict[int, Decimal]:
    """school_id -> the value of the stock before `day` (every earlier move summed)."""
    settle_pending(session)
    out = dict.fromkeys(ids, ZERO)
    for sid, net in session.connection().execute(
            select(DayCost.school_id, func.sum(DayCost.net_fen))
            .where(among(DayCost.school_id, ids), DayCost.day < day)
            .group_by(DayCost.school_id)).all():
        out[sid] = fen(net)
    return out


def food_group_fen(session: Session, ids, first: date, last: date) -> dict[int, dict]:
    """school_id -> {food group: whole fen of food issued to meals from `first` to `last`},
    the supplied servings' cost under "supplied": the same costs as the ledger's food_cost."""
    from nutrition.models import FoodRow
    sm, sup = StockMove, SuppliedMeal
    out: dict[int, dict] = {sid: {} for sid in ids}
    issued = select(sm.school_id, FoodRow.food_group, whole_fen(-sm.value)).join(
        FoodRow, FoodRow.id == sm.food_id).where(
        sm.school_id.in_(ids), sm.move_date.between(first, last), sm.meal.is_not(None)
    ).group_by(sm.school_id, FoodRow.food_group)
    supplied = select(sup.school_id, whole_fen(sup.cost)).where(
        sup.school_id.in_(ids), sup.day.between(first, last)).group_by(sup.school_id)
    for sid, group, total in session.execute(issued):
        if total:
            out[sid][group] = int(total)
    for sid, total in session.execute(supplied):
        if total:
            out[sid]["supplied"] = int(total)
    return out


def food_group_meal_fen(session: Session, ids, first: date, last: date) -> dict[int, dict]:
    """school_id -> {(day, meal): {food group: whole fen issued to that meal}}, a supplied
    meal's servings under "supplied": the weights of the students' part of each group."""
    from nutrition.models import FoodRow
    sm, sup = StockMove, SuppliedMeal
    out: dict[int, dict] = {sid: {} for sid in ids}
    issued = select(sm.school_id, sm.move_date, sm.meal, FoodRow.food_group,
                    whole_fen(-sm.value)).join(FoodRow, FoodRow.id == sm.food_id).where(
        sm.school_id.in_(ids), sm.move_date.between(first, last), sm.meal.is_not(None)
    ).group_by(sm.school_id, sm.move_date, sm.meal, FoodRow.food_group)
    supplied = select(sup.school_id, sup.day, sup.meal, whole_fen(sup.cost)).where(
        sup.school_id.in_(ids), sup.day.between(first, last)).group_by(
        sup.school_id, sup.day, sup.meal)
    for sid, day, meal, group, total in session.execute(issued):
        out[sid].setdefault((day, meal), {})[group] = int(total or 0)
    for sid, day, meal, total in session.execute(supplied):
        out[sid].setdefault((day, meal), {})["supplied"] = int(total or 0)
    return out


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
