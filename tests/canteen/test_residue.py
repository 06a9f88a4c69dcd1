"""Pesticide-residue tests: the result from the inhibition rate; a failed test rejects the
delivery line through procurement and takes exactly its grams and value out of stock."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from canteen import services
from canteen.errors import CanteenError
from canteen.models import ResidueTest
from procurement import services as procurement
from procurement.models import Delivery, DeliveryLine, StockMove

from ..factories import TODAY, food_id
from .helpers_safety import counts

pytestmark = pytest.mark.usefixtures("en")
CABBAGE, APPLE, RICE = "045101x", "061101x", "012001x"
DAY = TODAY - timedelta(days=1)


@pytest.fixture
def delivery(deliver):
    # cabbage 20 kg × 1.85 = 37.00; apples 7.3 jin × 3.33 = 24.309 → 24.31; rice 10 kg × 5 = 50
    return deliver([("大白菜", "20", "kg", "1.85"), ("苹果", "7.3", "jin", "3.33"),
                    ("大米", "10", "kg", "5.00")], day=DAY)


def _test(db, org, line, **kw):
    values = {"school_id": org.schools[0].id, "delivery_line_id": line.id, "sample": "大白菜",
              "inhibition_rate": "12.5", "tested_by": "李老师", "day": TODAY, "user_id": None,
              "today": TODAY, **kw}
    return services.record_residue_test(db, **values)


def _refused(db, org, line, **kw) -> dict:
    db.commit()
    before = counts(db, ResidueTest, StockMove, DeliveryLine)
    with pytest.raises(CanteenError) as refused:
        _test(db, org, line, **kw)
    db.rollback()
    assert counts(db, ResidueTest, StockMove, DeliveryLine) == before
    return refused.value.messages()


def test_a_pass_changes_no_stock(db, org, delivery):
    test = _test(db, org, delivery.lines[0], inhibition_rate="49.9")
    db.commit()
    assert (test.result, test.inhibition_rate, test.sample) == ("pass", Decimal("49.9"), "大白菜")
    assert db.get(DeliveryLine, delivery.lines[0].id).accepted is True
    assert procurement.balance(db, delivery.school_id, food_id(db, CABBAGE)) == (
        Decimal("20000.0"), Decimal("37.00"))


def test_a_fail_rejects_the_line_and_reverses_its_stock(db, org, delivery):
    test = _test(db, org, delivery.lines[1], sample="苹果", inhibition_rate="50")
    db.commit()
    assert test.result == "fail"
    line = db.get(DeliveryLine, delivery.lines[1].id)
    assert line.accepted is False
    assert line.reject_reason == "Pesticide residue test failed: inhibition rate 50 %."
    # 7.3 jin = 3650 g, 24.31 yuan: exactly that leaves stock
    assert procurement.balance(db, delivery.school_id, food_id(db, APPLE)) == (
        Decimal("0.0"), Decimal("0.00"))
    reversal = db.query(StockMove).filter_by(delivery_line_id=line.id, kind="void").one()
    assert (reversal.grams, reversal.value) == (Decimal("-3650.0"), Decimal("-24.31"))
    assert db.get(Delivery, delivery.id).accepted_total == Decimal("87.00")  # 111.31 − 24.31
    assert procurement.balance(db, delivery.school_id, food_id(db, CABBAGE)) == (
        Decimal("20000.0"), Decimal("37.00"))


def test_a_fail_is_refused_when_the_food_was_issued(db, org, delivery):
    procurement.issue_stock(db, school_id=delivery.school_id, day=TODAY, meal="lunch",
                            food_id=food_id(db, CABBAGE), grams=5000)
    assert _refused(db, org, delivery.lines[0], inhibition_rate="63.2") == {
        "delivery_line_id": "Only 15000.0 g of line 1 (大白菜) is still in stock: the rest was "
                            "issued. Record a stocktake instead."}
    assert db.get(DeliveryLine, delivery.lines[0].id).accepted is True
    assert db.get(Delivery, delivery.id).accepted_total == Decimal("111.31")
    # 37.00 × 5 / 20 = 9.25 issued; 27.75 left
    assert procurement.balance(db, delivery.school_id, food_id(db, CABBAGE)) == (
        Decimal("15000.0"), Decimal("27.75"))


def test_refusals(db, org, delivery, deliver):
    assert _refused(db, org, delivery.lines[0], inhibition_rate="100.1", sample="",
                    tested_by=" ") == {
        "inhibition_rate": "The inhibition rate must be a percentage from 0 to 100.",
        "sample": "Enter the sample tested.", "tested_by": "Enter who did the test."}
    assert _refused(db, org, delivery.lines[0], day=DAY - timedelta(days=1)) == {
        "day": "The test cannot be before the delivery (2026-11-22)."}
    other = deliver([("大白菜", "1", "kg", "2")], day=DAY, school=org.schools[1],
                    invoice_no="NO.0002")
    assert _refused(db, org, other.lines[0]) == {
        "delivery_line_id": "Choose a line delivered to this school."}
    _test(db, org, delivery.lines[0], inhibition_rate="80")
    assert _refused(db, org, delivery.lines[0]) == {
        "delivery_line_id": "大白菜 was rejected: it is not in stock."}
    procurement.void_delivery(db, db.get(Delivery, delivery.id), "录错")
    assert _refused(db, org, delivery.lines[1]) == {
        "delivery_line_id": "Choose a line delivered to this school."}


def test_the_vegetable_and_fruit_lines_of_the_last_three_days(db, org, delivery, deliver):
    old = deliver([("菠菜", "3", "kg", "4")], day=TODAY - timedelta(days=3), invoice_no="OLD")
    _test(db, org, delivery.lines[0])
    db.commit()
    lines = services.residue_lines(db, org.schools[0].id, TODAY)
    assert [(ln["item_name"], ln["delivery_date"], len(ln["tests"])) for ln in lines] == [
        ("大白菜", DAY, 1), ("苹果", DAY, 0)]
    assert old.lines[0].id not in [ln["id"] for ln in lines]
    assert [ln["item_name"] for ln in services.residue_lines(
        db, org.schools[0].id, date(2026, 11, 20))] == ["菠菜"]
