"""Meal counts (就餐登记): who ate one meal at one school on one day, by grade, with the
dishes served. One record per school, day and meal; saving again edits it, and a save made on
an older version is refused with the newer values (never a silent overwrite)."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from roster import services as roster
from suite.db import utcnow
from suite.models import School
from suite.vocabulary import MEALS

from . import count_checks as checks
from .errors import CanteenError
from .locks import write_lock_first
from .models import GradeCount, MealCount, ServedDish
from .signals import before_save, meal_counted

class StaleCount(CanteenError):
    """Refused: the record changed since the copy the user saved from (a 409 in the API)."""


def find_count(session: Session, school_id: int, day: date, meal: str) -> MealCount | None:
    return session.scalar(select(MealCount).options(
        selectinload(MealCount.grades), selectinload(MealCount.dishes)).where(
        MealCount.school_id == school_id, MealCount.day == day, MealCount.meal == meal)
        .execution_options(populate_existing=True))


def _grade_rows(grades, enrolled: dict, day: date, errors: dict) -> list[tuple[int, int, int]]:
    """(grade, students, plan) of each grade given, checked against the day's enrolment."""
    rows = []
    for key, value in (grades or {}).items():
        grade = checks.whole_number(key)
        field = f"grade_{key}"
        if grade is None or grade not in enrolled:
            errors[field] = _("The school has no grade %(grade)s.", grade=key)
            continue
        if isinstance(value, dict):
            students, plan = value.get("students"), value.get("plan_students")
        elif isinstance(value, (list, tuple)) and len(value) == 2:
            students, plan = value
        else:
            students = plan = None
        students, plan = checks.whole_number(students), checks.whole_number(plan)
        on_roll, on_plan = enrolled[grade]
        if students is None or plan is None:
            errors[field] = _("Grade %(grade)s: enter whole numbers, 0 or more.", grade=grade)
        elif students > on_roll:
            errors[field] = _("Grade %(grade)s: %(students)s students served, but only "
                              "%(enrolled)s enrolled on %(day)s.", grade=grade,
                              students=students, enrolled=on_roll, day=day.isoformat())
        elif plan > students:
            errors[field] = _("Grade %(grade)s: plan students (%(plan)s) cannot exceed the "
                              "students served (%(students)s).", grade=grade, plan=plan,
                              students=students)
        elif plan > on_plan:
            errors[field] = _("Grade %(grade)s: %(plan)s plan students, but only %(enrolled)s "
                              "in the nutrition plan on %(day)s.", grade=grade, plan=plan,
                              enrolled=on_plan, day=day.isoformat())
        else:
            rows.append((grade, students, plan))
    return sorted(rows)


def _dishes(session, dishes, menu_dishes, change_note, errors) -> tuple[list[int], bool]:
    """The dish ids served and whether they differ from the menu's."""
    menu_ids = [d for d, _name in menu_dishes]
    if dishes is None:
        return menu_ids, False
    ids = [checks.whole_number(d) for d in dishes]
    names = checks.dish_names(session, [d for d in ids if d is not None])
    if any(d is None or d not in names for d in ids):
        errors["dishes"] = _("Choose dishes from the list.")
        return [], False
    ids = list(dict.fromkeys(ids))
    changed = bool(menu_ids) and set(ids) != set(menu_ids)
    if changed and not change_note:
        errors["change_note"] = _("The dishes differ from the published menu: note what "
                                  "changed and why.")
    return ids, changed


def save_counts(session: Session, **values) -> MealCount:
    """Create or edit the counts of one meal (`_save`'s arguments); refuses (CanteenError,
    nothing saved) on any bad input, StaleCount when the record changed since `version`
    (None: creating)."""
    return _save(session, **values)[0]


def save_counts_record(session: Session, **values) -> dict:
    """`save_counts`, answered with `meal_counts`' record, built from what the save has read
    (the day's enrolment, the menu) instead of reading it all again after the commit."""
    row, enrolled, menu_dishes = _save(session, **values)
    return _record(session, row, enrolled, menu_dishes)


def _save(session: Session, *, school_id: int, day: date, meal: str, grades: dict,
          teachers, version: int | None = None, dishes=None, change_note: str = "",
          make_up_reason: str = "", confirm_repeat: bool = False,
          user_id: int | None = None, today: date, repeat_days: int = 5) -> tuple:
    write_lock_first(session)
    school = session.get(School, school_id)
    if school is None:
        raise CanteenError({"school": _("Choose a school.")})
    if not isinstance(day, date) or day > today:
        raise CanteenError({"day": _("Enter a date, not in the future.")})
    if meal not in MEALS:
        raise CanteenError({"meal": _("Choose breakfast, lunch or dinner.")})
    change_note, make_up_reason = (str(change_note or "").strip()[:200],
                                   str(make_up_reason or "").strip()[:200])
    existing = find_count(session, school_id, day, meal)
    _check_version(session, existing, version)
    errors: dict = {}
    county_id = checks.county_id_of(session, school)
    if checks.outside_terms(session, county_id, day):  # no make-up day outside a term
        raise CanteenError({"day": _("The date %(day)s is outside every term.",
                                     day=day.isoformat())})
    if not checks.served_day(session, school, county_id, day) and not make_up_reason:
        errors["make_up_reason"] = _("%(day)s is not a school day: give the reason meals "
                                     "were served.", day=day.isoformat())
    enrolled = roster.enrolled_by_grade(session, school_id, day)
    if not isinstance(grades, dict):
        errors["grades"] = _("Enter the students served by grade.")
        grades = {}
    rows = _grade_rows(grades, enrolled, day, errors)
    staff = checks.whole_number(teachers)
    if staff is None:
        errors["teachers"] = _("Enter a whole number, 0 or more.")
    menu_id, menu_dishes = checks.published_menu_of(session, school_id, day, meal)
    dish_ids, changed = _dishes(session, dishes, menu_dishes, change_note, errors)
    if errors:
        raise CanteenError(errors)
    figures = (tuple(r for r in rows if r[1] or r[2]), staff)
    repeated = checks.repeats(session, school, county_id, day, meal, figures, repeat_days)
    if repeated and not confirm_repeat:
        raise CanteenError({"confirm_repeat": _(
            "The counts are the same as on at least the %(n)s school days before: confirm "
            "they are real.", n=repeat_days - 1)})
    values = dict(students=sum(r[1] for r in rows), plan_students=sum(r[2] for r in rows),
                  teachers=staff, menu_id=menu_id, menu_changed=changed,
                  change_note=change_note, make_up_reason=make_up_reason,
                  repeat_confirmed=bool(repeated), updated_by=user_id)
    before_save(session, school_id, day, "counts")  # a closed month refuses here
    row = _write(session, existing, school_id, day, meal, values, rows, dish_ids, user_id)
    meal_counted.send(session, school_id=school_id, day=day, meal=meal, students=row.students,
                      plan_students=row.plan_students, teachers=row.teachers,
                      version=row.version)
    return row, enrolled, menu_dishes


def _check_version(session, existing, version) -> None:
    if existing is None and version is not None:
        raise StaleCount({"version": _("These counts were deleted meanwhile: reload the "
                                       "page.")})
    if existing is not None and (version is None or checks.whole_number(version)
                                 != existing.version):
        raise StaleCount({"version": checks.stale_message(session, existing)})


def _write(session, existing, school_id, day, meal, values, rows, dish_ids, user_id):
    try:
        with session.begin_nested():
            row = existing or MealCount(school_id=school_id, day=day, meal=meal,
                                        created_by=user_id)
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            if existing is None:
                session.add(row)
            by_grade = {g.grade: g for g in row.grades}
            for grade, students, plan in rows:
                g = by_grade.pop(grade, None) or GradeCount(grade=grade)
                g.students, g.plan_students = students, plan
                if g not in row.grades:
                    row.grades.append(g)
            for gone in by_grade.values():
                row.grades.remove(gone)
            kept = {d.dish_id: d for d in row.dishes}
            for gone in [d for d in row.dishes if d.dish_id not in dish_ids]:
                row.dishes.remove(gone)
            session.flush()  # removed dishes out before any is added back
            for position, dish_id in enumerate(dish_ids):
                d = kept.get(dish_id) or ServedDish(dish_id=dish_id)
                d.position = position
                if d not in row.dishes:
                    row.dishes.append(d)
            session.flush()
    except (StaleDataError, IntegrityError):
        newer = find_count(session, school_id, day, meal)
        if newer is None:
            raise
        raise StaleCount({"version": checks.stale_message(session, newer)}) from None
    return row


def meal_counts(session: Session, school_id: int, day: date, meal: str) -> dict | None:
    """The record as plain values (None when there is none yet), with each grade's
    enrolment of the day beside its counts, the dishes served and the menu's."""
    row = find_count(session, school_id, day, meal)
    if row is None:
        return None
    enrolled = roster.enrolled_by_grade(session, school_id, day)
    _menu_id, menu_dishes = checks.published_menu_of(session, school_id, day, meal)
    return _record(session, row, enrolled, menu_dishes)


def _record(session: Session, row: MealCount, enrolled: dict, menu_dishes) -> dict:
    grades = sorted(row.grades, key=lambda g: g.grade)
    dishes = sorted(row.dishes, key=lambda d: d.position)
    names = checks.dish_names(session, [d.dish_id for d in dishes])
    return {
        "id": row.id, "school_id": row.school_id, "day": row.day, "meal": row.meal,
        "version": row.version, "students": row.students, "plan_students": row.plan_students,
        "teachers": row.teachers,
        "grades": [{"grade": g.grade, "students": g.students, "plan_students": g.plan_students,
                    "enrolled": enrolled.get(g.grade, (0, 0))[0],
                    "plan_enrolled": enrolled.get(g.grade, (0, 0))[1]} for g in grades],
        "dishes": [{"id": d.dish_id, "name": names.get(d.dish_id, "")} for d in dishes],
        "menu_id": row.menu_id,
        "menu_dishes": [{"id": d, "name": n} for d, n in menu_dishes],
        "menu_changed": row.menu_changed, "menu_revised": row.menu_revised,
        "change_note": row.change_note, "make_up_reason": row.make_up_reason,
        "repeat_confirmed": row.repeat_confirmed, "updated_by": row.updated_by,
        "updated_at": row.updated_at,
    }


def menu_of_meal(session: Session, school_id: int, day: date, meal: str) -> list[dict]:
    """The dishes of the published menu for that day and meal ({"id", "name"}, in order)."""
    _menu_id, dishes = checks.published_menu_of(session, school_id, day, meal)
    return [{"id": d, "name": n} for d, n in dishes]


def served_on_day(session: Session, school_id: int, day: date) -> bool:
    """Whether the school serves meals that day without a make-up reason: a school day of
    the term, or a weekend in term at a boarding school."""
    school = session.get(School, school_id)
    return school is not None and checks.served_day(
        session, school, checks.county_id_of(session, school), day)
