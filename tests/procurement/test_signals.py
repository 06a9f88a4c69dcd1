"""Procurement's signals: each is sent once, after the change, with the documented payload and
the session as sender; a refused request sends nothing."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from nutrition.services import get_food
from procurement import services
from procurement.models import StockMove, Stocktake
from procurement.services import LineIn, ProcurementError
from procurement.signals import delivery_saved, delivery_voided, record_saving, stock_issued
from suite.errors import ServiceError

RICE = "012001x"
TODAY = date(2026, 11, 23)


@contextmanager
def received(signal):
    """The (sender, payload) of every send of `signal` inside the block."""
    calls = []

    def subscriber(sender, **payload):
        calls.append((sender, payload))

    with signal.connected_to(subscriber):
        yield calls


def test_delivery_saved_payload(db, org, supplier):
    school = org.schools[0]
    with received(delivery_saved) as calls:
        delivery = services.create_delivery(
            db, school=school, supplier_id=supplier.id, delivery_date=date(2026, 11, 2),
            invoice_no="NO.0001", checker="王老师", today=TODAY,
            lines=[LineIn("大米", "25", "kg", "5.98"),
                   LineIn("土豆", "10", "kg", "2", accepted=False, reject_reason="发芽")])
    assert calls == [(db, {"delivery_id": delivery.id, "school_id": school.id,
                           "supplier_id": supplier.id, "delivered_on": date(2026, 11, 2),
                           "total": Decimal("169.50"), "accepted_total": Decimal("149.50"),
                           "line_count": 2})]
    # sent after flush: a subscriber finds the delivery in the session's transaction
    assert delivery.id is not None


def test_delivery_voided_payload(db, org, deliver):
    delivery = deliver([("大米", "10", "kg", "5")])
    with received(delivery_voided) as calls:
        services.void_delivery(db, delivery, " 重复录入 ")
    assert calls == [(db, {"delivery_id": delivery.id, "school_id": org.schools[0].id,
                           "delivered_on": date(2026, 11, 2), "reason": "重复录入",
                           "accepted_total": Decimal("50.00")})]


def test_stock_issued_payload(db, org, deliver):
    school, rice = org.schools[0].id, get_food(db, RICE).id
    deliver([("大米", "120", "kg", "5.00")])
    with received(stock_issued) as calls:
        move = services.issue_stock(db, school_id=school, day=date(2026, 11, 3), meal="lunch",
                                    food_id=rice, grams="30000")
    assert calls == [(db, {"move_id": move.id, "school_id": school, "day": date(2026, 11, 3),
                           "meal": "lunch", "food_code": RICE, "grams": Decimal("30000.0"),
                           "value": Decimal("150.00")})]


def test_refused_requests_send_nothing(db, org, supplier, deliver):
    school, rice = org.schools[0], get_food(db, RICE).id
    delivery = deliver([("大米", "10", "kg", "5")])
    with received(delivery_saved) as saved, received(delivery_voided) as voided, \
            received(stock_issued) as issued:
        with pytest.raises(ProcurementError):  # no invoice number
            services.create_delivery(
                db, school=school, supplier_id=supplier.id, delivery_date=date(2026, 11, 2),
                invoice_no="", checker="王老师", today=TODAY,
                lines=[LineIn("大米", "1", "kg", "5")])
        db.rollback()
        with pytest.raises(ProcurementError):  # more than is on hand
            services.issue_stock(db, school_id=school.id, day=date(2026, 11, 3), meal="lunch",
                                 food_id=rice, grams=20000)
        db.rollback()
        with pytest.raises(ProcurementError):  # no reason
            services.void_delivery(db, delivery, " ")
        db.rollback()
        services.void_delivery(db, delivery, "重复录入")
        db.commit()
        with pytest.raises(services.AlreadyVoid):
            services.void_delivery(db, delivery, "again")
        db.rollback()
    assert saved == [] and issued == [] and len(voided) == 1


def test_a_refused_page_sends_nothing(client, login, org, deliver, db):
    delivery = deliver([("大米", "10", "kg", "5")])
    login("canteen_manager", school=org.schools[0])
    url = f"/procurement/deliveries/{delivery.id}/void"
    with received(delivery_voided) as calls:
        client.post(url, data={"reason": "重复录入"})
        assert len(calls) == 1
        client.post(url, data={"reason": "again"})  # already void: refused
    assert len(calls) == 1


def test_record_saving_is_asked_before_each_change_and_its_refusal_saves_nothing(
        db, org, deliver, supplier):
    """A subscriber (the subsidy plugin's closed month) is asked before every change of the
    stock; its ServiceError reaches the caller as a ProcurementError and nothing is saved."""
    school, rice, day = org.schools[0], get_food(db, RICE).id, date(2026, 11, 2)
    delivery = deliver([("大米", "10", "kg", "5"), ("大米", "10", "kg", "5")])
    changes = [
        lambda: services.create_delivery(
            db, school=school, supplier_id=supplier.id, delivery_date=day, invoice_no="NO.2",
            checker="王老师", lines=[LineIn("大米", "1", "kg", "5")], today=TODAY),
        lambda: services.void_delivery(db, delivery, "重复录入"),
        lambda: services.reject_line(db, delivery.lines[1].id, reason="霉变"),
        lambda: services.take_stock(db, school_id=school.id, day=date(2026, 11, 3),
                                    counted={rice: "1000"}, counted_by="王", today=TODAY),
        lambda: services.issue_stock(db, school_id=school.id, day=date(2026, 11, 3),
                                     meal="lunch", food_id=rice, grams="1000"),
    ]
    asked = []

    def refuse(sender, **payload):
        asked.append((sender, payload))
        raise ServiceError({"": "本月已结账"})

    before = (db.scalar(select(func.count()).select_from(StockMove)),
              db.scalar(select(func.count()).select_from(Stocktake)))
    with record_saving.connected_to(refuse):
        for change in changes:
            with pytest.raises(ProcurementError) as refused:
                change()
            db.rollback()
            assert refused.value.errors == {"": "本月已结账"}
    assert asked == [(db, {"school_id": school.id, "day": d, "record": r}) for d, r in (
        (day, "delivery"), (day, "void"), (day, "reject"), (date(2026, 11, 3), "stocktake"),
        (date(2026, 11, 3), "issue"))]
    db.expire_all()
    assert (delivery.voided_at, delivery.lines[1].accepted) == (None, True)
    assert (db.scalar(select(func.count()).select_from(StockMove)),
            db.scalar(select(func.count()).select_from(Stocktake))) == before
