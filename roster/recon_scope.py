"""Where a reconciliation looks, at county scale: a run limited to a township or a school (the
roster and the ledger are restricted before matching, so a five-row list of one school does not
turn every other student of the county into a case), and each case placed at the school and
township it belongs to, so the work queue can be filtered by them."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.models import School, Township

from .models import HouseholdChild, ReconCase, Student

CHUNK = 5000


def check_scope(session: Session, township_id: int | None,
                school_id: int | None) -> dict[str, int]:
    """{"township_id": …, "school_id": …} of the ids given; a school outside the township or
    an unknown id is refused (ValueError with the reason for the user)."""
    scope = {}
    if township_id:
        if not 0 < township_id < 2**31 or session.get(Township, township_id) is None:
            raise ValueError(_("Choose a township of the county."))
        scope["township_id"] = township_id
    if school_id:
        school = session.get(School, school_id) if 0 < school_id < 2**31 else None
        if school is None:
            raise ValueError(_("Choose a school of the county."))
        if township_id and school.township_id != township_id:
            raise ValueError(_("The school is not in the chosen township."))
        scope["school_id"] = school_id
    return scope


def roster_where(scope: dict) -> list:
    """WHERE clauses restricting roster students to the scope."""
    where = []
    if scope.get("school_id"):
        where.append(Student.school_id == scope["school_id"])
    if scope.get("township_id"):
        where.append(School.township_id == scope["township_id"])
    return where


def ledger_where(session: Session, scope: dict) -> list:
    """WHERE clauses restricting ledger children to the scope (a school: its township)."""
    township_id = scope.get("township_id")
    if scope.get("school_id") and not township_id:
        township_id = session.scalar(select(School.township_id).where(
            School.id == scope["school_id"]))
    return [HouseholdChild.township_id == township_id] if township_id else []


def _refs(case: dict, sides: dict) -> list[tuple[str, int]]:
    """(side name, ref) of every row a case stands for."""
    d = case["detail"]
    if "left" in d and "right" in d:  # a conflict: one row on each side
        rows = [("left", d["left"]), ("right", d["right"])]
    else:
        rows = [(d["side"], r) for r in d.get("rows") or [d]]
    return [(sides[s], int(r["ref"])) for s, r in rows
            if sides[s] in ("roster", "ledger") and r.get("ref") is not None]


def _lookup(session: Session, stmt_for, ids: set[int]) -> dict:
    found, ids = {}, sorted(ids)
    for start in range(0, len(ids), CHUNK):
        found.update({r[0]: tuple(r[1:]) for r in session.execute(
            stmt_for(ids[start:start + CHUNK])).all()})
    return found


def place_cases(session: Session, left: str, right: str, cases: list[dict]) -> None:
    """Set each case's school_id and township_id from its roster student (school and the
    school's township) or else its ledger child (township); list-only cases stay unplaced."""
    sides = {"left": left, "right": right}
    refs = [_refs(c, sides) for c in cases]
    students = _lookup(session, lambda ids: select(Student.id, Student.school_id,
                                                   School.township_id)
                       .join(School, School.id == Student.school_id).where(Student.id.in_(ids)),
                       {ref for r in refs for side, ref in r if side == "roster"})
    children = _lookup(session, lambda ids: select(HouseholdChild.id, HouseholdChild.township_id)
                       .where(HouseholdChild.id.in_(ids)),
                       {ref for r in refs for side, ref in r if side == "ledger"})
    for case, found in zip(cases, refs):
        school = next((students[ref] for side, ref in found
                       if side == "roster" and ref in students), None)
        child = next((children[ref] for side, ref in found
                      if side == "ledger" and ref in children), None)
        case["school_id"] = school[0] if school else None
        case["township_id"] = school[1] if school else (child[0] if child else None)


def case_where(township_id: int | None = None, school_id: int | None = None) -> list:
    """WHERE clauses of the queue's township and school filters."""
    where = []
    if township_id:
        where.append(ReconCase.township_id == township_id)
    if school_id:
        where.append(ReconCase.school_id == school_id)
    return where


def choices(session: Session) -> tuple[list, list]:
    """(townships, schools) of the county for the filters, by code."""
    return (session.scalars(select(Township).order_by(Township.code)).all(),
            session.scalars(select(School).order_by(School.code)).all())


def document_numbers(session: Session, numbers: set[str]) -> set[str]:
    """Those of `numbers` that are the document number of a roster pupil or a ledger child
    without a resident ID (they are matched like ID numbers but are not ones)."""
    odd, found = sorted(n for n in numbers if len(n) != 18), set()
    for start in range(0, len(odd), CHUNK):
        chunk = odd[start:start + CHUNK]
        found.update(session.scalars(select(Student.document_number).where(
            Student.document_number.in_(chunk))))
        found.update(session.scalars(select(HouseholdChild.document_number).where(
            HouseholdChild.document_number.in_(chunk))))
    return found
