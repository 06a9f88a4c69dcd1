"""Inspections of schools (专项检查, 抽查, 交叉互查 by the bureau; 自查 by a school): the team
confirms, the school rectifies with evidence, the bureau closes. Plain functions over a
session: they validate, change and flush; the caller commits."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suite.db import utcnow
from suite.errors import ServiceError
from suite.models import School, User

from . import evidence
from .models import (INSPECTION_KINDS, INSPECTION_SCOPES, INSPECTION_STATUSES, Inspection,
                     InspectionMember, Rectification)

BUREAU_KINDS = ("special", "spot", "cross")
RECORDERS = ("admin", "bureau")                  # who records the bureau's kinds and closes
TEAM_ROLES = ("bureau", "township_officer")      # who may sit on a bureau team
MAX_TEXT = 5000


class InspectionError(ServiceError):
    """Refused inspection input; nothing was changed."""


def _user(session: Session, user_id) -> User | None:
    return session.get(User, user_id) if isinstance(user_id, int) else None


def _check_recorder(errors: dict, recorder: User | None, school_id: int, kind: str) -> None:
    if kind == "self":
        if recorder is None or recorder.school_id != school_id:
            errors["kind"] = _("A school records only its own self-checks.")
    elif recorder is None or recorder.role not in RECORDERS:
        errors["kind"] = _("Only the bureau records special inspections, spot checks and "
                           "cross-reviews.")


def _check_members(session: Session, errors: dict, school_id: int, kind: str,
                   member_ids) -> list[int]:
    ids = list(dict.fromkeys(member_ids or []))
    if not ids:
        errors["member_ids"] = _("Name at least one team member.")
        return []
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in ids):
        errors["member_ids"] = _("Choose the team members from the list.")
        return []
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
    for user_id in ids:
        user = users.get(user_id)
        if user is None:
            errors["member_ids"] = _("Choose the team members from the list.")
            break
        name = user.display_name or user.username
        if kind == "self":
            if user.school_id != school_id or not user.active:
                errors["member_ids"] = _("%(name)s is not a user of this school.", name=name)
                break
        elif user.role not in TEAM_ROLES or not user.active:
            errors["member_ids"] = _("%(name)s is not a bureau or township user.", name=name)
            break
    return ids


def record_inspection(session: Session, *, school_id: int, kind: str, day: date | None,
                      scopes: list[str], findings: str, due_date: date | None,
                      member_ids: list[int], user_id: int | None, today: date) -> Inspection:
    """Record an inspection of a school (or a school's self-check) with its team; every
    problem is reported at once."""
    errors: dict = {}
    school = session.get(School, school_id) if isinstance(school_id, int) else None
    if school is None:
        errors["school_id"] = _("Choose a school.")
    if kind not in INSPECTION_KINDS:
        errors["kind"] = _("Choose the kind of inspection.")
    elif school is not None:
        _check_recorder(errors, _user(session, user_id), school_id, kind)
    if day is None:
        errors["day"] = _("Enter the day of the inspection.")
    elif day > today:
        errors["day"] = _("The inspection day cannot be after today.")
    chosen = list(dict.fromkeys(scopes or []))
    if not chosen or any(s not in INSPECTION_SCOPES for s in chosen):
        errors["scopes"] = _("Choose at least one scope of the inspection.")
    findings = (findings or "").strip()
    if len(findings) > MAX_TEXT:
        errors["findings"] = _("Write at most %(n)s characters.", n=MAX_TEXT)
    if due_date is not None:
        if day is not None and due_date < day:
            errors["due_date"] = _("The rectification due date is before the inspection day.")
        if not findings:
            errors["findings"] = _("Write the findings the school must rectify by the due "
                                   "date.")
    ids = _check_members(session, errors, school_id, kind, member_ids) \
        if "kind" not in errors and school is not None else []
    if errors:
        raise InspectionError(errors)
    inspection = Inspection(
        school_id=school_id, kind=kind, day=day,
        scopes=",".join(s for s in INSPECTION_SCOPES if s in chosen), findings=findings,
        due_date=due_date, status="open", created_by=user_id,
        members=[InspectionMember(user_id=i) for i in ids])
    session.add(inspection)
    session.flush()
    return inspection


def _inspection(session: Session, inspection_id, *, lock: bool = False) -> Inspection:
    if not isinstance(inspection_id, int) or not 0 < inspection_id < 2**31:
        raise InspectionError({"": _("No such inspection.")})
    query = select(Inspection).where(Inspection.id == inspection_id)
    inspection = session.scalar(query.with_for_update() if lock else query)
    if inspection is None:
        raise InspectionError({"": _("No such inspection.")})
    return inspection


def confirm_inspection(session: Session, inspection_id: int, *, user_id: int) -> Inspection:
    """The member `user_id` confirms the record under their own login (the row is locked, so
    two confirmations of one member cannot both pass)."""
    inspection = _inspection(session, inspection_id)
    member = session.scalar(select(InspectionMember).where(
        InspectionMember.inspection_id == inspection.id,
        InspectionMember.user_id == user_id).with_for_update())
    if member is None:
        raise InspectionError({"": _("Only a member of the inspection team may confirm it.")})
    if member.confirmed_at is not None:
        raise InspectionError({"": _("You have already confirmed this inspection.")})
    if inspection.status == "closed":
        raise InspectionError({"": _("The inspection is closed.")})
    member.confirmed_at = utcnow()
    session.flush()
    return inspection


def record_rectification(session: Session, inspection_id: int, *, note: str,
                         file_bytes: bytes | None, filename: str, user_id: int,
                         instance_path: str, max_bytes: int) -> Rectification:
    """What the school did about the findings, with an evidence file (PDF, JPG, PNG, XLSX or
    DOCX by its content) kept under its SHA-256; the inspection becomes "rectified"."""
    inspection = _inspection(session, inspection_id, lock=True)
    user = _user(session, user_id)
    if user is None or user.school_id != inspection.school_id:
        raise InspectionError({"": _("Only the inspected school records its rectification.")})
    if inspection.status == "closed":
        raise InspectionError({"": _("The inspection is closed.")})
    if not inspection.findings:
        raise InspectionError({"": _("This inspection found nothing to rectify.")})
    errors: dict = {}
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Write what the school did.")
    elif len(note) > MAX_TEXT:
        errors["note"] = _("Write at most %(n)s characters.", n=MAX_TEXT)
    kind = None
    if not file_bytes:
        errors["file"] = _("Attach the evidence file.")
    elif len(file_bytes) > max_bytes:
        errors["file"] = _("The file is larger than %(mb)s MB.",
                           mb=_megabytes(max_bytes))
    else:
        kind = evidence.kind_of(file_bytes)
        if kind is None:
            errors["file"] = _("Attach a PDF, JPG, PNG, XLSX or DOCX file.")
    if errors:
        raise InspectionError(errors)
    digest = evidence.store(instance_path, file_bytes)
    record = Rectification(inspection_id=inspection.id, note=note,
                           filename=evidence.clean_name(filename), sha256=digest,
                           size=len(file_bytes), recorded_by=user_id)
    session.add(record)
    if inspection.status != "rectified":
        inspection.status = "rectified"
    session.flush()
    return record


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 and value == int(value) else f"{value:.2g}"


def close_inspection(session: Session, inspection_id: int, *, user_id: int) -> Inspection:
    """The bureau closes an inspection once every member has confirmed it and the school has
    rectified the findings (an inspection without findings needs no rectification)."""
    inspection = _inspection(session, inspection_id, lock=True)
    user = _user(session, user_id)
    if user is None or user.role not in RECORDERS:
        raise InspectionError({"": _("Only the bureau closes an inspection.")})
    if inspection.status == "closed":
        raise InspectionError({"": _("The inspection is closed.")})
    waiting = [m for m in inspection.members if m.confirmed_at is None]
    if waiting:
        raise InspectionError({"": _("%(n)s team members have not confirmed yet.",
                                     n=len(waiting))})
    if inspection.findings and inspection.status != "rectified":
        raise InspectionError({"": _("The school has not recorded its rectification yet.")})
    inspection.status = "closed"
    inspection.closed_by = user_id
    inspection.closed_at = utcnow()
    session.flush()
    return inspection


def open_findings(session: Session, school_ids) -> int:
    """Inspections of these schools with findings the bureau has not closed."""
    ids = list(school_ids)
    if not ids:
        return 0
    return session.scalar(select(func.count(Inspection.id)).where(
        Inspection.school_id.in_(ids), Inspection.findings != "",
        Inspection.status != "closed")) or 0


def inspections_for(session: Session, school_ids, status: str | None = None,
                    member_id: int | None = None) -> list[dict]:
    """The inspections of these schools (and those `member_id` sits on), newest first, one
    dict each: id, school_id, school_code, school_name, kind, day, scopes (list), findings
    (bool), due_date, status, members, confirmed (counts). One query."""
    members = select(InspectionMember.inspection_id,
                     func.count(InspectionMember.id).label("members"),
                     func.count(InspectionMember.confirmed_at).label("confirmed")) \
        .group_by(InspectionMember.inspection_id).subquery()
    where = Inspection.school_id.in_(list(school_ids))
    if member_id is not None:
        where = where | Inspection.id.in_(select(InspectionMember.inspection_id).where(
            InspectionMember.user_id == member_id))
    query = select(Inspection, School.code, School.name,
                   func.coalesce(members.c.members, 0), func.coalesce(members.c.confirmed, 0)) \
        .join(School, School.id == Inspection.school_id) \
        .outerjoin(members, members.c.inspection_id == Inspection.id).where(where)
    if status is not None:
        if status not in INSPECTION_STATUSES:
            return []
        query = query.where(Inspection.status == status)
    rows = session.execute(query.order_by(Inspection.day.desc(), Inspection.id.desc()))
    return [{"id": i.id, "school_id": i.school_id, "school_code": code, "school_name": name,
             "kind": i.kind, "day": i.day, "scopes": i.scopes.split(",") if i.scopes else [],
             "findings": bool(i.findings), "due_date": i.due_date, "status": i.status,
             "members": n, "confirmed": c} for i, code, name, n, c in rows]


def team_of(session: Session, inspection_id: int) -> list[dict]:
    """The team of an inspection: user_id, name, confirmed_at, in the order they were named."""
    rows = session.execute(select(InspectionMember, User).join(
        User, User.id == InspectionMember.user_id).where(
        InspectionMember.inspection_id == inspection_id).order_by(InspectionMember.id))
    return [{"user_id": u.id, "name": u.display_name or u.username,
             "confirmed_at": m.confirmed_at} for m, u in rows]


def eligible_members(session: Session, kind: str, school_id: int | None) -> list[tuple]:
    """(id, name) of the active users who may sit on the team of this kind of inspection:
    bureau and township users, or for a self-check the users of the school."""
    where = User.school_id == school_id if kind == "self" else User.role.in_(TEAM_ROLES)
    users = session.scalars(select(User).where(where, User.active.is_(True))
                            .order_by(User.username))
    return [(u.id, u.display_name or u.username) for u in users]
