from __future__ import annotations

from datetime import date

import pytest

from nutrition import services as nutrition
from procurement import services
from procurement.services import LineIn

TODAY = date(2026, 11, 23)


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "en"}


@pytest.fixture
def supplier(db, foods):
    s = services.save_supplier(db, {
        "name": "县粮油公司", "credit_code": "91350100M000100Y43", "licence_no": "JY13501000001",
        "licence_expiry": date(2027, 6, 30), "approved": True,
        "food_groups": ["cereals_tubers", "vegetable_oil"]})
    db.commit()
    return s


@pytest.fixture
def deliver(db, org, supplier):
    """deliver(lines, day=..., school=...) -> Delivery, lines as (item, qty, unit, price, ...)."""
    def _deliver(lines, day=date(2026, 11, 2), school=None, **kw):
        ins = [line if isinstance(line, LineIn) else LineIn(*line) for line in lines]
        delivery = services.create_delivery(
            db, school=school or org.schools[0], supplier_id=supplier.id, delivery_date=day,
            invoice_no=kw.pop("invoice_no", "NO.0001"), checker="王老师", lines=ins,
            today=TODAY, **kw)
        db.commit()
        return delivery
    return _deliver


def food_id(db, code):
    return nutrition.get_food(db, code).id
