"""An issue reads its food's ledger once (the balance row is locked first, so nothing else
changes it between the check of what is on hand and the valuation of the later issues), and
the issues after it, the same day's included, are valued in ledger order all the same."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from procurement import services

from ..factories import food_id

RICE = "012001x"
D1, D2, D3 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)


def _issue(db, org, day, grams):
    move = services.issue_stock(db, school_id=org.schools[0].id, day=day, meal="lunch",
                                food_id=food_id(db, RICE), grams=grams)
    db.commit()
    return move


def test_a_back_dated_issue_reads_the_ledger_once_and_values_the_later_ones(
        deliver, db, org, sql_seen):
    deliver([("大米", "3", "kg", "4.33")], day=D1)              # 3 kg, 12.99
    deliver([("大米", "2.5", "kg", "5.17")], day=D3)            # 2.5 kg, 12.93
    first, second = _issue(db, org, D3, 1000), _issue(db, org, D3, 1000)
    assert (first.value, second.value) == (Decimal("-4.71"), Decimal("-4.71"))
    food_id(db, RICE)  # the food's id is known before counting
    sql_seen.clear()
    early = _issue(db, org, D2, 500)
    stock_reads = [s for s in sql_seen if s.lstrip().startswith("SELECT")
                   and "FROM procurement_stock_move" in s and "GROUP BY" not in s]
    assert len(stock_reads) == 2  # the sum before the day, the moves from it on
    db.refresh(first)
    db.refresh(second)
    # 0.5 kg of 3 kg worth 12.99: 2.165 → 2.17; then 2.5 kg 10.82 + 2.5 kg 12.93 = 5 kg 23.75,
    # 1 kg of it 4.75 twice, in entry order within the day
    assert (early.value, first.value, second.value) == (
        Decimal("-2.17"), Decimal("-4.75"), Decimal("-4.75"))
    assert services.balance(db, org.schools[0].id, food_id(db, RICE)) == (
        Decimal("3000.0"), Decimal("14.25"))
