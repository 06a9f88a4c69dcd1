"""Aid records, plan exclusions and payments of students; term totals per school."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suite.cells import ascii_digits
from suite.db import among, utcnow
from suite.money import money, parse_money
from suite.models import School, Term

from . import eligibility
from .errors import RosterError
from .models import (AidCategory, AidPayment, AidProgram, DifficultyLevel, PlanExclusion,
                     Student, StudentAid)



def categories(session: Session, active_only: bool = True) -> list[AidCategory]:
    stmt = select(AidCategory).order_by(AidCategory.position)
    if active_only:
        stmt = stmt.where(AidCategory.active.is_(True))
    return session.scalars(stmt).all()


def levels(session: Session) -> list[DifficultyLevel]:
    return session.scalars(select(DifficultyLevel).order_by(DifficultyLevel.position)).all()


def add_aid(session: Session, student: Student, *, category_id, level_id, start_date,
            end_date=None, evidence: str = "", confirmed_by: str = "",
            recognised_reason: str = "") -> StudentAid:
    errors = {}
    if session.get(AidCategory, category_id or 0) is None:
        errors["category_id"] = _("Choose an aid category.")
    if level_id and session.get(DifficultyLevel, level_id) is None:
        errors["level_id"] = _("Choose a difficulty level.")
    if not isinstance(start_date, date):
        errors["start_date"] = _("Enter the date the aid starts.")
    elif isinstance(end_date, date) and end_date < start_date:
        errors["end_date"] = _("The end is before the start.")
    if not (confirmed_by or "").strip():
        errors["confirmed_by"] = _("Enter who confirmed it.")
    if errors:
        raise RosterError(errors)
    aid = StudentAid(student_id=student.id, category_id=category_id, level_id=level_id or None,
                     start_date=start_date, end_date=end_date, evidence=evidence.strip()[:200],
                     confirmed_by=confirmed_by.strip()[:60],
                     recognised_reason=(recognised_reason or "").strip()[:200])
    session.add(aid)
    session.flush()
    return aid


def aid_in_force(session: Session, student_ids, day: date) -> dict[int, list[str]]:
    """Category names in force on `day` per student (not withdrawn)."""
    rows = session.execute(
        select(StudentAid.student_id, AidCategory.name).join(AidCategory).where(
            among(StudentAid.student_id, student_ids), StudentAid.start_date <= day,
            (StudentAid.end_date.is_(None)) | (StudentAid.end_date >= day),
            StudentAid.withdrawn_at.is_(None))).all()
    out: dict[int, list[str]] = {}
    for sid, name in rows:
        out.setdefault(sid, []).append(name)
    return out


def exclude_from_plan(session: Session, student: Student, term: Term,
                      reason: str) -> PlanExclusion:
    if not (reason or "").strip():
        raise RosterError({"reason": _("Give the reason for leaving the student out.")})
    row = PlanExclusion(student_id=student.id, term_id=term.id, reason=reason.strip()[:200])
    session.add(row)
    session.flush()
    return row


def _amount(text) -> Decimal | None:
    """A payment in yuan: above 0, below 100,000, at most two decimals; None otherwise."""
    value = parse_money(text)
    if value is None or value.as_tuple().exponent < -2 or not 0 < value < 100_000:
        return None
    return money(value)


def add_payment(session: Session, student: Student, *, program_id, term_id, amount, paid_on,
                card_tail: str = "", today: date | None = None) -> AidPayment:
    errors = {}
    program = session.get(AidProgram, program_id or 0)
    if program is None:
        errors["program_id"] = _("Choose a programme.")
    if session.get(Term, term_id or 0) is None:
        errors["term_id"] = _("Choose a term.")
    value = _amount(amount)
    if value is None:
        errors["amount"] = _("The amount must be above 0 in yuan, at most 2 decimals.")
    if not isinstance(paid_on, date) or (today and paid_on > today):
        errors["paid_on"] = _("Enter the date paid (not in the future).")
    tail = (card_tail or "").strip()
    if tail and not (len(tail) == 4 and ascii_digits(tail)):
        errors["card_tail"] = _("Only the last 4 digits of the card.")
    if not errors:
        refused = eligibility.payment_problem(session, program, student, paid_on)
        if refused:
            errors["program_id"] = refused
    if errors:
        raise RosterError(errors)
    payment = AidPayment(student_id=student.id, program_id=program_id, term_id=term_id,
                         school_id=student.school_id, amount=value, paid_on=paid_on,
                         card_tail=tail)
    session.add(payment)
    session.flush()
    return payment


def void_payment(session: Session, payment: AidPayment, reason: str) -> None:
    if payment.voided_at is not None or not (reason or "").strip():
        raise RosterError({"reason": _("Give the reason for voiding.")})
    payment.voided_at, payment.void_reason = utcnow(), reason.strip()[:200]
    session.flush()


def term_totals(session: Session, term_id: int, school_filter=None) -> list[dict]:
    """Payments of a term per school: students paid, count and sum (SQL aggregate)."""
    stmt = (select(School.id, School.code, School.name,
                   func.count(func.distinct(AidPayment.student_id)), func.count(AidPayment.id),
                   func.sum(AidPayment.amount))
            .join(AidPayment, AidPayment.school_id == School.id)
            .where(AidPayment.term_id == term_id, AidPayment.voided_at.is_(None))
            .group_by(School.id, School.code, School.name).order_by(School.code))
    if school_filter is not None:
        stmt = stmt.where(school_filter)
    return [{"school_id": sid, "code": code, "name": name, "students": students,
             "payments": n, "amount": money(total or 0)}
            for sid, code, name, students, n, total in session.execute(stmt)]


def program_rate(program: AidProgram, day: date, boarding: bool, junior: bool) -> Decimal:
    """The yearly rate in force on `day` (a term pays half)."""
    key = ("boarding_" if boarding else "day_") + ("junior" if junior else "primary")
    rates = sorted(program.rates, key=lambda r: r["from"])
    current = None
    for rate in rates:
        if date.fromisoformat(rate["from"]) <= day:
            current = rate
    return Decimal(str(current[key])) if current else Decimal(0)


def add_category(session: Session, code: str, name: str) -> AidCategory:
    return _add_code(session, AidCategory, code, name)


def add_level(session: Session, code: str, name: str) -> DifficultyLevel:
    return _add_code(session, DifficultyLevel, code, name)


def _add_code(session: Session, model, code: str, name: str):
    code, name = (code or "").strip(), (name or "").strip()
    errors = {}
    if not code or len(code) > 30 or not code.replace("_", "").isalnum() or not code.isascii():
        errors["code"] = _("A code of up to 30 letters, digits or _.")
    elif session.scalar(select(model.id).where(model.code == code)):
        errors["code"] = _("The code %(code)s is taken.", code=code)
    if not name or len(name) > 60:
        errors["name"] = _("A name of up to 60 characters.")
    if errors:
        raise RosterError(errors)
    position = (session.scalar(select(func.max(model.position))) or 0) + 1
    row = model(code=code, name=name, position=position)
    session.add(row)
    session.flush()
    return row


def set_category_active(session: Session, category_id: int, active: bool) -> AidCategory:
    category = session.get(AidCategory, category_id)
    if category is None:
        raise RosterError({"category": _("No such category.")})
    category.active = active
    session.flush()
    return category

