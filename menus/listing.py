"""Weekly menus at county scale: the filtered, paged list with its counts, and what a
nutritionist has to do today (menus awaiting approval, schools without next week's menu)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from suite.models import School, Township

from .models import WeekMenu
from .weeks import LIVE, week_of

PAGE = 50
TEMPLATES = 0  # the school filter's value for county templates


@dataclass
class WeekList:
    rows: list                 # (WeekMenu, School or None), newest week first
    total: int                 # rows matching every filter
    by_status: dict[str, int]  # rows matching the other filters, per status
    page: int
    size: int
    missing: list[School] = field(default_factory=list)  # with a week: schools without one


def _listed(visible, school_id: int | None, week: date | None):
    stmt = select(WeekMenu, School).outerjoin(School, School.id == WeekMenu.school_id).where(
        WeekMenu.status != "superseded", visible if visible is not None else true())
    if school_id == TEMPLATES:
        stmt = stmt.where(WeekMenu.school_id.is_(None))
    elif school_id is not None:
        stmt = stmt.where(WeekMenu.school_id == school_id)
    if week is not None:
        stmt = stmt.where(WeekMenu.week_start == week_of(week))
    return stmt


def week_list(session: Session, visible=None, *, school_id: int | None = None,
              status: str | None = None, week: date | None = None, page: int = 1,
              size: int = PAGE, schools=None) -> WeekList:
    """Menus the `visible` clause lets the user see, filtered by school (TEMPLATES for county
    templates), status and week (any day of it), one page at a time. With a week and the
    user's `schools` (a select of School), the schools without a live menu that week."""
    stmt = _listed(visible, school_id, week)
    counted = stmt.with_only_columns(WeekMenu.status, func.count()).group_by(WeekMenu.status)
    by_status = {s: n for s, n in session.execute(counted.order_by(None))}
    if status is not None:
        stmt = stmt.where(WeekMenu.status == status)
    total = by_status.get(status, 0) if status is not None else sum(by_status.values())
    last = max(1, -(-total // size))
    page = min(max(page, 1), last)
    rows = session.execute(stmt.order_by(WeekMenu.week_start.desc(), School.code, WeekMenu.id)
                           .offset((page - 1) * size).limit(size)).all()
    result = WeekList([tuple(r) for r in rows], total, by_status, page, size)
    if week is not None and schools is not None and school_id != TEMPLATES:
        result.missing = schools_without_menu(session, schools, week_of(week))
        if school_id is not None:
            result.missing = [s for s in result.missing if s.id == school_id]
    return result


def planned_schools(county_id: int):
    """The county's active schools in the nutrition plan, as a select to narrow further."""
    return select(School).join(Township, Township.id == School.township_id).where(
        Township.county_id == county_id, School.active.is_(True), School.in_plan.is_(True))


def schools_without_menu(session: Session, schools, week_start: date) -> list[School]:
    """Of `schools` (a select of School), those with no live menu for the week."""
    planned = select(WeekMenu.school_id).where(WeekMenu.week_start == week_start,
                                               WeekMenu.status.in_(LIVE),
                                               WeekMenu.school_id.is_not(None))
    return list(session.scalars(schools.where(School.id.not_in(planned))
                                .order_by(School.code)))


@dataclass
class Today:
    """What a nutritionist has to do today, with the figures to link to."""
    awaiting_approval: int
    next_week: date
    without_next_week: list[School]


def nutritionist_today(session: Session, county_id: int, today: date, visible=None,
                       schools=None) -> Today:
    awaiting = session.scalar(select(func.count()).select_from(WeekMenu).where(
        WeekMenu.county_id == county_id, WeekMenu.status == "submitted",
        visible if visible is not None else true()))
    next_week = week_of(today) + timedelta(days=7)
    if schools is None:
        schools = planned_schools(county_id)
    return Today(awaiting, next_week, schools_without_menu(session, schools, next_week))
