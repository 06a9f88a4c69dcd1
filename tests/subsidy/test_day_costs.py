"""The ledger's figures of each school's day (subsidy_day_cost) follow every write: issues,
deliveries that value later issues again, voids, counts, supplied servings, savepoints rolled
back, whole transactions rolled back, ORM bulk statements; and the rebuild command finds and
rewrites a row that went wrong."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, insert, select, text, update

from procurement.models import StockMove
from subsidy import services
from subsidy.day_costs import FIGURES, PENDING, figures, rebuild
from subsidy.models import DayCost
from tests.canteen.helpers_issuing import RICE, count, food
from tests.subsidy.helpers_ledger import OCT, build_october, issue
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("en")


def rows(db, school) -> dict:
    """day -> the stored FIGURES of the school's days."""
    return {r.day: tuple(getattr(r, f) for f in FIGURES) for r in db.scalars(
        select(DayCost).where(DayCost.school_id == school.id))}


def worked_out(db, school) -> dict:
    """day -> the FIGURES worked out from the records now."""
    found = figures(db.connection(), [school.id], date.min, date.max)
    return {d: f for (_s, d), f in found.items()}


def test_the_hand_made_october_is_stored_day_by_day(db, org, deliver, supplier):
    own, company, empty = build_october(db, org, deliver, supplier)
    stored = rows(db, own)
    # plan, meals, issued, supplied, teachers' share, net stock change, adjustments, the share
    # of the pupils outside the plan (fen)
    assert stored[date(2026, 9, 29)] == (0, 0, 0, 0, 0, 5000, 0, 0)
    # 500 × 2 of 40 pupils outside the plan = 25
    assert stored[date(2026, 9, 30)] == (38, 1, 500, 0, 0, -500, 0, 25)
    assert stored[date(2026, 10, 8)] == (0, 0, 0, 0, 0, 5000, 0, 0)  # the oil and its void
    # lunch 10.00 with 2 teachers of 42 heads: 0.48, (1000 − 48) × 2/40 = 47.6 → 48 outside
    # the plan; breakfast 5.00 without teachers, all 30 pupils in the plan
    assert stored[date(2026, 10, 9)] == (38, 2, 1500, 0, 48, -1500, 0, 48)
    # (1500 − 105) × 2/40 = 69.75 → 70
    assert stored[date(2026, 10, 10)] == (38, 1, 1500, 0, 105, -1500, 0, 70)
    # (36000 − 2250) × 3/75 = 1350
    assert rows(db, company)[date(2026, 10, 20)] == (72, 1, 0, 36000, 2250, 0, 0, 1350)
    assert rows(db, empty) == {}
    for school in (own, company):
        assert rows(db, school) == worked_out(db, school)
    assert rebuild(db) == 0


def test_a_back_dated_delivery_values_later_days_again(db, org, deliver, supplier):
    own = org.schools[0]
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2), school=own)
    count(db, own, day=date(2026, 11, 5), grades={1: (40, 40)})
    issue(db, own, date(2026, 11, 5), "lunch", 8000)  # 8 kg of 10 at 5.00: 40.00
    assert rows(db, own)[date(2026, 11, 5)][2] == 4000
    # 10 kg more at 8.00 dated before the issue: the average is 6.50, the issue costs 52.00
    deliver([("大米", "10", "kg", "8.00")], day=date(2026, 11, 3), school=own,
            invoice_no="NO.0002")
    assert rows(db, own)[date(2026, 11, 5)][2] == 5200
    assert rows(db, own) == worked_out(db, own)
    ledger = services.school_month(db, own.id, 2026, 11, today=TODAY)
    assert ledger["food_cost"] == Decimal("52.00")
    assert ledger["stock_value_end"] == Decimal("78.00")  # 50 + 80 − 52


def test_a_rolled_back_savepoint_and_transaction_leave_the_rows_right(db, org, deliver, supplier):
    own = org.schools[0]
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2), school=own)
    count(db, own, day=date(2026, 11, 5), grades={1: (40, 40)})
    db.commit()
    before = rows(db, own)
    with pytest.raises(RuntimeError):
        with db.begin_nested():
            issue_without_commit(db, own)
            # a ledger read inside the savepoint sees the issue
            assert services.school_month(db, own.id, 2026, 11, today=TODAY)[
                "food_cost"] == Decimal("10.00")
            raise RuntimeError("taken back")
    db.commit()
    assert rows(db, own) == before == worked_out(db, own)
    # an issue before a savepoint whose ledger read is taken back: written at the commit
    issue_without_commit(db, own)
    with pytest.raises(RuntimeError):
        with db.begin_nested():
            services.school_month(db, own.id, 2026, 11, today=TODAY)
            raise RuntimeError("taken back")
    db.commit()
    assert rows(db, own)[date(2026, 11, 5)][2] == 1000
    assert rows(db, own) == worked_out(db, own)
    issue_without_commit(db, own)
    db.rollback()
    assert PENDING not in db.info
    assert rows(db, own)[date(2026, 11, 5)][2] == 1000


def issue_without_commit(db, school):
    from canteen import services as canteen
    canteen.issue_to_meal(db, school_id=school.id, day=date(2026, 11, 5), meal="lunch",
                          today=TODAY, quantities={food(db, RICE).id: "2000"})


def test_orm_bulk_statements_are_followed(db, org, deliver, supplier):
    own = org.schools[0]
    delivery = deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2), school=own)
    food_id = delivery.lines[0].food_id
    db.execute(insert(StockMove), [
        {"school_id": own.id, "food_id": food_id, "move_date": date(2026, 11, 6),
         "kind": "issue", "meal": "lunch", "grams": Decimal("-100"), "value": Decimal("-0.50"),
         "note": ""}])
    db.commit()
    assert rows(db, own)[date(2026, 11, 6)] == (0, 0, 50, 0, 0, -50, 0, 0)
    db.execute(update(StockMove).where(StockMove.move_date == date(2026, 11, 6))
               .values(value=Decimal("-0.70")))
    db.commit()
    assert rows(db, own)[date(2026, 11, 6)] == (0, 0, 70, 0, 0, -70, 0, 0)
    db.execute(delete(StockMove).where(StockMove.move_date == date(2026, 11, 6)))
    db.commit()
    assert rows(db, own)[date(2026, 11, 6)] == (0,) * len(FIGURES)


def test_the_rebuild_command_rewrites_a_wrong_row(db, org, deliver, supplier, runner):
    own, _company, _empty = build_october(db, org, deliver, supplier)
    month = services.school_month(db, own.id, *OCT, today=TODAY)
    db.execute(text("UPDATE subsidy_day_cost SET issued_fen = issued_fen + 100 "
                    "WHERE school_id = :s AND day = :d"), {"s": own.id, "d": date(2026, 10, 9)})
    db.execute(text("DELETE FROM subsidy_day_cost WHERE school_id = :s AND day = :d"),
               {"s": own.id, "d": date(2026, 10, 10)})
    db.commit()
    assert services.school_month(db, own.id, *OCT, today=TODAY)["food_cost"] != month["food_cost"]
    result = runner.invoke(args=["subsidy", "rebuild-day-costs"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ("school days worked out again: 2 differed and were "
                                     "rewritten")
    db.expire_all()
    assert services.school_month(db, own.id, *OCT, today=TODAY) == month
    assert rebuild(db) == 0
