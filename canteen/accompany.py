"""The accompanying-meal log (陪餐): one record per school, day and meal; saving it again
edits it (the audit log keeps the earlier values)."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import CanteenError
from .locks import one_record, write_lock_first
from .logs_input import check_day, check_meal, name
from .models import RATINGS, AccompaniedMeal
from .signals import before_save

RATED = ("quality", "hygiene", "dining_order", "service")


def accompanied_meal(session: Session, school_id: int, day: date,
                     meal: str) -> AccompaniedMeal | None:
    return session.scalar(select(AccompaniedMeal).where(
        AccompaniedMeal.school_id == school_id, AccompaniedMeal.day == day,
        AccompaniedMeal.meal == meal))


def save_accompanied_meal(session: Session, *, school_id: int, day: date, meal: str,
                          leader: str, companions: str = "", quality: str, hygiene: str,
                          dining_order: str, service: str, reactions: str = "",
                          user_id: int | None = None, today: date) -> AccompaniedMeal:
    """Create or edit the meal's record; every problem is reported at once."""
    write_lock_first(session)
    errors: dict = {}
    check_day(errors, day, today)
    check_meal(errors, meal)
    values = {
        "leader": name(errors, "leader", leader, 40, _("Enter the school leader who ate.")),
        "companions": name(errors, "companions", companions, 200, None),
        "reactions": name(errors, "reactions", reactions, 1000, None),
    }
    for field, rating in zip(RATED, (quality, hygiene, dining_order, service)):
        if rating not in RATINGS:
            errors[field] = _("Choose a rating.")
        values[field] = rating
    if errors:
        raise CanteenError(errors)
    before_save(session, school_id, day, "accompany")  # a closed month refuses here
    record = accompanied_meal(session, school_id, day, meal)
    with one_record(session):
        if record is None:
            record = AccompaniedMeal(school_id=school_id, day=day, meal=meal,
                                     created_by=user_id)
            session.add(record)
        for field, value in values.items():
            if getattr(record, field) != value:
                setattr(record, field, value)
    return record
