"""Rejecting one accepted delivery line after the fact: stock reversed, total lowered, audited;
refused with nothing changed when already rejected, void, or issued since."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from procurement import services
from procurement.models import Delivery, DeliveryLine, StockMove
from procurement.services import ProcurementError
from suite.models import AuditEntry

from ..factories import food_id
from .helpers import counts

CABBAGE, RICE = "045101x", "012001x"

pytestmark = pytest.mark.usefixtures("en")


def _delivery(deliver):
    # cabbage 12.5 kg × 2.37 = 29.625 → 29.63; rice 10 kg × 5.00 = 50.00
    return deliver([("大白菜", "12.5", "kg", "2.37"), ("大米", "10", "kg", "5.00")])


def test_reject_reverses_the_line_exactly(deliver, db, org):
    d = _delivery(deliver)
    cabbage_line = d.lines[0]
    line = services.reject_line(db, cabbage_line.id, reason="农残超标", user_id=None)
    db.commit()
    assert line.accepted is False and line.reject_reason == "农残超标"
    (move,) = db.scalars(select(StockMove).where(StockMove.delivery_line_id == line.id,
                                                 StockMove.kind == "void")).all()
    assert (move.grams, move.value, move.move_date) == (Decimal("-12500.0"), Decimal("-29.63"),
                                                        date(2026, 11, 2))
    assert services.balance(db, d.school_id, food_id(db, CABBAGE)) == (Decimal("0.0"),
                                                                       Decimal("0.00"))
    assert services.balance(db, d.school_id, food_id(db, RICE)) == (Decimal("10000.0"),
                                                                    Decimal("50.00"))
    d = db.get(Delivery, d.id)
    assert d.total == Decimal("79.63") and d.accepted_total == Decimal("50.00")  # 79.63 − 29.63
    logged = db.scalars(select(AuditEntry).where(
        AuditEntry.record_type == "procurement_delivery_line",
        AuditEntry.record_id == str(line.id), AuditEntry.action == "update")).all()
    assert [e.new_values["accepted"] for e in logged] == [False]


def test_reject_twice_is_refused(deliver, db):
    d = _delivery(deliver)
    services.reject_line(db, d.lines[0].id, reason="农残超标")
    db.commit()
    before = counts(db)
    with pytest.raises(ProcurementError) as refused:
        services.reject_line(db, d.lines[0].id, reason="again")
    assert refused.value.messages() == {"line": "Line 1 (大白菜) is already rejected."}
    db.rollback()
    assert counts(db) == before
    assert db.get(Delivery, d.id).accepted_total == Decimal("50.00")


def test_reject_is_refused_once_the_food_was_issued(deliver, db, org):
    d = _delivery(deliver)
    services.issue_stock(db, school_id=d.school_id, day=date(2026, 11, 3), meal="lunch",
                         food_id=food_id(db, CABBAGE), grams=2000)
    db.commit()
    before = counts(db)
    with pytest.raises(ProcurementError) as refused:
        services.reject_line(db, d.lines[0].id, reason="农残超标")
    assert refused.value.messages() == {"line": (
        "Only 10500.0 g of line 1 (大白菜) is still in stock: the rest was issued. "
        "Record a stocktake instead.")}
    db.rollback()
    assert counts(db) == before
    line = db.get(DeliveryLine, d.lines[0].id)
    assert line.accepted is True and line.reject_reason == ""
    assert db.get(Delivery, d.id).accepted_total == Decimal("79.63")
    # issued 2 kg of 12.5 kg at 29.63: 29.63 × 2 / 12.5 = 4.7408 → 4.74; left 29.63 − 4.74
    assert services.balance(db, d.school_id, food_id(db, CABBAGE)) == (Decimal("10500.0"),
                                                                       Decimal("24.89"))


def test_reject_needs_a_reason_a_known_line_and_a_valid_delivery(deliver, db):
    d = _delivery(deliver)
    with pytest.raises(ProcurementError, match="Give the reason the line was rejected."):
        services.reject_line(db, d.lines[0].id, reason=" ")
    with pytest.raises(ProcurementError, match="Unknown delivery line."):
        services.reject_line(db, 987654, reason="x")
    services.void_delivery(db, d, "录错")
    db.commit()
    with pytest.raises(ProcurementError, match="The delivery is already void."):
        services.reject_line(db, d.lines[0].id, reason="农残超标")
