"""The State Council's public holidays and make-up working days (调休) for a span of dates,
from the chinese-calendar package, which carries the official schedule of each year once it
is published and refuses a year it does not know (instead of guessing one by rule).
Pure functions: no Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import Holiday

HOLIDAY, MAKEUP = "holiday", "makeup"  # TermDay kinds


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: str  # holiday: a weekday off; makeup: a weekend day worked in exchange
    note: str  # in Chinese, as the State Council names the holiday


def _chinese(name: str) -> str:
    try:
        return Holiday(name).chinese
    except ValueError:  # a name a later release adds: keep it rather than fail
        return name


def official_days(start: date, end: date) -> tuple[list[CalendarDay], list[int]]:
    """Weekday holidays and weekend make-up days from start to end (both included), and the
    years of that span whose schedule the library does not know (nothing filled for them)."""
    found, unknown = [], []
    day = start
    while day <= end:
        try:
            off, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:  # the library has no schedule for this year
            unknown.append(day.year)
            day = date(day.year + 1, 1, 1)
            continue
        weekend = day.weekday() >= 5
        if name and off and not weekend:
            found.append(CalendarDay(day, HOLIDAY, _chinese(name)))
        elif name and not off and weekend:
            found.append(CalendarDay(day, MAKEUP, f"{_chinese(name)}调休上课"))
        day += timedelta(days=1)
    return found, unknown
