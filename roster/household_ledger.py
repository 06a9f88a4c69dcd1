"""The household-side ledger (摸底 → 建档 → 比对): a township's entries of a year, their
sign-off by the township and reopening by the bureau, and the county's consolidated view.

A township records, per year, every child of its registered-poor and monitored households
wherever they study; a child confirmed NOT aided where they study goes onto the county's
supplementary list. A signed-off year is read-only until the bureau reopens it. Plain
functions over a session (the views, the API and the CLI share them); the caller commits."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suite.models import Township, User

from .errors import HouseholdError
from .household_rules import FIELDS, check_child, kinds
from .models import LOCATIONS, STAGES, HouseholdChild, LedgerSignOff


def signed_off(session: Session, township_id: int, year: int) -> LedgerSignOff | None:
    return session.scalar(select(LedgerSignOff).where(LedgerSignOff.township_id == township_id,
                                                      LedgerSignOff.year == year))


def require_open(session: Session, township_id: int, year: int) -> None:
    if session.get(Township, township_id) is None:
        raise LookupError("township")
    if signed_off(session, township_id, year):
        raise HouseholdError({"ledger": _("The ledger of %(year)d is signed off and read-only; "
                                          "the bureau can reopen it.", year=year)})


def _duplicate(session: Session, id_number: str, township_id: int, year: int,
               child_id: int | None, column=HouseholdChild.id_number) -> str | None:
    other = session.scalar(select(HouseholdChild.township_id).where(
        column == id_number, HouseholdChild.year == year,
        HouseholdChild.id != (child_id or 0)).limit(1))
    if other is None:
        return None
    if other == township_id:
        return _("is already on this ledger")
    return _("is already on another township's ledger for this year")


def _child(session: Session, child_id: int, township_id: int | None) -> HouseholdChild:
    child = session.get(HouseholdChild, child_id)
    if child is None or (township_id is not None and child.township_id != township_id):
        raise LookupError("household child")
    return child


def _checked(session, raw, township_id, year, today, child_id=None) -> dict:
    values, errors = check_child(raw, kinds(session), today)
    if values["id_number"] and "id_number" not in errors:
        problem = _duplicate(session, values["id_number"], township_id, year, child_id)
        if problem:
            errors["id_number"] = problem
    if values["document_number"] and "document_number" not in errors:
        problem = _duplicate(session, values["document_number"], township_id, year, child_id,
                             HouseholdChild.document_number)
        if problem:
            errors["document_number"] = problem
    if errors:
        raise HouseholdError(errors)
    return values


def add_child(session: Session, township_id: int, year: int, raw: dict, *,
              today: date) -> int:
    """Enter one child on a township's ledger for a year; returns the entry's id."""
    require_open(session, township_id, year)
    values = _checked(session, raw, township_id, year, today)
    child = HouseholdChild(township_id=township_id, year=year, **values)
    session.add(child)
    session.flush()
    return child.id


def edit_child(session: Session, child_id: int, raw: dict, *, today: date,
               township_id: int | None = None) -> None:
    """Change an entry (all fields given again). `township_id` limits it to one township."""
    child = _child(session, child_id, township_id)
    require_open(session, child.township_id, child.year)
    values = _checked(session, raw, child.township_id, child.year, today, child.id)
    for key, value in values.items():
        setattr(child, key, value)
    session.flush()


def remove_child(session: Session, child_id: int, *, township_id: int | None = None) -> None:
    """Take a wrong entry off an open ledger (the audit log keeps what it held)."""
    child = _child(session, child_id, township_id)
    require_open(session, child.township_id, child.year)
    session.delete(child)
    session.flush()


def child_values(session: Session, child_id: int, township_id: int | None = None) -> dict:
    child = _child(session, child_id, township_id)
    return {k: getattr(child, k) for k in ("id", "township_id", "year") + FIELDS}


def ledger(session: Session, township_id: int, year: int, stage: str | None = None,
           location: str | None = None) -> list[dict]:
    """A township's entries of a year (ID numbers whole: the caller masks them)."""
    stmt = select(HouseholdChild).where(HouseholdChild.township_id == township_id,
                                        HouseholdChild.year == year)
    if stage:
        stmt = stmt.where(HouseholdChild.stage == stage)
    if location:
        stmt = stmt.where(HouseholdChild.location == location)
    rows = session.scalars(stmt.order_by(HouseholdChild.village, HouseholdChild.name,
                                         HouseholdChild.id))
    return [{k: getattr(c, k) for k in ("id",) + FIELDS} for c in rows]


def sign_off(session: Session, township_id: int, year: int, *, user_id: int) -> dict:
    """The township's officer signs the year's ledger off: its entries become read-only."""
    require_open(session, township_id, year)
    rows = session.execute(select(HouseholdChild.aided, func.count()).where(
        HouseholdChild.township_id == township_id, HouseholdChild.year == year)
        .group_by(HouseholdChild.aided)).all()
    total = sum(n for _a, n in rows)
    row = LedgerSignOff(township_id=township_id, year=year, signed_by=user_id, children=total)
    session.add(row)
    session.flush()
    return {"id": row.id, "children": total,
            "unconfirmed": sum(n for aided, n in rows if aided is None)}


def reopen(session: Session, township_id: int, year: int) -> None:
    """The bureau reopens a signed-off ledger (the audit log keeps the sign-off it removes)."""
    rows = session.scalars(select(LedgerSignOff).where(LedgerSignOff.township_id == township_id,
                                                       LedgerSignOff.year == year)).all()
    if not rows:
        raise HouseholdError({"ledger": _("The ledger of %(year)d is not signed off.",
                                          year=year)})
    for row in rows:
        session.delete(row)
    session.flush()


def ledger_status(session: Session, township_id: int, year: int) -> dict | None:
    """None while open; else who signed it off, when, and how many children it held."""
    row = signed_off(session, township_id, year)
    if row is None:
        return None
    user = session.get(User, row.signed_by)
    return {"signed_at": row.signed_at, "children": row.children,
            "signed_by": (user.display_name or user.username) if user else ""}


def consolidate(session: Session, year: int) -> dict:
    """The county's view of a year: per township the counts by stage and location, the
    supplementary and unconfirmed children and the sign-off; and the county totals."""
    townships = session.execute(select(Township.id, Township.name).order_by(Township.code)).all()
    signed = dict(session.execute(select(LedgerSignOff.township_id, LedgerSignOff.signed_at)
                                  .where(LedgerSignOff.year == year)).all())
    per = {tid: {"id": tid, "name": name, "total": 0, "supplementary": 0, "unconfirmed": 0,
                 "stages": dict.fromkeys(STAGES, 0), "locations": dict.fromkeys(LOCATIONS, 0),
                 "signed_at": signed.get(tid)} for tid, name in townships}
    county = {"total": 0, "supplementary": 0, "unconfirmed": 0,
              "stages": dict.fromkeys(STAGES, 0), "locations": dict.fromkeys(LOCATIONS, 0)}
    c = HouseholdChild
    for tid, stage, location, aided, extra, n in session.execute(
            select(c.township_id, c.stage, c.location, c.aided, c.supplementary, func.count())
            .where(c.year == year)
            .group_by(c.township_id, c.stage, c.location, c.aided, c.supplementary)).all():
        for target in (per[tid], county):
            target["total"] += n
            target["stages"][stage] += n
            target["locations"][location] += n
            target["supplementary"] += n if extra else 0
            target["unconfirmed"] += n if aided is None else 0
    return {"year": year, "townships": list(per.values()), "county": county}


def supplementary_list(session: Session, year: int,
                       township_id: int | None = None) -> list[dict]:
    """Children confirmed not aided where they study: the county pays them (ID numbers whole;
    the caller masks them)."""
    c = HouseholdChild
    stmt = select(c, Township.name).join(Township, Township.id == c.township_id).where(
        c.year == year, c.supplementary.is_(True))
    if township_id is not None:
        stmt = stmt.where(c.township_id == township_id)
    return [{"township": tname, **{k: getattr(child, k) for k in ("id",) + FIELDS}}
            for child, tname in session.execute(stmt.order_by(Township.code, c.name, c.id))]

