"""Prices from accepted, non-void delivery lines: history, the recent price for menu costing,
and the county price table."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from sqlalchemy import select
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


def per_kg(amount: Decimal, grams: Decimal) -> Decimal:
    """Price per kg to the fen, in Decimal (exact on every database)."""
    return money(Decimal(amount) * 1000 / Decimal(grams))


def _lines(window_start: date, as_of: date, food_ids=None, school_id=None):
    stmt = (select(Delivery.school_id, DeliveryLine.food_id, Delivery.delivery_date,
                   DeliveryLine.amount, DeliveryLine.grams, DeliveryLine.id)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(DeliveryLine.accepted.is_(True), Delivery.voided_at.is_(None),
                   Delivery.delivery_date.between(window_start, as_of)))
    if food_ids is not None:
        stmt = stmt.where(DeliveryLine.food_id.in_(list(food_ids)))
    if school_id is not None:
        stmt = stmt.where(Delivery.school_id == school_id)
    return stmt


def recent_prices(session: Session, school_id: int, food_ids, as_of: date) -> dict[int, Price]:
    """Per food: the school's latest accepted price within 60 days, else the county median of
    the last 60 days, else nothing (the caller shows "no price", never zero)."""
    food_ids = set(food_ids)
    start = as_of - timedelta(days=WINDOW_DAYS)
    rows = session.execute(_lines(start, as_of, food_ids, school_id)).all() \
        if school_id is not None and food_ids else []
    # the county's lines only of the foods the school has none of: the median is needed for
    # them alone, and a big county's lines of every food would be read on every planner page
    missing = food_ids - {fid for _sid, fid, *_rest in rows}
    if missing:
        rows += session.execute(_lines(start, as_of, missing)).all()
    own: dict[int, tuple] = {}
    county: dict[int, list] = defaultdict(list)
    for sid, fid, day, amount, grams, line_id in rows:
        price = per_kg(amount, grams)
        county[fid].append((price, day))
        if sid == school_id and (fid not in own or (day, line_id) > own[fid][1:]):
            own[fid] = (price, day, line_id)
    out = {}
    for fid in food_ids:
        if fid in own:
            out[fid] = Price(own[fid][0], own[fid][1], "school")
        elif county.get(fid):
            values = county[fid]
            out[fid] = Price(money(Decimal(median(v for v, _d in values))),
                             max(d for _v, d in values), "county")
    return out


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
