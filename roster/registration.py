"""A pupil's registration-system record beyond our own columns: the identity document of a pupil
without a resident ID, the two family members, and the aid list's recognitions (several
categories per pupil, each with its level, date and reason). Plain functions over a session;
the caller commits. Refusals are `RosterError` with a message per field."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from suite.db import among
from suite.listing import join_items

from .errors import RosterError
from .idcard import clean_number, id_problem
from .labels import ID_NUMBER_PROBLEMS
from .models import AidCategory, DifficultyLevel, Guardian, Student, StudentAid
from .models_registration import DOCUMENT_TYPES, RESIDENT_ID

GUARDIAN_KEYS = ("name", "relation", "is_guardian", "document_type", "id_number", "phone")
GUARDIAN_LIMITS = {"name": 40, "relation": 20, "id_number": 40, "phone": 20}


def _number(document_type: str, number: str | None, key: str, errors: dict,
            today: date | None) -> str | None:
    """The cleaned number of a document; a resident ID must pass the ID check."""
    if document_type not in DOCUMENT_TYPES:
        errors["document_type"] = _("is not a document type of the registration system")
        return None
    number = "".join(clean_number(number).split()) or None  # no spaces inside a number
    if number and len(number) > 40:
        errors[key] = _("is longer than %(n)d characters", n=40)
    elif number and document_type == RESIDENT_ID:
        problem = id_problem(number, today)
        if problem:
            errors[key] = str(ID_NUMBER_PROBLEMS[problem])
    return number


def set_document(session: Session, student: Student, document_type: str,
                 number: str | None, *, today: date | None = None) -> None:
    """Give the pupil a resident ID (type "1": the number goes to `id_number`) or another
    document (the number goes to `document_number`, `id_number` is cleared); a number
    another pupil holds is refused."""
    errors: dict = {}
    number = _number(document_type, number, "document_number", errors, today)
    if document_type != RESIDENT_ID and not number and not errors:
        errors["document_number"] = _("Enter the document's number.")
    if number and not errors:
        same = [Student.id_number == number] if document_type == RESIDENT_ID else [
            Student.document_type == document_type, Student.document_number == number]
        taken = session.scalar(select(Student.id).where(*same, Student.id != student.id))
        if taken:
            errors["document_number"] = _("belongs to another student already")
    if errors:
        raise RosterError(errors)
    student.document_type = document_type
    if document_type == RESIDENT_ID:
        student.id_number, student.document_number = number, None
    else:
        student.id_number, student.document_number = None, number
    session.flush()


def _guardian(position: int, raw: dict, today: date | None) -> tuple[dict, dict]:
    errors: dict = {}
    values = {k: str(raw.get(k) or "").strip() for k in GUARDIAN_KEYS if k != "is_guardian"}
    for key, limit in GUARDIAN_LIMITS.items():
        if len(values[key]) > limit:
            errors[f"guardian{position}_{key}"] = _("is longer than %(n)d characters", n=limit)
    kind = values["document_type"] or RESIDENT_ID
    number_errors: dict = {}
    number = _number(kind, values["id_number"], "id_number", number_errors, today)
    errors.update({f"guardian{position}_{k}": v for k, v in number_errors.items()})
    return dict(values, document_type=kind, id_number=number,
                is_guardian=bool(raw.get("is_guardian"))), errors


def set_guardians(session: Session, student: Student, guardians: list[dict], *,
                  today: date | None = None) -> list[Guardian]:
    """The pupil's family members in order (at most two; an entry with no name, number or
    phone leaves that place empty). Guardian 1 is mirrored into the student's guardian name
    and phone."""
    if len(guardians) > 2:
        raise RosterError({"guardians": _("A student has at most two family members here.")})
    checked, errors = [], {}
    for position, raw in enumerate(guardians, start=1):
        values, problems = _guardian(position, raw or {}, today)
        errors.update(problems)
        checked.append(values)
    if errors:
        raise RosterError(errors)
    existing = {g.position: g for g in session.scalars(select(Guardian).where(
        Guardian.student_id == student.id))}
    kept = []
    for position in (1, 2):
        values = checked[position - 1] if position <= len(checked) else None
        row = existing.get(position)
        if values is None or not (values["name"] or values["id_number"] or values["phone"]):
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = Guardian(student_id=student.id, position=position)
            session.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        kept.append(row)
    first = next((g for g in kept if g.position == 1), None)
    student.guardian_name = first.name if first else ""
    student.guardian_phone = first.phone if first else ""
    session.flush()
    return kept


def guardians_of(session: Session, student_ids) -> dict[int, list[Guardian]]:
    """Family members per student, by position (one query; the ids written into it, so a
    county's roster is not 65,535 bound parameters past PostgreSQL's limit)."""
    out: dict[int, list[Guardian]] = {}
    for row in session.scalars(select(Guardian).where(among(
            Guardian.student_id, student_ids)).order_by(Guardian.student_id, Guardian.position)):
        out.setdefault(row.student_id, []).append(row)
    return out


def _level(session: Session, level: str | None) -> DifficultyLevel | None:
    if not level:
        return None
    found = session.scalar(select(DifficultyLevel).where(or_(
        DifficultyLevel.code == level, DifficultyLevel.name == level)))
    if found is None:
        raise RosterError({"level": _("%(level)s is not a difficulty level of the county.",
                                      level=level)})
    return found


def record_recognition(session: Session, student: Student, *, category_codes,
                       recognised_on: date, level: str | None = None, reason: str = "",
                       household_no: str = "", household_head: str = "",
                       confirmed_by: str = "", evidence: str = "") -> list[StudentAid]:
    """One row of an aid list (家庭经济困难学生认定): one StudentAid per category, each with
    the level (code or name), the recognition date as its start and the reason. A category
    already recognised on that date is updated, not doubled. The household number and head
    go onto the student (one household per pupil, whatever the category)."""
    codes = list(dict.fromkeys(category_codes))
    categories = {c.code: c for c in session.scalars(select(AidCategory).where(
        AidCategory.code.in_(codes)))}
    unknown = [c for c in codes if c not in categories]
    errors = {}
    if unknown or not codes:
        errors["category"] = _("Unknown aid category: %(codes)s.", codes=join_items(unknown)) \
            if unknown else _("Choose an aid category.")
    if not isinstance(recognised_on, date):
        errors["recognised_on"] = _("Enter the date of the recognition.")
    if errors:
        raise RosterError(errors)
    level_row = _level(session, level)
    if household_no:
        student.household_no = household_no.strip()[:30]
    if household_head:
        student.household_head = household_head.strip()[:40]
    existing = {a.category_id: a for a in session.scalars(select(StudentAid).where(
        StudentAid.student_id == student.id, StudentAid.start_date == recognised_on,
        StudentAid.withdrawn_at.is_(None)))}
    rows = []
    for code in codes:
        aid = existing.get(categories[code].id)
        if aid is None:
            aid = StudentAid(student_id=student.id, category_id=categories[code].id,
                             start_date=recognised_on, evidence=evidence.strip()[:200],
                             confirmed_by=confirmed_by.strip()[:60])
            session.add(aid)
        aid.level_id = level_row.id if level_row else None
        aid.recognised_reason = (reason or "").strip()[:200]
        rows.append(aid)
    session.flush()
    return rows
