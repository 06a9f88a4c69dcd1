"""Queries of the roster's students shared by the pages, the exports and the JSON API."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from suite import clock
from suite.auth import can_see_school, school_filter
from suite.cells import ascii_digits
from suite.models import School

from .models import Student, StudentAid
from .special_kinds import kind_codes, special_where


def _visible_school(session: Session, user, school_id: int) -> None:
    """Refuse (LookupError) a school that does not exist or that the user may not see, the
    same way, so ids reveal nothing."""
    school = session.get(School, school_id) if 0 < school_id < 2**31 else None
    if school is None or not can_see_school(user, school):
        raise LookupError("school")


def student_query(session: Session, user, filters: dict, today: date | None = None) -> Select:
    """Enrolled students the user may see, with their school, filtered by school, township,
    grade and aid category (`filters` holds digit strings) and by a special kind (`special`,
    a code of `special_kinds`, as of `today`). LookupError: a school the user may not see."""
    stmt = select(Student, School).join(School, School.id == Student.school_id).where(
        school_filter(user, Student.school_id, School.township_id),
        Student.status == "enrolled")
    if filters.get("school"):
        _visible_school(session, user, int(filters["school"]))
        stmt = stmt.where(Student.school_id == int(filters["school"]))
    if filters.get("township"):
        stmt = stmt.where(School.township_id == int(filters["township"]))
    if ascii_digits(str(filters.get("grade", ""))) and len(str(filters["grade"])) < 10:
        stmt = stmt.where(Student.grade == int(filters["grade"]))
    if filters.get("category"):
        stmt = stmt.where(Student.id.in_(select(StudentAid.student_id).where(
            StudentAid.category_id == int(filters["category"]),
            StudentAid.withdrawn_at.is_(None))))
    if filters.get("special") in kind_codes():
        stmt = stmt.where(special_where(filters["special"], today or clock.today()))
    return stmt
