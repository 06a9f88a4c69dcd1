"""Who may receive an aid programme: boarders only, one school stage, aid of a required
category in force on the day paid. Checked on every new payment; payments already recorded
that break the rule are listed for the bureau."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from suite.listing import join_clauses, join_items
from suite.models import School

from .errors import RosterError
from .labels import PROGRAM_STAGE_LABELS
from .models import PROGRAM_STAGES, AidCategory, AidPayment, AidProgram, Student, StudentAid

JUNIOR_FIRST_GRADE = 7


def stage_of(grade: int) -> str:
    return "junior" if grade >= JUNIOR_FIRST_GRADE else "primary"


def has_rule(program: AidProgram) -> bool:
    return bool(program.boarders_only or program.stage or program.category_codes)


def rule_text(program: AidProgram, category_names: dict[str, str]) -> str:
    """The rule in words, e.g. "寄宿生；小学（1-6年级）"."""
    parts = []
    if program.boarders_only:
        parts.append(_("Boarders only"))
    if program.stage:
        parts.append(str(PROGRAM_STAGE_LABELS[program.stage]))
    if program.category_codes:
        parts.append(_("Aid category: %(names)s", names=join_items(
            category_names.get(c, c) for c in program.category_codes)))
    return join_clauses(parts) or _("Any student")


def problem(program: AidProgram, student, categories_in_force: set[str]) -> str | None:
    """Why this student may not receive the programme (None: eligible). `student` needs
    `boarding` and `grade`; `categories_in_force` holds category codes on the day paid."""
    if program.boarders_only and not student.boarding:
        return _("%(program)s is for boarders only, and this student is not a boarder.",
                 program=program.name)
    if program.stage and stage_of(student.grade) != program.stage:
        return _("%(program)s is only for %(stage)s; this student is in grade %(grade)d.",
                 program=program.name, stage=PROGRAM_STAGE_LABELS[program.stage],
                 grade=student.grade)
    if program.category_codes and not categories_in_force & set(program.category_codes):
        return _("%(program)s needs aid of a required category in force on the day paid; "
                 "this student has none.", program=program.name)
    return None


def _codes_in_force(session: Session, student_ids, day: date | None = None) -> dict:
    """Category codes with their periods per student (not withdrawn): {id: [(code, from,
    until)]}; `day` given, only those in force that day."""
    stmt = select(StudentAid.student_id, AidCategory.code, StudentAid.start_date,
                  StudentAid.end_date).join(AidCategory).where(
        StudentAid.student_id.in_(list(student_ids)), StudentAid.withdrawn_at.is_(None))
    if day is not None:
        stmt = stmt.where(StudentAid.start_date <= day, or_(StudentAid.end_date.is_(None),
                                                            StudentAid.end_date >= day))
    out: dict[int, list] = {}
    for sid, code, start, end in session.execute(stmt):
        out.setdefault(sid, []).append((code, start, end))
    return out


def payment_problem(session: Session, program: AidProgram, student: Student,
                    day: date) -> str | None:
    if not has_rule(program):
        return None
    codes = {c for c, _s, _e in _codes_in_force(session, [student.id], day).get(student.id, [])}
    return problem(program, student, codes)


@dataclass
class Violation:
    payment: AidPayment
    student: Student
    school: School
    program: AidProgram
    reason: str


def violations(session: Session, school_filter=None) -> list[Violation]:
    """Recorded payments (not voided) that break their programme's rule, oldest first."""
    programs = [p for p in session.scalars(select(AidProgram)) if has_rule(p)]
    if not programs:
        return []
    stmt = (select(AidPayment, Student, School)
            .join(Student, Student.id == AidPayment.student_id)
            .join(School, School.id == AidPayment.school_id)
            .where(AidPayment.program_id.in_([p.id for p in programs]),
                   AidPayment.voided_at.is_(None))
            .order_by(AidPayment.paid_on, AidPayment.id))
    if school_filter is not None:
        stmt = stmt.where(school_filter)
    rows = session.execute(stmt).all()
    periods = _codes_in_force(session, {s.id for _p, s, _sc in rows})
    by_id = {p.id: p for p in programs}
    out = []
    for pay, student, school in rows:
        codes = {c for c, start, end in periods.get(student.id, [])
                 if start <= pay.paid_on and (end is None or end >= pay.paid_on)}
        reason = problem(by_id[pay.program_id], student, codes)
        if reason:
            out.append(Violation(pay, student, school, by_id[pay.program_id], reason))
    return out


def set_rule(session: Session, program_id: int, *, boarders_only: bool, stage: str,
             category_codes) -> AidProgram:
    program = session.get(AidProgram, program_id)
    if program is None:
        raise RosterError({"program": _("No such programme.")})
    known = set(session.scalars(select(AidCategory.code)))
    codes = [c for c in dict.fromkeys(category_codes or []) if c]
    if stage not in PROGRAM_STAGES or not set(codes) <= known:
        raise RosterError({"program": _("Choose a stage and categories from the lists.")})
    program.boarders_only, program.stage, program.category_codes = bool(boarders_only), stage, \
        codes
    session.flush()
    return program
