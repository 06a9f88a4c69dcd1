"""The checks of a meal count that need more than its own numbers: the served days, the menu
of the day, identical counts in a row and the message of a newer version. Plain functions
over a session; messages through gettext."""
from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from menus.models import Dish, MenuItem, WeekMenu
from suite import services as org
from suite.listing import join_clauses
from suite.models import School, Township, User

from .models import MealCount

MAX_COUNT = 2**31 - 1


def whole_number(value) -> int | None:
    """A head count: an int or digits (spaces around allowed; full-width digits, as a Chinese
    input method types them, read as ASCII), 0 to 2**31 - 1."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 10:
            return None
        value = int(text)
    if not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        return None
    return value


def county_id_of(session: Session, school: School) -> int:
    return session.scalar(select(Township.county_id).where(Township.id == school.township_id))


def outside_terms(session: Session, county_id: int, day: date) -> bool:
    """No term of the county holds the day: no meal is counted then (as no delivery is)."""
    return org.term_on(session, county_id, day) is None


def served_day(session: Session, school: School, county_id: int, day: date) -> bool:
    """A school day of the term; boarding schools also serve at weekends in term."""
    if org.is_school_day(session, county_id, day):
        return True
    return bool(school.boarding and day.weekday() >= 5
                and org.term_on(session, county_id, day) is not None)


def published_menu_of(session: Session, school_id: int, day: date, meal: str):
    """(menu id or None, [(dish id, dish name)] of that day and meal, in menu order): the
    newest published revision of the school's week."""
    week_start = day - timedelta(days=day.weekday())
    menu_id = session.scalar(select(WeekMenu.id).where(
        WeekMenu.school_id == school_id, WeekMenu.week_start == week_start,
        WeekMenu.status == "published").order_by(WeekMenu.revision.desc()).limit(1))
    if menu_id is None:
        return None, []
    rows = session.execute(select(Dish.id, Dish.name).join(MenuItem, MenuItem.dish_id == Dish.id)
                           .where(MenuItem.menu_id == menu_id, MenuItem.day == day,
                                  MenuItem.meal == meal)
                           .order_by(MenuItem.position, MenuItem.id)).all()
    return menu_id, [(dish_id, name) for dish_id, name in rows]


def served_dish_ids(session: Session, school_id: int, day: date, meal: str,
                    count: MealCount | None = None) -> list[int]:
    """The dishes of a meal in serving order: those noted with its counts, else those of the
    week's published menu (the one answer for counts, issues and samples)."""
    if count is None:
        count = session.scalar(select(MealCount).where(
            MealCount.school_id == school_id, MealCount.day == day, MealCount.meal == meal))
    ids = [d.dish_id for d in count.dishes] if count is not None else []
    if not ids:
        ids = [dish_id for dish_id, _name in published_menu_of(session, school_id, day, meal)[1]]
    return list(dict.fromkeys(ids))


def dish_names(session: Session, dish_ids) -> dict[int, str]:
    ids = sorted(set(dish_ids))
    if not ids:
        return {}
    return dict(session.execute(select(Dish.id, Dish.name).where(Dish.id.in_(ids))).all())


def previous_served_days(session: Session, school: School, county_id: int, day: date,
                         n: int) -> list[date]:
    """The n served days of the term before `day`, newest first (fewer at the term's start)."""
    term = org.term_on(session, county_id, day)
    if term is None or n <= 0:
        return []
    days = set(org.school_days(session, term))
    if school.boarding:
        days |= {term.start_date + timedelta(days=i)
                 for i in range((term.end_date - term.start_date).days + 1)
                 if (term.start_date + timedelta(days=i)).weekday() >= 5}
    return sorted((d for d in days if d < day), reverse=True)[:n]


def repeats(session: Session, school: School, county_id: int, day: date, meal: str,
            figures: tuple, repeat_days: int) -> bool:
    """True when the counts of the `repeat_days - 1` served days before are all `figures`
    ((grade, students, plan) rows and teachers), so this one makes `repeat_days` in a row."""
    if repeat_days < 2:
        return False
    days = previous_served_days(session, school, county_id, day, repeat_days - 1)
    if len(days) < repeat_days - 1:
        return False
    rows = session.scalars(select(MealCount).options(selectinload(MealCount.grades)).where(
        MealCount.school_id == school.id, MealCount.meal == meal, MealCount.day.in_(days))).all()
    if len(rows) < len(days):
        return False
    return all(figures_of(row) == figures for row in rows)


def figures_of(row: MealCount) -> tuple:
    grades = tuple((g.grade, g.students, g.plan_students) for g in row.grades
                   if g.students or g.plan_students)
    return grades, row.teachers


def stale_message(session: Session, row: MealCount) -> str:
    """What the second of two editors is told: the newer values, who saved them, the version."""
    user = session.get(User, row.updated_by or row.created_by or 0)
    who = (user.display_name or user.username) if user else _("someone else")
    grades = join_clauses(_("grade %(grade)s: %(students)s (plan %(plan)s)", grade=g.grade,
                         students=g.students, plan=g.plan_students) for g in row.grades)
    return _("These counts were saved meanwhile by %(user)s (version %(version)s): %(grades)s; "
             "teachers %(teachers)s. Check them and save again.", user=who,
             version=row.version, grades=grades or "-", teachers=row.teachers)
