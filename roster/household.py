"""The household-side ledger (摸底 → 建档 → 比对), home visits (入户调查) and withdrawal of aid.

A township records, per year, every child of its registered-poor and monitored households
wherever they study; a child confirmed NOT aided where they study goes onto the county's
supplementary list. A signed-off year is read-only until the bureau reopens it. Plain
functions over a session (the views, the API and the CLI share them); the caller commits."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suite.db import utcnow
from suite.models import Township, User
from suite.tabular import Table

from .idcard import birth_date, id_problem, mask_id, mask_student_no
from .imports import RowError
from .models import (LOCATIONS, STAGES, VISIT_CONCLUSIONS, AidCategory, DifficultyLevel,
                     HomeVisit, HouseholdChild, LedgerSignOff, Student, StudentAid)

HOUSEHOLD_KINDS = ("poverty_alleviated", "monitored")
STAGE_LABELS = {"preschool": _l("Preschool"), "compulsory": _l("Compulsory education"),
                "senior_high": _l("Senior high school"), "vocational": _l("Secondary vocational"),
                "higher": _l("Higher education")}
LOCATION_LABELS = {"county": _l("In the county"), "city": _l("Elsewhere in the city"),
                   "outside": _l("Outside the city")}
CONCLUSION_LABELS = {"confirmed": _l("Situation confirmed"), "level_changed": _l("Level changed"),
                     "aid_withdrawn": _l("Aid withdrawn")}
# the words of the township's collection form, as typed into files
STAGE_WORDS = {"学前教育": "preschool", "学前": "preschool", "义务教育": "compulsory",
               "普通高中": "senior_high", "普通高中教育": "senior_high", "高中": "senior_high",
               "中职": "vocational", "中职教育": "vocational", "高等教育": "higher"}
LOCATION_WORDS = {"县内": "county", "县外市内": "city", "市外": "outside"}
AIDED_WORDS = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False,
               "1": True, "0": False, "true": True, "false": False, "": None, "未确认": None}
HEADERS = {"name": "姓名", "id_number": "身份证号", "village": "村", "household_head": "户主姓名",
           "household_kind": "户类别", "stage": "学段", "location": "就读地",
           "school_name": "就读学校", "aided": "是否已受助", "aid_program": "资助项目",
           "aid_amount": "资助金额", "confirmed_by": "确认人", "confirmed_on": "确认日期"}
REQUIRED = ("name", "id_number", "household_kind", "stage", "location", "school_name")
LIMITS = {"name": 40, "village": 40, "household_head": 40, "school_name": 120,
          "aid_program": 60, "confirmed_by": 60}
FIELDS = ("name", "id_number", "birth_date", "village", "household_head", "household_kind",
          "stage", "location", "school_name", "aided", "aid_program", "aid_amount",
          "confirmed_by", "confirmed_on", "supplementary")
CENT = Decimal("0.01")


class HouseholdError(ValueError):
    """Refused input: `errors` maps a field (or 'ledger') to a message for the user."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class LedgerImport:
    errors: list[RowError] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})

    @property
    def ok(self) -> bool:
        return not self.errors


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value) -> date | None | str:
    """A date from a date, a datetime or YYYY-MM-DD text; None if empty, 'bad' otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or value in (None, ""):
        return value or None
    try:
        return date.fromisoformat(text(value).replace("/", "-").replace(".", "-"))
    except ValueError:
        return "bad"


def parse_money(value) -> Decimal | None | str:
    """Yuan with at most two decimals, not negative; None if empty, 'bad' otherwise."""
    if value in (None, ""):
        return None
    try:
        amount = Decimal(text(value) if not isinstance(value, Decimal) else value)
    except InvalidOperation:
        return "bad"
    if not amount.is_finite() or amount < 0 or amount >= 10**10 or amount != amount.quantize(CENT):
        return "bad"
    return amount.quantize(CENT)


def kinds(session: Session) -> dict[str, str]:
    """Household kinds of the ledger: category code -> name (names are accepted in files)."""
    names = dict(session.execute(select(AidCategory.code, AidCategory.name).where(
        AidCategory.code.in_(HOUSEHOLD_KINDS))).all())
    return {code: names.get(code, code) for code in HOUSEHOLD_KINDS}


def _word(value: str, codes, words) -> str | None:
    return value if value in codes else words.get(value)


def _id_number(raw, typed: str, today: date, errors: dict) -> str | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        errors["id_number"] = _("is stored as a number, so Excel has already changed its last "
                                "digits: format the column as text and type the numbers again")
        return None
    problem = id_problem(typed.upper(), today) if typed else None
    if problem:
        errors["id_number"] = {
            "length": _("must have 18 characters"),
            "characters": _("may hold only digits and a final X"),
            "date": _("holds no real birth date"),
            "check": _("has a wrong check digit: check every digit"),
            "area": _("does not start with a real area code"),
        }[problem]
        return None
    return typed.upper() or None


def _check_aid(t: dict, raw: dict, today: date, errors: dict) -> dict:
    aided = AIDED_WORDS.get(t["aided"].lower(), "bad")
    if aided == "bad":
        errors["aided"] = _("must be 是, 否 or empty (not confirmed yet)")
    amount = parse_money(raw.get("aid_amount"))
    if amount == "bad":
        errors["aid_amount"] = _("is not an amount in yuan (at most two decimals)")
    confirmed_on = parse_date(raw.get("confirmed_on"))
    if confirmed_on == "bad" or (isinstance(confirmed_on, date) and confirmed_on > today):
        errors["confirmed_on"] = _("is not a real date (YYYY-MM-DD)")
    if aided is None:
        for key in ("aid_program", "aid_amount", "confirmed_by", "confirmed_on"):
            if t[key]:
                errors[key] = _("must be empty while the aid is not confirmed")
    elif aided in (True, False):
        for key in ("confirmed_by", "confirmed_on"):
            if not t[key]:
                errors.setdefault(key, _("is required once the aid is confirmed"))
        if aided and not t["aid_program"]:
            errors["aid_program"] = _("is required for an aided child")
        for key in ("aid_program", "aid_amount") if aided is False else ():
            if t[key]:
                errors[key] = _("must be empty for a child not aided")
    return {"aided": aided, "aid_amount": amount, "confirmed_on": confirmed_on,
            "supplementary": aided is False}


def check_child(raw: dict, household_kinds: dict[str, str], today: date) -> tuple[dict, dict]:
    """(values, errors) of one entry; `raw` maps field names to what was typed or read."""
    t = {k: text(raw.get(k)) for k in HEADERS}
    errors: dict[str, str] = {}
    for key in REQUIRED:
        if not t[key]:
            errors[key] = _("is required")
    for key, limit in LIMITS.items():
        if len(t[key]) > limit:
            errors[key] = _("is longer than %(n)d characters", n=limit)
    values = {k: t[k] for k in LIMITS}
    values["id_number"] = _id_number(raw.get("id_number"), t["id_number"], today, errors)
    values["birth_date"] = birth_date(values["id_number"]) if values["id_number"] else None
    by_name = {name: code for code, name in household_kinds.items()}
    values["household_kind"] = _word(t["household_kind"], household_kinds, by_name)
    values["stage"] = _word(t["stage"], STAGES, STAGE_WORDS)
    values["location"] = _word(t["location"], LOCATIONS, LOCATION_WORDS)
    for key, reason in (("household_kind", _("is not a registered-poor or monitored household")),
                        ("stage", _("is not a school stage (学前教育, 义务教育, 普通高中, 中职, "
                                    "高等教育)")),
                        ("location", _("must be 县内, 县外市内 or 市外"))):
        if t[key] and values[key] is None:
            errors[key] = reason
    values.update(_check_aid(t, raw, today, errors))
    return values, errors


def signed_off(session: Session, township_id: int, year: int) -> LedgerSignOff | None:
    return session.scalar(select(LedgerSignOff).where(LedgerSignOff.township_id == township_id,
                                                      LedgerSignOff.year == year))


def _require_open(session: Session, township_id: int, year: int) -> None:
    if session.get(Township, township_id) is None:
        raise LookupError("township")
    if signed_off(session, township_id, year):
        raise HouseholdError({"ledger": _("The ledger of %(year)d is signed off and read-only; "
                                          "the bureau can reopen it.", year=year)})


def _duplicate(session: Session, id_number: str, township_id: int, year: int,
               child_id: int | None) -> str | None:
    other = session.scalar(select(HouseholdChild.township_id).where(
        HouseholdChild.id_number == id_number, HouseholdChild.year == year,
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
    if errors:
        raise HouseholdError(errors)
    return values


def add_child(session: Session, township_id: int, year: int, raw: dict, *,
              today: date) -> int:
    """Enter one child on a township's ledger for a year; returns the entry's id."""
    _require_open(session, township_id, year)
    values = _checked(session, raw, township_id, year, today)
    child = HouseholdChild(township_id=township_id, year=year, **values)
    session.add(child)
    session.flush()
    return child.id


def edit_child(session: Session, child_id: int, raw: dict, *, today: date,
               township_id: int | None = None) -> None:
    """Change an entry (all fields given again). `township_id` limits it to one township."""
    child = _child(session, child_id, township_id)
    _require_open(session, child.township_id, child.year)
    values = _checked(session, raw, child.township_id, child.year, today, child.id)
    for key, value in values.items():
        setattr(child, key, value)
    session.flush()


def remove_child(session: Session, child_id: int, *, township_id: int | None = None) -> None:
    """Take a wrong entry off an open ledger (the audit log keeps what it held)."""
    child = _child(session, child_id, township_id)
    _require_open(session, child.township_id, child.year)
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


def _upsert(session, township_id, year, staged, existing, counts) -> None:
    for values in staged:
        child = existing.get(values["id_number"])
        if child is None:
            session.add(HouseholdChild(township_id=township_id, year=year, **values))
            counts["new"] += 1
        elif any(getattr(child, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(child, key, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1


def import_ledger(session: Session, table: Table, *, township_id: int, year: int,
                  today: date) -> LedgerImport:
    """Add and update a township's entries from a file, keyed by ID number. All or nothing:
    one bad row and nothing changes; every bad row is returned (row, column, value, reason)."""
    _require_open(session, township_id, year)
    result = LedgerImport()
    missing = [HEADERS[k] for k in REQUIRED if HEADERS[k] not in table.columns
               and k not in table.columns]
    if missing:
        result.errors.append(RowError(1, "、".join(missing), None, _("required column missing")))
        return result
    existing = {c.id_number: c for c in session.scalars(select(HouseholdChild).where(
        HouseholdChild.township_id == township_id, HouseholdChild.year == year))}
    elsewhere = set(session.scalars(select(HouseholdChild.id_number).where(
        HouseholdChild.year == year, HouseholdChild.township_id != township_id)))
    household_kinds, seen, staged = kinds(session), {}, []
    for n, cells in enumerate(table.rows, start=table.first_row):
        raw = {k: cells.get(h, cells.get(k)) for k, h in HEADERS.items()}
        values, errors = check_child(raw, household_kinds, today)
        id_number = values["id_number"]
        if id_number in seen:
            errors["id_number"] = _("is also on row %(row)d", row=seen[id_number])
        elif id_number and id_number in elsewhere:
            errors["id_number"] = _("is already on another township's ledger for this year")
        if id_number:
            seen.setdefault(id_number, n)
        result.errors += [RowError(n, HEADERS[k], raw.get(k), r) for k, r in errors.items()]
        if not errors:
            staged.append(values)
    if not result.errors:
        _upsert(session, township_id, year, staged, existing, result.counts)
        session.flush()
    return result


def sign_off(session: Session, township_id: int, year: int, *, user_id: int) -> dict:
    """The township's officer signs the year's ledger off: its entries become read-only."""
    _require_open(session, township_id, year)
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


def _int(value) -> int | None:
    value = text(value)
    return int(value) if value.isdigit() and len(value) < 10 else None


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
    if not text(reason):
        raise HouseholdError({"withdraw_reason": _("Give the reason for withdrawing the aid.")})
    aid.withdrawn_at = utcnow()
    aid.withdraw_reason = text(reason)[:200]
    session.flush()


def _check_visit(session, student_id, v: dict, today: date) -> dict:
    errors = {}
    day = parse_date(v.get("visit_date"))
    if not isinstance(day, date) or day > today:
        errors["visit_date"] = _("Enter the date of the visit (not in the future).")
    for key, limit in (("visitors", 120), ("findings", 4000)):
        if not text(v.get(key)) or len(text(v.get(key))) > limit:
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
    amount = parse_money(v.get("recover_amount"))
    if amount == "bad" or (amount is not None and conclusion != "aid_withdrawn"):
        errors["recover_amount"] = _("Only a withdrawal has an amount to recover, in yuan.")
    if conclusion == "aid_withdrawn" and not text(v.get("withdraw_reason")):
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
                      visitors=text(values["visitors"]), findings=text(values["findings"]),
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
    q = text(query)
    if not q:
        return []
    rows = session.scalars(select(Student).where(
        (Student.student_no == q.upper()) | (Student.id_number == q.upper())
        | Student.name.contains(q, autoescape=True)).order_by(Student.name).limit(limit))
    return [{"id": s.id, "student_no": mask_student_no(s.student_no), "name": s.name,
             "grade": s.grade, "id_number": mask_id(s.id_number)} for s in rows]
