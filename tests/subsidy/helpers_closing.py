"""Helpers of the month-close tests: a stand-in for the subsidy ledger (`subsidy.ledger`,
another part of the plugin) that reads a month's meal counts and receipts, so that a changed
record or rate shows as a difference; and the month's workflow in one call."""
from __future__ import annotations

import sys
import types
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

import subsidy
from canteen.models import MealCount
from procurement.models import StockMove
from subsidy import services

CENT = Decimal("0.01")
OCT = date(2026, 10, 20)  # a Tuesday of the closed month (the factory's today: 2026-11-23)
NOV = date(2026, 11, 20)  # a Friday of the open month
CLOSED = ("2026-10 is closed: the records of that month can no longer be changed. Ask the "
          "education bureau to reopen it first.")
SUBMITTED = ("2026-10 was submitted for closing and waits for the education bureau's review: "
             "the records of that month can no longer be changed. Ask the education bureau "
             "to reopen it first.")


class FakeLedger(types.ModuleType):
    """`school_month` and `ledger_json` as the ledger offers them: the month's students served
    (in all and per day), receipts net of voids, and a rate the test may change."""

    def __init__(self):
        super().__init__("subsidy.ledger")
        self.rate = Decimal("5.00")
        self.asked = []

    def school_month(self, session, school_id, year, month, *, today):
        self.asked.append((school_id, year, month, today))
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        days = session.execute(
            select(MealCount.day, func.sum(MealCount.students))
            .where(MealCount.school_id == school_id, MealCount.day.between(first, last))
            .group_by(MealCount.day).order_by(MealCount.day)).all()
        receipts = session.scalar(select(func.coalesce(func.sum(StockMove.value), 0)).where(
            StockMove.school_id == school_id, StockMove.kind.in_(("receipt", "void")),
            StockMove.move_date.between(first, last)))
        return {"school_id": school_id, "rate": self.rate,
                "students": sum(int(n) for _d, n in days),
                "receipts": Decimal(receipts).quantize(CENT),
                "days": [{"day": d, "students": int(n)} for d, n in days]}

    def food_groups(self, session, rows):
        return {}  # no food groups: the snapshot is the two methods' dicts alone

    def ledger_json(self, row):
        return {"school_id": row["school_id"], "rate": str(row["rate"]),
                "students": row["students"], "receipts": str(row["receipts"]),
                "days": [{"day": d["day"].isoformat(), "students": d["students"]}
                         for d in row["days"]]}


def install_ledger(monkeypatch) -> FakeLedger:
    """The stand-in ledger wherever the plugin imports `subsidy.ledger` from."""
    fake = FakeLedger()
    monkeypatch.setitem(sys.modules, "subsidy.ledger", fake)
    monkeypatch.setattr(subsidy, "ledger", fake, raising=False)
    return fake


def close(db, school, manager, bureau, day=OCT, today=date(2026, 11, 23)):
    """Submit (the canteen manager) and close (the bureau) the month of `day`, committed."""
    services.submit_month(db, school_id=school.id, year=day.year, month=day.month,
                          user_id=manager.id, today=today)
    row = services.close_month(db, school_id=school.id, year=day.year, month=day.month,
                               user_id=bureau.id, today=today)
    db.commit()
    return row
