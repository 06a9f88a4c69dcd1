"""Home visits of a term (入户调查): the aided students still to be visited, and who visited
whom and when, by township and school. Plain functions over a session; student numbers are
masked in what they return."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from suite.models import County, School, Term, Township
from suite.services import current_term

from .idcard import mask_student_no
from .models import HomeVisit, Student, StudentAid


@dataclass(frozen=True)
class Scope:
    """Which students: of a township and/or a school (None: the whole county)."""

    township_id: int | None = None
    school_id: int | None = None

    def where(self) -> list:
        where = []
        if self.township_id:
            where.append(School.township_id == self.township_id)
        if self.school_id:
            where.append(Student.school_id == self.school_id)
        return where


def visit_term(session: Session, today: date) -> Term | None:
    """The county's term in progress (else the next, else the last one)."""
    county_id = session.scalar(select(County.id).order_by(County.id))
    return current_term(session, county_id, today) if county_id else None


def aid_in_force(today: date):
    """Students with an aid category in force on `today` (not withdrawn)."""
    return exists().where(StudentAid.student_id == Student.id,
                          StudentAid.withdrawn_at.is_(None), StudentAid.start_date <= today,
                          or_(StudentAid.end_date.is_(None), StudentAid.end_date >= today))


def _visited_in(term: Term):
    return exists().where(HomeVisit.student_id == Student.id,
                          HomeVisit.visit_date >= term.start_date,
                          HomeVisit.visit_date <= term.end_date)


def _to_visit_where(term: Term, today: date, scope: Scope) -> list:
    return [Student.status == "enrolled", aid_in_force(today), ~_visited_in(term),
            *scope.where()]


def count_to_visit(session: Session, term: Term | None, today: date, scope: Scope) -> int:
    """How many aided students of the scope have had no home visit this term."""
    if term is None:
        return 0
    return session.scalar(select(func.count(Student.id))
                          .join(School, School.id == Student.school_id)
                          .where(*_to_visit_where(term, today, scope)))


def to_visit(session: Session, term: Term | None, today: date, scope: Scope, *,
             offset: int = 0, limit: int = 50) -> list[dict]:
    """A page of the aided students of the scope not yet visited this term, by township,
    school, grade and name."""
    if term is None:
        return []
    rows = session.execute(
        select(Student, School.name, Township.name)
        .join(School, School.id == Student.school_id)
        .join(Township, Township.id == School.township_id)
        .where(*_to_visit_where(term, today, scope))
        .order_by(Township.code, School.code, Student.grade, Student.name, Student.id)
        .offset(offset).limit(limit)).all()
    return [{"id": s.id, "name": s.name, "student_no": mask_student_no(s.student_no),
             "grade": s.grade, "school": school, "township": township}
            for s, school, township in rows]


def visits_in_term(session: Session, term: Term | None, scope: Scope,
                   limit: int = 500) -> list[dict]:
    """Who visited whom and when this term, newest first."""
    if term is None:
        return []
    rows = session.execute(
        select(HomeVisit, Student, School.name, Township.name)
        .join(Student, Student.id == HomeVisit.student_id)
        .join(School, School.id == Student.school_id)
        .join(Township, Township.id == School.township_id)
        .where(and_(HomeVisit.visit_date >= term.start_date,
                    HomeVisit.visit_date <= term.end_date), *scope.where())
        .order_by(HomeVisit.visit_date.desc(), HomeVisit.id.desc()).limit(limit)).all()
    return [{"id": v.id, "student_id": s.id, "name": s.name,
             "student_no": mask_student_no(s.student_no), "school": school,
             "township": township, "visit_date": v.visit_date, "visitors": v.visitors,
             "conclusion": v.conclusion, "recover_amount": v.recover_amount}
            for v, s, school, township in rows]
