"""Home visits (入户调查): recording a visit of a student (which may change the level of an aid
or withdraw it), and for a term the aided students still to be visited, and who visited whom
and when, by township and school. Plain functions over a session; student numbers are masked
in what they return."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from suite.cells import CellError, ascii_digits, cell_date, cell_text
from suite.db import utcnow
from suite.models import School, Term, Township
from suite.services import county_of, current_term

from .errors import HouseholdError
from .household_rules import amount_in_yuan
from .idcard import mask_id, mask_student_no
from .models import (VISIT_CONCLUSIONS, AidCategory, DifficultyLevel, HomeVisit, Student,
                     StudentAid)


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
    county = county_of(session)
    return current_term(session, county.id, today) if county else None


def _aid_in_force(today: date):
    """Students with an aid category in force on `today` (not withdrawn)."""
    return exists().where(StudentAid.student_id == Student.id,
                          StudentAid.withdrawn_at.is_(None), StudentAid.start_date <= today,
                          or_(StudentAid.end_date.is_(None), StudentAid.end_date >= today))


def _visited_in(term: Term):
    return exists().where(HomeVisit.student_id == Student.id,
                          HomeVisit.visit_date >= term.start_date,
                          HomeVisit.visit_date <= term.end_date)


def _to_visit_where(term: Term, today: date, scope: Scope) -> list:
    return [Student.status == "enrolled", _aid_in_force(today), ~_visited_in(term),
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


def _int(value) -> int | None:
    value = cell_text(value)
    return int(value) if ascii_digits(value) and len(value) < 10 else None


def _aid_of(session: Session, student_id: int, aid_id) -> StudentAid | None:
    aid = session.get(StudentAid, _int(aid_id) or 0)
    return aid if aid is not None and aid.student_id == student_id \
        and aid.withdrawn_at is None else None


def withdraw_aid(session: Session, aid_id: int, *, reason: str) -> None:
    """Withdraw a student's aid (收回): the record stays, marked with when and why."""
    aid = session.get(StudentAid, aid_id)
    if aid is None:
        raise LookupError("student aid")
    if aid.withdrawn_at is not None:
        raise HouseholdError({"aid_id": _("This aid is withdrawn already.")})
    if not cell_text(reason):
        raise HouseholdError({"withdraw_reason": _("Give the reason for withdrawing the aid.")})
    aid.withdrawn_at = utcnow()
    aid.withdraw_reason = cell_text(reason)[:200]
    session.flush()


def _check_visit(session, student_id, v: dict, today: date) -> dict:
    errors = {}
    try:
        day = cell_date(v.get("visit_date"))
    except CellError:
        day = None
    if day is None or day > today:
        errors["visit_date"] = _("Enter the date of the visit (not in the future).")
    for key, limit in (("visitors", 120), ("findings", 4000)):
        if not cell_text(v.get(key)) or len(cell_text(v.get(key))) > limit:
            errors[key] = _("Fill this in (at most %(n)d characters).", n=limit)
    conclusion = v.get("conclusion")
    if conclusion not in VISIT_CONCLUSIONS:
        errors["conclusion"] = _("Choose the conclusion.")
    aid = _aid_of(session, student_id, v.get("aid_id"))
    if conclusion in ("level_changed", "aid_withdrawn") and aid is None:
        errors["aid_id"] = _("Choose the aid in force that the conclusion concerns.")
    level = session.get(DifficultyLevel, _int(v.get("level_id")) or 0)
    if conclusion == "level_changed" and (level is None or (aid and aid.level_id == level.id)):
        errors["level_id"] = _("Choose the new difficulty level.")
    try:
        amount = amount_in_yuan(v.get("recover_amount"))
        refused = amount is not None and conclusion != "aid_withdrawn"
    except CellError:
        amount, refused = None, True
    if refused:
        errors["recover_amount"] = _("Only a withdrawal has an amount to recover, in yuan.")
    if conclusion == "aid_withdrawn" and not cell_text(v.get("withdraw_reason")):
        errors["withdraw_reason"] = _("Give the reason for withdrawing the aid.")
    if errors:
        raise HouseholdError(errors)
    return {"day": day, "aid": aid, "level": level, "amount": amount}


def record_visit(session: Session, student_id: int, values: dict, *, today: date) -> int:
    """Record a home visit of a roster student. `values`: visit_date, visitors, findings,
    conclusion; with 'level_changed' also aid_id and level_id (the aid gets the new level);
    with 'aid_withdrawn' aid_id, withdraw_reason and recover_amount (the aid is withdrawn).
    Returns the visit's id."""
    if session.get(Student, student_id) is None:
        raise LookupError("student")
    ok = _check_visit(session, student_id, values, today)
    visit = HomeVisit(student_id=student_id, visit_date=ok["day"],
                      visitors=cell_text(values["visitors"]),
                      findings=cell_text(values["findings"]),
                      conclusion=values["conclusion"], recover_amount=ok["amount"])
    session.add(visit)
    if values["conclusion"] == "level_changed":
        ok["aid"].level_id = ok["level"].id
    elif values["conclusion"] == "aid_withdrawn":
        withdraw_aid(session, ok["aid"].id, reason=values["withdraw_reason"])
    session.flush()
    return visit.id


def student_aids(session: Session, student_id: int) -> list[dict]:
    rows = session.execute(select(StudentAid, AidCategory.name, DifficultyLevel.name)
                           .join(AidCategory, AidCategory.id == StudentAid.category_id)
                           .outerjoin(DifficultyLevel, DifficultyLevel.id == StudentAid.level_id)
                           .where(StudentAid.student_id == student_id)
                           .order_by(StudentAid.start_date.desc(), StudentAid.id))
    return [{"id": a.id, "category": cat, "level": level or "", "start_date": a.start_date,
             "end_date": a.end_date, "withdrawn_at": a.withdrawn_at,
             "withdraw_reason": a.withdraw_reason} for a, cat, level in rows]


def visit_list(session: Session, student_id: int | None = None, limit: int = 100) -> list[dict]:
    """Home visits, newest first: of one student, or of the county (student numbers
    masked)."""
    stmt = select(HomeVisit, Student.student_no, Student.name).join(
        Student, Student.id == HomeVisit.student_id)
    if student_id is not None:
        stmt = stmt.where(HomeVisit.student_id == student_id)
    rows = session.execute(stmt.order_by(HomeVisit.visit_date.desc(), HomeVisit.id.desc())
                           .limit(limit))
    return [{"id": v.id, "student_id": v.student_id, "student_no": mask_student_no(no),
             "name": name,
             "visit_date": v.visit_date, "visitors": v.visitors, "findings": v.findings,
             "conclusion": v.conclusion, "recover_amount": v.recover_amount}
            for v, no, name in rows]


def find_students(session: Session, query: str, limit: int = 20) -> list[dict]:
    """Roster students by student number, ID number or name (ID numbers and student
    numbers masked)."""
    q = cell_text(query)
    if not q:
        return []
    rows = session.scalars(select(Student).where(
        (Student.student_no == q.upper()) | (Student.id_number == q.upper())
        | Student.name.contains(q, autoescape=True)).order_by(Student.name).limit(limit))
    return [{"id": s.id, "student_no": mask_student_no(s.student_no), "name": s.name,
             "grade": s.grade, "id_number": mask_id(s.id_number)} for s in rows]
