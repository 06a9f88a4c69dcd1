"""Prices from accepted, non-void delivery lines: history, the recent price for menu costing,
and the county price table."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from statistics import median

from sqlalchemy import Numeric, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session

from nutrition.models import FoodRow
from suite.models import School
from suite.money import money

from .models import Delivery, DeliveryLine

WINDOW_DAYS = 60
ABOVE_MEDIAN = Decimal("1.3")


@dataclass(frozen=True)
class Price:
    per_kg: Decimal
    day: date
    source: str  # "school": this school's latest delivery; "county": the county median


def per_kg(paid: Decimal, grams: Decimal) -> Decimal:
    """Price per kg to the fen, in Decimal (exact on every database), of `paid` (a line's
    quantity × unit price, not its amount rounded to the fen: 0.5 kg at 7.35 is 7.35 a kg,
    although the amount is 3.68)."""
    return money(Decimal(paid) * 1000 / Decimal(grams))


# quantity × unit price of a line, read as an exact Decimal on SQLite too (a product of two
# numerics has no scale of its own there)
LINE_PAID = type_coerce(DeliveryLine.quantity * DeliveryLine.unit_price, Numeric(26, 5))


def _lines(window_start: date, as_of: date, food_ids=None, school_id=None):
    stmt = _lines_statement(food_ids is not None, school_id is not None)
    params = {"start": window_start, "as_of": as_of}
    if food_ids is not None:
        params["food_ids"] = list(food_ids)
    if school_id is not None:
        params["school_id"] = school_id
    return stmt.params(**params)


@lru_cache(maxsize=None)
def _lines_statement(by_food: bool, by_school: bool):
    """The accepted, non-void lines of a window, with the values bound at execution: built
    once (building the statement cost more than running it on a planner page)."""
    stmt = (select(Delivery.school_id, DeliveryLine.food_id, Delivery.delivery_date,
                   LINE_PAID.label("paid"), DeliveryLine.grams, DeliveryLine.id)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(DeliveryLine.accepted.is_(True), Delivery.voided_at.is_(None),
                   Delivery.delivery_date.between(bindparam("start"), bindparam("as_of"))))
    if by_food:
        stmt = stmt.where(DeliveryLine.food_id.in_(bindparam("food_ids", expanding=True)))
    if by_school:
        stmt = stmt.where(Delivery.school_id == bindparam("school_id"))
    return stmt


def recent_prices(session: Session, school_id: int, food_ids, as_of: date) -> dict[int, Price]:
    """Per food: the school's latest accepted price within 60 days, else the county median of
    the last 60 days, else nothing (the caller shows "no price", never zero)."""
    food_ids = set(food_ids)
    start = as_of - timedelta(days=WINDOW_DAYS)
    rows = session.execute(_lines(start, as_of, food_ids, school_id)).all() \
        if school_id is not None and food_ids else []
    own: dict[int, tuple] = {}
    for _sid, fid, day, amount, grams, line_id in rows:
        if fid not in own or (day, line_id) > own[fid][1:]:
            own[fid] = (per_kg(amount, grams), day, line_id)
    # the county's median only of the foods the school has no price of
    out = county_medians(session, start, as_of, food_ids - set(own))
    out.update((fid, Price(price, day, "school")) for fid, (price, day, _l) in own.items())
    return out


def county_medians(session: Session, start: date, as_of: date, food_ids) -> dict[int, Price]:
    """Each food's median price per kg over the county's lines from `start` to `as_of`, dated
    by its latest line. The lines are ranked in SQL and only the middle one or two of each
    food are read: a big county has some 100,000 lines in 60 days, and a county template's
    week asks for every food. Ranking by the unrounded price orders as the rounded prices
    do (rounding to the fen never reverses an order), so the median is the one of the
    rounded prices, computed in Decimal here."""
    if not food_ids:
        return {}
    values: dict[int, list] = defaultdict(list)
    latest = {}
    for fid, amount, grams, last in session.execute(_middle_lines(), {
            "start": start, "as_of": as_of, "food_ids": list(food_ids)}):
        values[fid].append(per_kg(amount, grams))
        latest[fid] = last
    return {fid: Price(money(Decimal(median(v))), latest[fid], "county")
            for fid, v in values.items()}


@lru_cache(maxsize=None)
def _middle_lines():
    """The middle line or two of each food's lines by price per kg (`county_medians`)."""
    lines = _lines_statement(True, False).subquery()
    by_food = dict(partition_by=lines.c.food_id)
    ranked = select(
        lines.c.food_id, lines.c.paid, lines.c.grams,
        func.max(lines.c.delivery_date).over(**by_food).label("last"),
        func.count().over(**by_food).label("n"),
        func.row_number().over(**by_food, order_by=(
            lines.c.paid * 1000 / lines.c.grams, lines.c.id)).label("k")).subquery()
    return select(ranked.c.food_id, ranked.c.paid, ranked.c.grams, ranked.c.last).where(
        ranked.c.k.between((ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2))


def recent_price(session: Session, school_id: int, food_id: int, as_of: date) -> Price | None:
    return recent_prices(session, school_id, [food_id], as_of).get(food_id)


def price_history(session: Session, food_id: int, school_id: int | None = None,
                  since: date | None = None, until: date | None = None) -> list[dict]:
    until = until or date.max
    since = since or date.min
    rows = session.execute(_lines(since, until, [food_id], school_id)
                           .order_by(Delivery.delivery_date)).all()
    names = dict(session.execute(select(School.id, School.name)).all())
    return [{"school_id": sid, "school": names[sid], "date": day,
             "per_kg": per_kg(amount, grams)} for sid, _f, day, amount, grams, _l in rows]


def price_table(session: Session, as_of: date) -> list[dict]:
    """Each food bought in the last 60 days: median, min and max per kg over the county's
    lines, and the schools whose own median is more than 30 % above the county median."""
    start = as_of - timedelta(days=WINDOW_DAYS)
    by_food: dict[int, list] = defaultdict(list)
    by_school: dict[tuple, list] = defaultdict(list)
    for sid, fid, _day, amount, grams, _l in session.execute(_lines(start, as_of)):
        value = per_kg(amount, grams)
        by_food[fid].append(value)
        by_school[(fid, sid)].append(value)
    foods = {f.id: f for f in session.scalars(select(FoodRow).where(
        FoodRow.id.in_(list(by_food))))}
    schools = dict(session.execute(select(School.id, School.name)).all())
    table = []
    for fid, values in by_food.items():
        mid = money(Decimal(median(values)))
        dear = sorted(((schools[sid], money(Decimal(median(v)))) for (f, sid), v
                       in by_school.items() if f == fid and median(v) > mid * ABOVE_MEDIAN),
                      key=lambda x: -x[1])
        table.append({"food_id": fid, "code": foods[fid].code, "name": foods[fid].name,
                      "median": mid, "min": min(values), "max": max(values),
                      "lines": len(values), "schools_above": dear})
    return sorted(table, key=lambda r: r["code"])
