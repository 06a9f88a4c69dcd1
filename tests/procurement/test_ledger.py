"""Money to the fen, units, moving weighted average, over-issue, stocktake, voiding."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from procurement import services
from procurement.models import Delivery, DeliveryLine, StockMove
from procurement.services import LineIn, ProcurementError

from ..factories import food_id

RICE, POTATO, PORK, OIL = "012001x", "021101", "081110", "192004"


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def test_money_exact_to_the_fen(deliver, db):
    d = deliver([("大米", "25", "kg", "5.98"),          # 25 × 5.98 = 149.50
                 ("土豆", "37.5", "jin", "1.33"),       # 37.5 × 1.33 = 49.875 → 49.88 (half up)
                 ("豆油", "3", "piece", "68.90", "5000"),  # 3 × 68.90 = 206.70; 15 kg
                 ("猪肉（瘦）", "12.345", "kg", "26.50", None, True, "", "2.0")])
    # 12.345 × 26.50 = 327.1425 → 327.14
    amounts = [line.amount for line in d.lines]
    assert amounts == [Decimal("149.50"), Decimal("49.88"), Decimal("206.70"),
                       Decimal("327.14")]
    assert d.total == Decimal("733.22") == sum(amounts)  # 149.50+49.88+206.70+327.14


def test_unit_conversion_to_grams(deliver):
    d = deliver([("大米", "2", "kg", "6"), ("土豆", "3", "jin", "1"), ("马铃薯", "750", "g", "0.01"),
                 ("豆油", "2", "box", "100", "4500.5")])
    assert [line.grams for line in d.lines] == [Decimal("2000.0"), Decimal("1500.0"),
                                               Decimal("750.0"), Decimal("9001.0")]


def test_rejected_lines_do_not_enter_stock(deliver, db):
    d = deliver([("大米", "10", "kg", "6"),
                 LineIn("土豆", "20", "kg", "2", accepted=False, reject_reason="发芽")])
    assert d.total == Decimal("100.00") and d.accepted_total == Decimal("60.00")
    assert services.balance(db, d.school_id, food_id(db, POTATO)) == (Decimal("0.0"),
                                                                      Decimal("0.00"))
    assert services.balance(db, d.school_id, food_id(db, RICE)) == (Decimal("10000.0"),
                                                                    Decimal("60.00"))


def test_weighted_average_across_three_deliveries_with_issues_between(deliver, db, org):
    school, rice = org.schools[0].id, food_id(db, RICE)
    deliver([("大米", "100", "kg", "5.00")], day=date(2026, 11, 2))        # 100 kg, 500.00
    move = services.issue_stock(db, school_id=school, day=date(2026, 11, 3), meal="lunch",
                                food_id=rice, grams=30000)
    assert move.value == Decimal("-150.00")                                # 30 kg × 5.00
    deliver([("大米", "50", "kg", "6.00")], day=date(2026, 11, 4))         # 70 kg 350 + 300
    # average now 650.00 / 120 kg = 5.41666… per kg; 40 kg → 216.666… → 216.67
    move = services.issue_stock(db, school_id=school, day=date(2026, 11, 5), meal="lunch",
                                food_id=rice, grams=40000)
    assert move.value == Decimal("-216.67")
    deliver([("大米", "20", "kg", "7.10")], day=date(2026, 11, 6))         # 80 kg 433.33 + 142
    assert services.balance(db, school, rice) == (Decimal("100000.0"), Decimal("575.33"))
    # 100 kg at 575.33 → 25 kg costs 143.8325 → 143.83
    move = services.issue_stock(db, school_id=school, day=date(2026, 11, 9), meal="dinner",
                                food_id=rice, grams=25000)
    assert move.value == Decimal("-143.83")
    # the last 75 kg take exactly the value left: 575.33 − 143.83 = 431.50
    move = services.issue_stock(db, school_id=school, day=date(2026, 11, 10), meal="lunch",
                                food_id=rice, grams=75000)
    assert move.value == Decimal("-431.50")
    assert services.balance(db, school, rice) == (Decimal("0.0"), Decimal("0.00"))


def test_over_issue_is_refused_with_the_quantity_on_hand(deliver, db, org):
    school, rice = org.schools[0].id, food_id(db, RICE)
    deliver([("大米", "10", "kg", "5")], day=date(2026, 11, 2))
    before = db.scalar(select(func.count()).select_from(StockMove))
    with pytest.raises(ProcurementError) as err:
        services.issue_stock(db, school_id=school, day=date(2026, 11, 3), meal="lunch",
                             food_id=rice, grams=10000.1)
    assert err.value.errors["grams"] == ("Only 10000.0 g of 大米 is on hand on 2026-11-03; "
                                         "10000.1 g cannot be issued.")
    with pytest.raises(ProcurementError, match="Only 0.0 g"):  # before the delivery
        services.issue_stock(db, school_id=school, day=date(2026, 11, 1), meal="lunch",
                             food_id=rice, grams=1)
    assert db.scalar(select(func.count()).select_from(StockMove)) == before


def test_stock_is_per_school(deliver, db, org):
    deliver([("大米", "10", "kg", "5")], school=org.schools[1])
    with pytest.raises(ProcurementError, match="Only 0.0 g"):
        services.issue_stock(db, school_id=org.schools[0].id, day=date(2026, 11, 3),
                             meal="lunch", food_id=food_id(db, RICE), grams=100)


def test_stocktake_variance(deliver, db, org):
    school, rice, potato = org.schools[0].id, food_id(db, RICE), food_id(db, POTATO)
    deliver([("大米", "50", "kg", "6.00"), ("土豆", "20", "kg", "2.50")])  # 300.00, 50.00
    take = services.take_stock(db, school_id=school, day=date(2026, 11, 20), counted_by="李四",
                               counted={rice: 48500, potato: 20400})
    lines = {line.food_id: line for line in take.lines}
    # rice: 48.5 − 50 kg = −1.5 kg at 6.00/kg = −9.00
    assert (lines[rice].variance_grams, lines[rice].variance_value) == (Decimal("-1500.0"),
                                                                        Decimal("-9.00"))
    # potato: +0.4 kg at 2.50/kg = +1.00
    assert (lines[potato].variance_grams, lines[potato].variance_value) == (Decimal("400.0"),
                                                                            Decimal("1.00"))
    assert services.balance(db, school, rice) == (Decimal("48500.0"), Decimal("291.00"))


def test_void_reverses_stock_and_keeps_the_record(deliver, db, org):
    d = deliver([("大米", "10", "kg", "5"), ("土豆", "4", "kg", "2")])
    services.void_delivery(db, d, "重复录入")
    db.commit()
    assert services.balance(db, d.school_id, food_id(db, RICE)) == (Decimal("0.0"),
                                                                    Decimal("0.00"))
    d = db.get(Delivery, d.id)
    assert d.voided_at is not None and d.void_reason == "重复录入" and len(d.lines) == 2
    with pytest.raises(ProcurementError, match="already void"):
        services.void_delivery(db, d, "again")


def test_void_is_refused_once_goods_were_issued(deliver, db, org):
    d = deliver([("大米", "10", "kg", "5")])
    services.issue_stock(db, school_id=d.school_id, day=date(2026, 11, 3), meal="lunch",
                         food_id=food_id(db, RICE), grams=4000)
    with pytest.raises(ProcurementError, match="Only 6000.0 g of line 1"):
        services.void_delivery(db, d, "错了")
    assert db.get(Delivery, d.id).voided_at is None


def test_void_needs_a_reason(deliver, db):
    d = deliver([("大米", "10", "kg", "5")])
    with pytest.raises(ProcurementError, match="Give the reason for voiding."):
        services.void_delivery(db, d, "  ")


def _count(db, model):
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("line, field, message", [
    (("大米", "0", "kg", "5"), "lines[0].quantity", "The quantity must be a number above 0"),
    (("大米", "-2", "kg", "5"), "lines[0].quantity", "The quantity must be a number above 0"),
    (("大米", "2", "kg", "0"), "lines[0].unit_price", "The unit price must be an amount above 0"),
    (("大米", "2", "kg", "-1.5"), "lines[0].unit_price", "The unit price must be an amount"),
    (("大米", "2", "kg", "1.234"), "lines[0].unit_price", "at most 2 decimals"),
    (("大米", "2", "ton", "5"), "lines[0].unit", "Unknown unit: ton."),
    (("大米", "2", "piece", "5"), "lines[0].unit_weight_g", "Give the weight of one piece"),
    (("外星蔬菜", "2", "kg", "5"), "lines[0].item", '"外星蔬菜" is not in the food table'),
    (("猪肉（瘦）", "2", "kg", "25"), "lines[0].temperature_c", "Record the temperature"),
])
def test_bad_line_saves_nothing(deliver, db, line, field, message):
    before = (_count(db, Delivery), _count(db, DeliveryLine), _count(db, StockMove))
    with pytest.raises(ProcurementError) as err:
        deliver([("大米", "10", "kg", "5"), line])
    shifted = field.replace("lines[0]", "lines[1]")
    assert message in err.value.errors[shifted]
    assert (_count(db, Delivery), _count(db, DeliveryLine), _count(db, StockMove)) == before


@pytest.mark.parametrize("day, message", [
    (date(2026, 11, 24), "The delivery date cannot be in the future."),
    (date(2026, 8, 20), "The date 2026-08-20 is outside every term."),
])
def test_bad_dates(deliver, day, message):
    with pytest.raises(ProcurementError) as err:
        deliver([("大米", "10", "kg", "5")], day=day)
    assert err.value.errors["delivery_date"] == message


def test_expired_licence_refuses_the_delivery(deliver, supplier, db):
    supplier.licence_expiry = date(2026, 10, 31)
    db.commit()
    with pytest.raises(ProcurementError) as err:
        deliver([("大米", "10", "kg", "5")])
    assert err.value.errors["supplier_id"] == ("The food business licence of 县粮油公司 expired "
                                               "on 2026-10-31: the delivery cannot be accepted.")


def test_learned_mapping_resolves_ticket_names(deliver, db):
    services.map_item(db, "东北大米（袋装）", services.resolve_item(db, "大米"))
    d = deliver([("东北大米（袋装）", "10", "kg", "5")])
    assert d.lines[0].food_id == food_id(db, RICE) and d.lines[0].item_name == "东北大米（袋装）"


def test_monthly_ledger_totals_equal_rows(deliver, db, org):
    school, rice = org.schools[0].id, food_id(db, RICE)
    deliver([("大米", "10", "kg", "5")], day=date(2026, 10, 28))
    deliver([("大米", "20", "kg", "6"), ("土豆", "10", "kg", "2")], day=date(2026, 11, 2))
    services.issue_stock(db, school_id=school, day=date(2026, 11, 3), meal="lunch",
                         food_id=rice, grams=15000)
    ledger = services.month_ledger(db, school, 2026, 11)
    assert ledger.opening == {"大米": (Decimal("10000.0"), Decimal("50.00"))}
    assert ledger.receipts == Decimal("140.00") and ledger.issues == Decimal("85.00")
    # 15 kg at (50 + 120) / 30 kg = 85.00
    assert ledger.closing["大米"] == (Decimal("15000.0"), Decimal("85.00"))
    assert sum(r.in_value for r in ledger.rows) == ledger.receipts
    assert sum(r.out_value for r in ledger.rows) == ledger.issues
    assert services.monthly_totals(db, school, 2026, 11) == {
        "receipts": Decimal("140.00"), "issues": Decimal("85.00"), "adjustments": Decimal("0.00")}
