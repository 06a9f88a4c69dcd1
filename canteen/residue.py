"""Rapid pesticide-residue tests (农残快检) of delivered vegetables and fruit, each against a
delivery line. A failed test rejects the line through procurement, which takes its goods out
of stock again."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from procurement import services as procurement
from procurement.models import Delivery, DeliveryLine

from .errors import CanteenError
from .logs_input import check_day, name, number, valid_id
from .models import ResidueTest
from .signals import before_save

TESTED_GROUPS = ("vegetables", "fruit")
RECENT_DAYS = 3
# The enzyme-inhibition rapid test (GB/T 5009.199-2003): an inhibition rate of 50 % or more
# means organophosphate or carbamate residue; the food must not be used.
FAIL_RATE = Decimal(50)


def residue_lines(session: Session, school_id: int, day: date) -> list[dict]:
    """Vegetable and fruit lines delivered to the school in the 3 days up to `day`, each with
    its tests (newest delivery first)."""
    lines = procurement.delivery_lines(session, school_id, day - timedelta(days=RECENT_DAYS - 1),
                                       day, TESTED_GROUPS)
    tests: dict[int, list] = {}
    if lines:
        for test in session.scalars(select(ResidueTest).where(
                ResidueTest.delivery_line_id.in_([ln["id"] for ln in lines]))
                .order_by(ResidueTest.id)):
            tests.setdefault(test.delivery_line_id, []).append(test)
    return [{**line, "tests": tests.get(line["id"], [])} for line in lines]


def residue_tests(session: Session, school_id: int, day: date) -> list[ResidueTest]:
    return session.scalars(select(ResidueTest).where(
        ResidueTest.school_id == school_id, ResidueTest.day == day)
        .order_by(ResidueTest.id)).all()


def _line(session: Session, errors: dict, school_id: int, line_id, day) -> DeliveryLine | None:
    line = session.get(DeliveryLine, line_id) if valid_id(line_id) else None
    delivery = session.get(Delivery, line.delivery_id) if line is not None else None
    if delivery is None or delivery.school_id != school_id or delivery.voided_at is not None:
        errors["delivery_line_id"] = _("Choose a line delivered to this school.")
        return None
    if not line.accepted:
        errors["delivery_line_id"] = _("%(item)s was rejected: it is not in stock.",
                                       item=line.item_name)
    elif isinstance(day, date) and day < delivery.delivery_date:
        errors["day"] = _("The test cannot be before the delivery (%(day)s).",
                          day=delivery.delivery_date.isoformat())
    return line


def record_residue_test(session: Session, *, school_id: int, delivery_line_id: int,
                        sample: str, inhibition_rate, tested_by: str, day: date,
                        user_id: int | None = None, today: date) -> ResidueTest:
    """Record a test; the result follows from the inhibition rate. On "fail" the line is
    rejected (refused, with nothing saved, when its food was issued already)."""
    errors: dict = {}
    check_day(errors, day, today)
    line = _line(session, errors, school_id, delivery_line_id, day)
    sample_text = name(errors, "sample", sample, 60, _("Enter the sample tested."))
    rate = number(inhibition_rate, 1)
    if rate is None or not Decimal(0) <= rate <= Decimal(100):
        errors["inhibition_rate"] = _("The inhibition rate must be a percentage from 0 to 100.")
    person = name(errors, "tested_by", tested_by, 40, _("Enter who did the test."))
    if errors:
        raise CanteenError(errors)
    before_save(session, school_id, day, "residue")  # a closed month refuses here
    result = "fail" if rate >= FAIL_RATE else "pass"
    if result == "fail":
        reason = _("Pesticide residue test failed: inhibition rate %(rate)s %%.", rate=rate)
        try:
            procurement.reject_line(session, line.id, reason=reason, user_id=user_id)
        except procurement.ProcurementError as exc:
            raise CanteenError({"delivery_line_id": next(iter(exc.errors.values()))}) from exc
    test = ResidueTest(school_id=school_id, day=day, delivery_line_id=line.id,
                       sample=sample_text, inhibition_rate=rate, result=result,
                       tested_by=person, created_by=user_id)
    session.add(test)
    session.flush()
    return test
