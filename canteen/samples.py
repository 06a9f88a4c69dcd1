"""Retained samples (留样): one per dish and meal, at least the minimum weight, kept at least
48 hours before they are disposed of."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite import clock

from .count_checks import dish_names, served_dish_ids
from .errors import CanteenError
from .logs_input import check_day, check_meal, moment, name, number, valid_id
from .models import Sample
from .signals import before_save

MAX_GRAMS = 99_999  # inside Numeric(7, 1)


def served_dishes(session: Session, school_id: int, day: date, meal: str) -> list[dict]:
    """The dishes of a meal, in serving order, each as {"id", "name"}."""
    ids = served_dish_ids(session, school_id, day, meal)
    names = dish_names(session, ids)
    return [{"id": i, "name": names[i]} for i in ids if i in names]


def samples_for(session: Session, school_id: int, day: date, meal: str) -> list[Sample]:
    return session.scalars(select(Sample).where(
        Sample.school_id == school_id, Sample.day == day, Sample.meal == meal)
        .order_by(Sample.taken_at, Sample.id)).all()


def _grams_text(value) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _dish(session, errors, school_id, day, meal, dish_id, dish_name):
    """(dish id or None, name) of the sampled dish: one served at the meal, or a free name."""
    served = served_dishes(session, school_id, day, meal) if "day" not in errors \
        and "meal" not in errors else []
    if dish_id not in (None, ""):
        match = next((d for d in served if valid_id(dish_id) and d["id"] == dish_id), None)
        if match is None:
            errors["dish"] = _("Choose a dish served at this meal.")
            return None, ""
        return match["id"], match["name"]
    text = name(errors, "dish", dish_name, 60, _("Choose a dish or write its name."))
    match = next((d for d in served if d["name"] == text), None)
    return (match["id"] if match else None), text


def record_sample(session: Session, *, school_id: int, day: date, meal: str, dish_id=None,
                  dish_name: str = "", grams, taken_at: datetime, taken_by: str,
                  min_grams=125, user_id: int | None = None, today: date,
                  now: datetime | None = None) -> Sample:
    """Record the sample of one dish of a meal; every problem is reported at once."""
    errors: dict = {}
    check_day(errors, day, today)
    check_meal(errors, meal)
    dish_id, dish_text = _dish(session, errors, school_id, day, meal, dish_id, dish_name)
    weight = number(grams, 1)
    if str(grams if grams is not None else "").strip() == "":
        errors["grams"] = _("Enter the weight in grams.")
    elif weight is None or not 0 < weight <= MAX_GRAMS:
        errors["grams"] = _("The weight is a number of grams from %(min)s to %(max)s.",
                            min=_grams_text(min_grams), max=MAX_GRAMS)
    elif weight < min_grams:
        errors["grams"] = _("A sample must weigh at least %(min)s g.",
                            min=_grams_text(min_grams))
    taken = moment(taken_at)
    if taken is None:
        errors["taken_at"] = _("Enter the time the sample was taken.")
    elif isinstance(day, date) and clock.to_local(taken).date() != day:
        errors["taken_at"] = _("The sample must be taken on %(day)s.", day=day.isoformat())
    elif taken > (now or clock.utcnow()):
        errors["taken_at"] = _("The time cannot be in the future.")
    person = name(errors, "taken_by", taken_by, 40, _("Enter who took the sample."))
    if not errors:
        same = Sample.dish_id == dish_id if dish_id else Sample.dish_name == dish_text
        if session.scalar(select(Sample.id).where(
                Sample.school_id == school_id, Sample.day == day, Sample.meal == meal, same)):
            errors["dish"] = _("A sample of %(dish)s is already recorded for this meal.",
                               dish=dish_text)
    if errors:
        raise CanteenError(errors)
    before_save(session, school_id, day, "sample")  # a closed month refuses here
    sample = Sample(school_id=school_id, day=day, meal=meal, dish_id=dish_id,
                    dish_name=dish_text, grams=weight, taken_at=taken, taken_by=person,
                    created_by=user_id)
    session.add(sample)
    session.flush()
    return sample


def dispose_sample(session: Session, sample_id: int, *, disposed_at: datetime,
                   disposed_by: str, hours: int = 48, now: datetime | None = None) -> Sample:
    """Record that a sample was thrown away: not before it was kept `hours`, and only once."""
    sample = session.get(Sample, sample_id) if valid_id(sample_id) else None
    if sample is None:
        raise CanteenError({"sample": _("Unknown sample.")})
    errors: dict = {}
    if sample.disposed_at is not None:
        raise CanteenError({"disposed_at": _(
            "The sample was already disposed of at %(time)s by %(person)s.",
            time=clock.format_local(sample.disposed_at), person=sample.disposed_by)})
    when = moment(disposed_at)
    kept_until = sample.taken_at + timedelta(hours=hours)
    if when is None:
        errors["disposed_at"] = _("Enter the time the sample was disposed of.")
    elif when > (now or clock.utcnow()):
        errors["disposed_at"] = _("The time cannot be in the future.")
    elif when < kept_until:
        errors["disposed_at"] = _("The sample must be kept until %(time)s (%(hours)d hours).",
                                  time=clock.format_local(kept_until), hours=hours)
    person = name(errors, "disposed_by", disposed_by, 40,
                  _("Enter who disposed of the sample."))
    if errors:
        raise CanteenError(errors)
    before_save(session, sample.school_id, sample.day, "sample")  # a closed month refuses here
    sample.disposed_at, sample.disposed_by = when, person
    session.flush()
    return sample
