"""Who was enrolled at a school on a given day, by grade: the roster's answer to the canteen's
"how many could have eaten". One aggregate over the roster; the host's enrolment figures of
the term when the roster holds nobody for the school."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, exists, func, literal, or_, select, union
from sqlalchemy.orm import Session

from suite import services as org
from suite.models import Enrolment, School, Township

from .models import PlanExclusion, SchoolHistory, Student

GONE = ("left", "graduated", "transferred")


def _stays_on(school_id: int, day: date):
    """Ids of the students at the school on the day. A student's current stay runs from
    `status_date` (no earlier stay of theirs may end after the day); one who left, graduated
    or moved away was there before `status_date`; closed stays come from the history
    (start inclusive, end exclusive: the end is the first day at the next school)."""
    moved_later = exists().where(SchoolHistory.student_id == Student.id,
                                 SchoolHistory.end_date > day)
    current = select(Student.id.label("student_id")).where(
        Student.school_id == school_id, ~moved_later,
        or_(and_(Student.status == "enrolled",
                 or_(Student.status_date.is_(None), Student.status_date <= day)),
            and_(Student.status.in_(GONE), Student.status_date > day)))
    history = select(SchoolHistory.student_id.label("student_id")).where(
        SchoolHistory.school_id == school_id, SchoolHistory.start_date <= day,
        or_(SchoolHistory.end_date.is_(None), SchoolHistory.end_date > day))
    return union(current, history).subquery()


def enrolled_by_grade(session: Session, school_id: int, day: date) -> dict[int, tuple[int, int]]:
    """grade -> (students enrolled at the school on the day, of whom nutrition-plan students).
    Plan students: all of a plan school's students but those left out of the plan for the
    term covering the day. A school the roster knows nobody of falls back to the host's
    enrolment of that term (every student a plan student in a plan school)."""
    row = session.execute(select(School.in_plan, Township.county_id).join(Township)
                          .where(School.id == school_id)).first()
    if row is None:
        return {}
    in_plan, county_id = row
    term = org.term_on(session, county_id, day)
    stays = _stays_on(school_id, day)
    if term is not None and in_plan:
        excluded = exists().where(PlanExclusion.student_id == Student.id,
                                  PlanExclusion.term_id == term.id)
        plan = func.sum(case((excluded, 0), else_=1))
    else:
        plan = func.count(Student.id) if in_plan else literal(0)
    rows = session.execute(select(Student.grade, func.count(Student.id), plan)
                           .join(stays, stays.c.student_id == Student.id)
                           .group_by(Student.grade).order_by(Student.grade)).all()
    if rows:
        return {grade: (int(n), int(p)) for grade, n, p in rows}
    if session.scalar(select(exists().where(or_(
            Student.school_id == school_id,
            Student.id.in_(select(SchoolHistory.student_id).where(
                SchoolHistory.school_id == school_id)))))):
        return {}
    if term is None:
        return {}
    totals = session.execute(select(Enrolment.grade, func.sum(Enrolment.student_count))
                             .where(Enrolment.school_id == school_id,
                                    Enrolment.term_id == term.id)
                             .group_by(Enrolment.grade).order_by(Enrolment.grade)).all()
    return {grade: (int(n), int(n) if in_plan else 0) for grade, n in totals if n}
