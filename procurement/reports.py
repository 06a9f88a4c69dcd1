"""County-scale lists: deliveries filtered and paged with their totals, and the stock of every
school a user may see, one SQL aggregate each."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from nutrition.models import FoodRow
from suite.models import School

from .models import Delivery, DeliveryLine, StockMove, Supplier

ZERO = Decimal("0.00")
STATUSES = ("valid", "void")


@dataclass
class DeliveryPage:
    rows: list = field(default_factory=list)  # (Delivery, School, Supplier)
    count: int = 0            # every delivery that matches, void ones included
    void_count: int = 0
    total: Decimal = ZERO     # sums over the matching deliveries that are not void
    accepted: Decimal = ZERO
    page: int = 1


def delivery_page(session: Session, visible, *, school_id: int | None = None,
                  supplier_id: int | None = None, start: date | None = None,
                  end: date | None = None, status: str = "", page: int = 1,
                  size: int = 50) -> DeliveryPage:
    """One page of deliveries, newest first, and the totals of all that match. `visible` is
    the user's school filter on Delivery.school_id; a page past the last shows the last."""
    where = [visible]
    if school_id is not None:
        where.append(Delivery.school_id == school_id)
    if supplier_id is not None:
        where.append(Delivery.supplier_id == supplier_id)
    if start is not None:
        where.append(Delivery.delivery_date >= start)
    if end is not None:
        where.append(Delivery.delivery_date <= end)
    if status == "valid":
        where.append(Delivery.voided_at.is_(None))
    elif status == "void":
        where.append(Delivery.voided_at.is_not(None))
    live = Delivery.voided_at.is_(None)
    count, void_count, total, accepted = session.execute(select(
        func.count(), func.count(Delivery.voided_at),
        func.coalesce(func.sum(case((live, Delivery.total), else_=0)), 0),
        func.coalesce(func.sum(case((live, Delivery.accepted_total), else_=0)), 0))
        .where(*where)).one()
    last = max(1, -(-count // size))
    result = DeliveryPage(count=count, void_count=void_count, total=Decimal(total).quantize(ZERO),
                          accepted=Decimal(accepted).quantize(ZERO), page=min(max(page, 1), last))
    result.rows = session.execute(
        select(Delivery, School, Supplier).join(School, School.id == Delivery.school_id)
        .join(Supplier, Supplier.id == Delivery.supplier_id).where(*where)
        .order_by(Delivery.delivery_date.desc(), Delivery.id.desc())
        .offset((result.page - 1) * size).limit(size)).all()
    return result


def stock_by_school(session: Session, schools: list[School], as_of: date) -> list[dict]:
    """Per school: how many foods it holds and their value on `as_of` (every school listed,
    with 0 when it holds nothing)."""
    per_food = (select(StockMove.school_id, func.sum(StockMove.grams).label("grams"),
                       func.sum(StockMove.value).label("value"))
                .where(StockMove.school_id.in_([s.id for s in schools]),
                       StockMove.move_date <= as_of)
                .group_by(StockMove.school_id, StockMove.food_id).subquery())
    sums = {sid: (foods, Decimal(value or 0).quantize(ZERO)) for sid, foods, value in
            session.execute(select(per_food.c.school_id,
                                   func.count(case((per_food.c.grams != 0, 1))),
                                   func.sum(per_food.c.value))
                            .group_by(per_food.c.school_id))}
    return [{"school": s, "foods": sums.get(s.id, (0, ZERO))[0],
             "value": sums.get(s.id, (0, ZERO))[1]} for s in schools]


def delivery_lines(session: Session, school_id: int, start: date, end: date,
                   food_groups: tuple[str, ...] | None = None) -> list[dict]:
    """The lines of a school's deliveries (void ones left out) delivered from `start` to `end`,
    newest first, optionally only foods of some groups, each as a dict with its food."""
    stmt = (select(DeliveryLine, Delivery.delivery_date, Supplier.name, FoodRow.name,
                   FoodRow.food_group)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .join(Supplier, Supplier.id == Delivery.supplier_id)
            .join(FoodRow, FoodRow.id == DeliveryLine.food_id)
            .where(Delivery.school_id == school_id, Delivery.voided_at.is_(None),
                   Delivery.delivery_date.between(start, end))
            .order_by(Delivery.delivery_date.desc(), Delivery.id, DeliveryLine.line_no))
    if food_groups:
        stmt = stmt.where(FoodRow.food_group.in_(food_groups))
    return [{"id": line.id, "delivery_id": line.delivery_id, "delivery_date": day,
             "line_no": line.line_no, "item_name": line.item_name, "food_name": food,
             "food_group": group, "grams": line.grams, "amount": line.amount,
             "accepted": line.accepted, "reject_reason": line.reject_reason,
             "supplier": supplier}
            for line, day, supplier, food, group in session.execute(stmt)]
