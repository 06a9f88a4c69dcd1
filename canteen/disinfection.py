"""Tableware disinfection (餐具消毒) after a meal: method, start, minutes and person."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite import clock

from .errors import CanteenError
from .logs_input import check_day, check_meal, moment, name, number
from .models import DISINFECTION_METHODS, Disinfection
from .signals import before_save

MAX_MINUTES = 600


def disinfections(session: Session, school_id: int, day: date) -> list[Disinfection]:
    return session.scalars(select(Disinfection).where(
        Disinfection.school_id == school_id, Disinfection.day == day)
        .order_by(Disinfection.started_at, Disinfection.id)).all()


def record_disinfection(session: Session, *, school_id: int, day: date, meal: str, method: str,
                        started_at: datetime, minutes, person: str, today: date,
                        now: datetime | None = None) -> Disinfection:
    errors: dict = {}
    check_day(errors, day, today)
    check_meal(errors, meal)
    if method not in DISINFECTION_METHODS:
        errors["method"] = _("Choose a method.")
    start = moment(started_at)
    if start is None:
        errors["started_at"] = _("Enter the time it started.")
    elif isinstance(day, date) and clock.to_local(start).date() != day:
        errors["started_at"] = _("The time must be on %(day)s.", day=day.isoformat())
    elif start > (now or clock.utcnow()):
        errors["started_at"] = _("The time cannot be in the future.")
    length = number(minutes, 0)
    if length is None or not 0 < length <= MAX_MINUTES:
        errors["minutes"] = _("Enter the minutes, a whole number from 1 to %(n)d.",
                              n=MAX_MINUTES)
    who = name(errors, "person", person, 40, _("Enter who did it."))
    if errors:
        raise CanteenError(errors)
    before_save(session, school_id, day, "disinfection")  # a closed month refuses here
    record = Disinfection(school_id=school_id, day=day, meal=meal, method=method,
                          started_at=start, minutes=int(length), person=who)
    session.add(record)
    session.flush()
    return record
