"""Checks shared by the food-safety logs: the day, the meal, names and numbers as entered."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from suite.vocabulary import MEALS


def check_day(errors: dict, day, today: date) -> None:
    if not isinstance(day, date):
        errors["day"] = _("Enter the date.")
    elif day > today:
        errors["day"] = _("The date cannot be in the future.")


def check_meal(errors: dict, meal) -> None:
    if meal not in MEALS:
        errors["meal"] = _("Unknown meal: %(meal)s.", meal=meal)


def name(errors: dict, field: str, value, limit: int, missing: str | None) -> str:
    """The stripped text; `missing` is the message when it is required and empty."""
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text and missing:
        errors[field] = missing
    elif len(text) > limit:
        errors[field] = _("At most %(n)d characters.", n=limit)
    return text


def number(value, places: int) -> Decimal | None:
    """A finite decimal with at most `places` decimals, else None."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not result.is_finite() or result.as_tuple().exponent < -places:
        return None
    return result


def moment(value) -> datetime | None:
    """An aware datetime, else None (naive times are refused: their zone is unknown)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    return None


def valid_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31
