"""Query arguments that pages share, parsed forgivingly: a bad value shows the page with a
message instead of an error."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask import flash, request
from flask_babel import gettext as _

from . import clock

_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
FIRST_YEAR, LAST_YEAR = 2000, 2099


def parse_month(text: str | None) -> tuple[int, int] | None:
    """(year, month) of "YYYY-MM" (2000-01 … 2099-12), else None."""
    match = _MONTH.fullmatch((text or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
        return year, month
    return None


def parse_day(text: str | None, default: date | None = None) -> date | None:
    """The date of "YYYY-MM-DD" in the years 1900-2099, else `default` (a day at the ends of
    the calendar, 0001-01-01 or 9999-12-31, overflows the first "3 days before" or "the next
    day" reckoned from it)."""
    try:  # spaces around it, as a pasted or "+"-encoded value brings, are no part of it
        day = datetime.strptime((text or "").strip(), "%Y-%m-%d").date()
    except ValueError:
        return default
    return day if 1900 <= day.year <= 2099 else default


def day_problem(text: str | None) -> str | None:
    """Why `text` is not a day the suite keeps (None when `parse_day` takes it): not written
    as a date, or a date outside the years 1900-2099."""
    if parse_day(text) is not None:
        return None
    try:
        datetime.strptime((text or "").strip(), "%Y-%m-%d")
    except ValueError:
        return _("Enter the date as 2026-11-02.")
    return _("Enter a date between 1900 and 2099.")


def day_arg_problems(args, names=("from", "to"), required: bool = True) -> dict:
    """{name: why} of the query's days that `parse_day` would not take; a day left out is
    one only when `required` (else the filter is simply not asked for)."""
    return {name: why for name in names if (required or (args.get(name) or "").strip())
            and (why := day_problem(args.get(name)))}


def day_filter_arg(name: str) -> date | None:
    """The day a list's filter names; None when it is missing, and when it is not a day, with
    a message saying the filter was left out."""
    text = request.args.get(name)
    if not text:
        return None
    day = parse_day(text.strip())
    if day is None:
        flash(_("“%(value)s” is not a date (write it as 2026-09-01); that filter is left out.",
                value=text[:20]), "error")
    return day


def month_arg(name: str = "month") -> tuple[int, int]:
    """The month the query argument names; this month when it is missing, and when it is not
    a month, with a message saying so."""
    text = request.args.get(name)
    today = clock.today()
    if not text:
        return today.year, today.month
    parsed = parse_month(text)
    if parsed is None:
        flash(_("“%(value)s” is not a month (write it as 2026-09); showing %(shown)s instead.",
                value=text[:20], shown=today.strftime("%Y-%m")), "error")
        return today.year, today.month
    return parsed
