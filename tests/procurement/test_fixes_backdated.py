"""Back-dated moves (issue 9, item 4): a move takes its place in date order, every later issue
is valued again, and the ledger, balances and month totals are the same whichever order the
moves were entered in. Money is rounded half up to the fen (item 5)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from procurement import services
from procurement.models import StockBalance, StockMove
from procurement.services import ProcurementError

from ..factories import food_id

RICE = "012001x"
D1, D2, D3, D4, D5 = (date(2026, 11, d) for d in (2, 3, 4, 5, 6))


def _issue(db, org, day, grams):
    move = services.issue_stock(db, school_id=org.schools[0].id, day=day, meal="lunch",
                                food_id=food_id(db, RICE), grams=grams)
    db.commit()
    return move


def _receive(deliver, day, kg, price):
    return deliver([("大米", kg, "kg", price)], day=day)


def _ledger_state(db, org):
    school, rice = org.schools[0].id, food_id(db, RICE)
    ledger = services.month_ledger(db, school, 2026, 11)
    rows = [(r.day, r.kind, r.in_grams, r.in_value, r.out_grams, r.out_value, r.balance_grams,
             r.balance_value) for r in ledger.rows]
    return (rows, services.balance(db, school, rice),
            services.monthly_totals(db, school, 2026, 11), ledger.in_total, ledger.out_total)


def _balance_row(db, org):
    row = db.get(StockBalance, (org.schools[0].id, food_id(db, RICE)))
    db.refresh(row)
    return row.grams, row.value


def test_issue_dated_before_a_later_receipt_and_issue_is_valued_in_date_order(deliver, db,
                                                                                org):
    # the issue's scenario: 3 kg at 4.33 on the 1st, 2.5 kg at 5.17 on the 3rd
    # (2.5 × 5.17 = 12.925 → 12.93 half up), 4.2 kg issued on the 4th, then 1 kg dated the 2nd
    _receive(deliver, D1, "3", "4.33")                       # 3 kg, 12.99
    _receive(deliver, D3, "2.5", "5.17")                     # 2.5 kg, 12.93
    late = _issue(db, org, D4, 4200)
    assert late.value == Decimal("-19.79")                  # 25.92 × 4.2 / 5.5 = 19.7927…
    early = _issue(db, org, D2, 1000)
    db.refresh(late)
    # in date order: 1 kg of 3 kg / 12.99 → 4.33; then 2 kg 8.66 + 2.5 kg 12.93 = 4.5 kg 21.59
    # 4.2 kg of it: 21.59 × 4.2 / 4.5 = 20.1506… → 20.15; left 0.3 kg worth 21.59 − 20.15 = 1.44
    assert early.value == Decimal("-4.33")
    assert late.value == Decimal("-20.15")
    expected = (Decimal("300.0"), Decimal("1.44"))         # 4.80 / kg, between 4.33 and 5.17
    assert services.balance(db, org.schools[0].id, food_id(db, RICE)) == expected
    assert _balance_row(db, org) == expected
    ledger = services.month_ledger(db, org.schools[0].id, 2026, 11)
    assert [(r.day, r.kind, r.out_value, r.balance_value) for r in ledger.rows] == [
        (D1, "receipt", Decimal("0.00"), Decimal("12.99")),
        (D2, "issue", Decimal("4.33"), Decimal("8.66")),
        (D3, "receipt", Decimal("0.00"), Decimal("21.59")),
        (D4, "issue", Decimal("20.15"), Decimal("1.44"))]
    assert services.monthly_totals(db, org.schools[0].id, 2026, 11) == {
        "receipts": Decimal("25.92"), "issues": Decimal("24.48"),
        "adjustments": Decimal("0.00")}


@pytest.mark.parametrize("order", ["date", "late_issue", "late_receipt"])
def test_ledger_balances_and_totals_do_not_depend_on_entry_order(deliver, db, org, order):
    if order == "date":
        _receive(deliver, D1, "3", "4.33")
        _issue(db, org, D2, 1000)
        _receive(deliver, D3, "2.5", "5.17")
        _issue(db, org, D4, 4200)
    elif order == "late_issue":
        _receive(deliver, D3, "2.5", "5.17")
        _receive(deliver, D1, "3", "4.33")
        _issue(db, org, D4, 4200)
        _issue(db, org, D2, 1000)
    else:  # the receipt of the 3rd is entered after part of the 4th's issue
        _receive(deliver, D1, "3", "4.33")
        _issue(db, org, D2, 1000)
        _issue(db, org, D4, 1500)
        _receive(deliver, D3, "2.5", "5.17")
        # then 4.5 kg 21.59: 1.5 kg → 7.1966… → 7.20; 3 kg 14.39 left, 2.7 kg → 12.951 → 12.95
        _issue(db, org, D4, 2700)
    rows, bal, totals, in_total, out_total = _ledger_state(db, org)
    assert bal == (Decimal("300.0"), Decimal("1.44"))
    assert totals == {"receipts": Decimal("25.92"), "issues": Decimal("24.48"),
                      "adjustments": Decimal("0.00")}
    assert (in_total, out_total) == (Decimal("25.92"), Decimal("24.48"))
    assert [(r[0], r[1], r[6], r[7]) for r in rows][-1] == (D4, "issue", Decimal("300.0"),
                                                          Decimal("1.44"))


def test_back_dated_issue_that_would_leave_a_later_issue_uncovered_is_refused(deliver, db,
                                                                                org):
    _receive(deliver, D1, "3", "4.33")                       # 3 kg
    _issue(db, org, D4, 2500)                                # 0.5 kg left from the 4th on
    before = _ledger_state(db, org)
    with pytest.raises(ProcurementError) as exc:
        _issue(db, org, D2, 1000)                            # 3 kg on the 2nd, but 0.5 later
    db.rollback()
    assert exc.value.errors == {"grams": "2026-11-03 大米 库存只有 500.0 克，"
                                         "无法出库 1000.0 克。"}
    assert _ledger_state(db, org) == before
    assert db.scalar(select(func.count()).select_from(StockMove)) == 2


def test_stocktake_closes_the_ledger_up_to_its_day(deliver, db, org):
    school, rice = org.schools[0].id, food_id(db, RICE)
    _receive(deliver, D1, "3", "4.33")
    services.take_stock(db, school_id=school, day=D4, counted={rice: "2900"}, counted_by="李")
    db.commit()
    before = _ledger_state(db, org)
    with pytest.raises(ProcurementError) as exc:
        _issue(db, org, D3, 500)
    db.rollback()
    assert exc.value.errors == {"date": "大米 已在 2026-11-05 盘点，出入库日期"
                                        "不能早于或等于盘点日。"}
    with pytest.raises(ProcurementError) as exc:
        services.take_stock(db, school_id=school, day=D2, counted={rice: "3000"},
                            counted_by="李")
    db.rollback()
    assert exc.value.errors == {f"counted[{rice}]": "大米 在 2026-11-05 还有出入库，"
                                                     "晚于盘点日期：盘点日期不能早于该日。"}
    assert _ledger_state(db, org) == before
    # the count: 100 g short at 12.99 / 3 kg → 0.433 → 0.43; 2.9 kg worth 12.56 are left
    # and the next day is open: 0.5 kg of it is 12.56 × 0.5 / 2.9 = 2.1655… → 2.17
    assert _issue(db, org, D5, 500).value == Decimal("-2.17")


def test_half_cent_amounts_round_half_up_everywhere(deliver, db, org):
    """2.5 kg × 5.17 = 12.925 → 12.93 (half even would give 12.92)."""
    school, rice = org.schools[0].id, food_id(db, RICE)
    d = deliver([("大米", "2.5", "kg", "5.17"), ("大米", "0.5", "kg", "5.17")], day=D1)
    # 2.5 × 5.17 = 12.925 → 12.93; 0.5 × 5.17 = 2.585 → 2.59; the total is the sum of lines
    assert [ln.amount for ln in d.lines] == [Decimal("12.93"), Decimal("2.59")]
    assert d.total == d.accepted_total == Decimal("15.52")
    # 3 kg worth 15.52; 1.5 kg of it is half: 7.76 exactly
    assert _issue(db, org, D2, 1500).value == Decimal("-7.76")
    # 1.5 kg worth 7.76; 0.75 kg of it: 3.88 exactly; left 0.75 kg worth 3.88
    assert _issue(db, org, D3, 750).value == Decimal("-3.88")
    # a half-cent share: 1.25 kg of 2.5 kg worth 12.93 → 6.465 → 6.47 (half even: 6.46)
    deliver([("大米", "2.5", "kg", "5.17")], day=D4, school=org.schools[1])
    move = services.issue_stock(db, school_id=org.schools[1].id, day=D5, meal="lunch",
                                food_id=rice, grams=1250)
    assert move.value == Decimal("-6.47")
    assert services.balance(db, org.schools[1].id, rice) == (Decimal("1250.0"),
                                                             Decimal("6.46"))
    ledger = services.month_ledger(db, org.schools[1].id, 2026, 11)
    assert (ledger.in_total, ledger.out_total) == (Decimal("12.93"), Decimal("6.47"))
    assert services.monthly_totals(db, org.schools[1].id, 2026, 11) == {
        "receipts": Decimal("12.93"), "issues": Decimal("6.47"), "adjustments": Decimal("0.00")}
    assert services.balance(db, school, rice) == (Decimal("750.0"), Decimal("3.88"))


def test_prices_per_kg_and_county_median_round_half_up(deliver, db, org):
    rice = food_id(db, RICE)
    deliver([("大米", "2", "kg", "5.00"), ("大米", "1", "kg", "5.01")], day=D1,
            school=org.schools[0])                         # 10.00 / 2 kg, 5.01 / 1 kg
    deliver([("大米", "4", "jin", "5.01")], day=D2,
            school=org.schools[1])                         # 4 jin = 2 kg for 20.04: 10.02/kg
    history = services.price_history(db, rice)
    assert [h["per_kg"] for h in history] == [Decimal("5.00"), Decimal("5.01"),
                                              Decimal("10.02")]
    # the county median of 5.00, 5.01 and 10.02 is 5.01; of 5.00 and 5.01 it is 5.005 → 5.01
    price = services.recent_price(db, org.schools[2].id, rice, date(2026, 11, 23))
    assert (price.per_kg, price.source) == (Decimal("5.01"), "county")
    (row,) = services.price_table(db, date(2026, 11, 23))
    assert (row["median"], row["min"], row["max"]) == (Decimal("5.01"), Decimal("5.00"),
                                                       Decimal("10.02"))
    deliver([("大米", "1", "kg", "5.00")], day=D3, school=org.schools[0])
    # four lines now: 5.00, 5.00, 5.01, 10.02 → median (5.00 + 5.01) / 2 = 5.005 → 5.01
    (row,) = services.price_table(db, date(2026, 11, 23))
    assert row["median"] == Decimal("5.01")
    # one 2000-g sack for 10.01: 5.005 per kg → 5.01 (half even: 5.00)
    deliver([("大米", "1", "piece", "10.01", "2000")], day=D4, school=org.schools[2])
    assert services.price_history(db, rice, org.schools[2].id)[-1]["per_kg"] == Decimal("5.01")
    price = services.recent_price(db, org.schools[2].id, rice, date(2026, 11, 23))
    assert (price.per_kg, price.source) == (Decimal("5.01"), "school")
