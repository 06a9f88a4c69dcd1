"""Reconciliation (比对) over the database: each side as a frame, the outside list read with a
column mapping, runs stored with their findings as a work queue, resolution and export.
Plain functions over a session, shared by the pages, the JSON API and the CLI."""
from __future__ import annotations

from datetime import date

import pandas as pd
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from suite.audit import record_view
from suite.cells import CellError, cell_date, cell_text
from suite.db import utcnow
from suite.listing import join_clauses, join_items, labelled
from suite.models import School
from suite.tabular import Table, known_headers, normalise_header, write_xlsx

from .errors import ReconError
from .idcard import birth_date, clean_number, id_problem, mask_id
from .models import (AidCategory, HouseholdChild, ReconCase, ReconRun, Student, StudentAid)
from .matching import reconcile
from .recon_scope import (case_where, check_scope, document_numbers, ledger_where, place_cases,
                          roster_where)
from suite import clock

FIELDS = ("name", "id_number", "birth_date", "school", "category")
FIELD_LABELS = {"name": _l("Full name"), "id_number": _l("ID number"),
                "birth_date": _l("Birth date"), "school": _l("School"),
                "category": _l("Aid category")}
GUESSES = {"name": ("姓名", "学生姓名"), "id_number": ("身份证号", "身份证号码", "证件号码",
                                                 "公民身份号码"),
           "birth_date": ("出生日期", "出生年月日"), "school": ("学校", "学校名称", "就读学校"),
           "category": ("类别", "资助类别", "人员类别", "困难类别")}
PAIRS = (("roster", "list"), ("ledger", "list"), ("roster", "ledger"))
SIDE_NAMES = {"roster": _l("School roster"), "ledger": _l("Household ledger"),
              "list": _l("Outside list")}
RULE_LABELS = {"id": _l("by ID number"), "name_birth": _l("by name and birth date")}
CASE_KINDS = ("conflict", "only_left", "only_right", "duplicate")
ID_PROBLEMS = {"length": _l("not 18 characters"), "characters": _l("not digits and a final X"),
               "date": _l("no real birth date"), "check": _l("wrong check digit"),
               "area": _l("no real area code")}
REFS = {"roster": _l("student #%(ref)s"), "ledger": _l("ledger entry #%(ref)s"),
        "list": _l("file row %(ref)s")}
NOTE_MAX = 400


def kind_label(run: ReconRun, kind: str) -> str:
    return {"matched": _("Matched"), "conflict": _("Conflict"), "duplicate": _("Duplicate"),
            "only_left": _("Only in: %(side)s", side=SIDE_NAMES[run.left]),
            "only_right": _("Only in: %(side)s", side=SIDE_NAMES[run.right])}[kind]


def ref_label(side: str, ref) -> str:
    """Where a row came from: a student, a ledger entry or a row of the uploaded file."""
    return "" if ref is None else str(REFS[side]) % {"ref": ref}


# read_table's header finder for an outside list: the row with most of the usual headers
list_header_score = known_headers([h for f, heads in GUESSES.items() for h in (f, *heads)])


def guess_mapping(columns) -> dict[str, str]:
    """Usual headers of the county's lists (or the field names themselves), by field."""
    return {f: next(c for c in (f,) + heads if c in columns) for f, heads in GUESSES.items()
            if any(c in columns for c in (f,) + heads)}


def check_mapping(columns, mapping: dict | None) -> dict[str, str]:
    """The guessed mapping overridden by `mapping` ({field: header}; "" unmaps a field)."""
    given = mapping or {}
    if not isinstance(given, dict):
        raise ReconError([_("The mapping must name a column for each field: {field: column}.")])
    unknown = [f for f in given if f not in FIELDS]
    if unknown:
        raise ReconError([_("Unknown field in the mapping: %(fields)s.",
                            fields=", ".join(map(str, unknown)))])
    # a typed column name is compared as the reader writes headers ("身份证 号*" = 身份证号)
    merged = {f: normalise_header(str(c)) for f, c in {**guess_mapping(columns), **given}.items()
              if c and normalise_header(str(c))}
    problems = [_("The column “%(column)s” (%(field)s) is not in the file; its columns are: "
                  "%(columns)s.", column=c, field=FIELD_LABELS[f], columns=join_items(columns))
                for f, c in merged.items() if c not in columns]
    if "name" not in merged:
        problems.append(_("Say which column holds the name."))
    if "id_number" not in merged and "birth_date" not in merged:
        problems.append(_("Say which column holds the ID number or the birth date."))
    if problems:
        raise ReconError(problems)
    return merged


def _list_row(n: int, raw: dict, mapping: dict, names: dict, problems: list) -> dict:
    cell = {f: raw.get(c) for f, c in mapping.items()}
    if isinstance(cell.get("id_number"), (int, float)):
        problems.append(_("Row %(row)d, %(column)s: the ID number is stored as a number, so "
                          "Excel has already changed its last digits: format the column as "
                          "text and type the numbers again.", row=n, column=mapping["id_number"]))
    # as the roster import reads it: full-width digits, spaces around, a lower-case x
    id_number = clean_number(cell_text(cell.get("id_number"))) or None
    try:
        born = cell_date(cell.get("birth_date"))
        if born is None and id_number and id_problem(id_number) is None:
            born = birth_date(id_number)
    except CellError:
        born = None  # not taken from the ID number either: the row is refused
        problems.append(_("Row %(row)d, %(column)s: %(value)s is not a real date (YYYY-MM-DD).",
                          row=n, column=mapping["birth_date"], value=cell["birth_date"]))
    if not cell_text(cell.get("name")):
        problems.append(_("Row %(row)d, %(column)s: the name is required.", row=n,
                          column=mapping["name"]))
    category = cell_text(cell.get("category")) or None
    return {"ref": n, "id_number": id_number, "name": cell_text(cell.get("name")),
            "birth_date": born,
            "school": cell_text(cell.get("school")) or None,
            "category": names.get(category, category)}


def list_frame(session: Session, table: Table, mapping: dict | None = None) -> pd.DataFrame:
    """The uploaded list as the engine's frame; refused whole, with every problem, if any
    row is wrong (an ID typed as a number, a date that is not one, a missing name)."""
    return _list_frame(session, table, check_mapping(table.columns, mapping))


def _list_frame(session: Session, table: Table, mapping: dict) -> pd.DataFrame:
    names = _category_names(session)
    problems: list = []
    rows = [_list_row(n, raw, mapping, names, problems)
            for n, raw in table.numbered()]
    if problems:
        more = len(problems) - 50
        raise ReconError(problems[:50] + ([_("… and %(n)d more.", n=more)] if more > 0 else []))
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["ref", "id_number", "name", "birth_date", "school", "category"]
    return pd.DataFrame(rows, columns=columns).astype({"birth_date": "datetime64[s]"})


def _category_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(AidCategory.code, AidCategory.name)).all())


def roster_frame(session: Session, today: date, aided_only: bool = False,
                 scope: dict | None = None) -> pd.DataFrame:
    """Enrolled students (of the scope's township or school) with their school's name and
    current aid category (the first by the categories' order when there are several)."""
    aid = session.execute(
        select(StudentAid.student_id, AidCategory.name).join(AidCategory)
        .where(StudentAid.withdrawn_at.is_(None), StudentAid.start_date <= today,
               or_(StudentAid.end_date.is_(None), StudentAid.end_date >= today))
        .order_by(AidCategory.position.desc(), AidCategory.id.desc())).all()
    category = dict(aid)  # the last written wins: the first in order
    rows = session.execute(  # a pupil without a resident ID is matched by the document
        select(Student.id, func.coalesce(Student.id_number, Student.document_number),
               Student.name, Student.birth_date, School.name)
        .join(School, School.id == Student.school_id).where(Student.status == "enrolled",
                                                            *roster_where(scope or {}))
        .order_by(Student.id)).all()
    return _frame([{"ref": i, "id_number": n, "name": name, "birth_date": born,
                    "school": school, "category": category.get(i)}
                   for i, n, name, born, school in rows
                   if not aided_only or i in category])


def ledger_frame(session: Session, year: int | None = None,
                 stage: str | None = None, scope: dict | None = None) -> pd.DataFrame:
    """Children of the household-side ledger of `year` (default: the latest year), of the
    scope's township (a school's scope: its township)."""
    year = year or session.scalar(select(func.max(HouseholdChild.year)))
    query = select(HouseholdChild.id, func.coalesce(HouseholdChild.id_number,
                                                    HouseholdChild.document_number),
                   HouseholdChild.name,
                   HouseholdChild.birth_date, HouseholdChild.school_name,
                   HouseholdChild.household_kind).where(HouseholdChild.year == year,
                                                        *ledger_where(session, scope or {}))
    if stage:
        query = query.where(HouseholdChild.stage == stage)
    names = _category_names(session)
    return _frame([{"ref": i, "id_number": n, "name": name, "birth_date": born,
                    "school": school or None, "category": names.get(kind, kind) or None}
                   for i, n, name, born, school, kind in session.execute(
                       query.order_by(HouseholdChild.id)).all()])


def _side(session, side, columns, options) -> pd.DataFrame:
    if side == "roster":
        return roster_frame(session, options["today"], options["aided_only"], options)
    if side == "ledger":  # against the roster: compulsory education only, as on the roster
        return ledger_frame(session, options["ledger_year"],
                            "compulsory" if "aided_only" in options else None, options)
    return _list_frame(session, options["table"], columns)


def run_reconciliation(session: Session, *, left: str = "roster", right: str = "list",
                       table: Table | None = None, mapping: dict | None = None,
                       filename: str = "", title: str = "", user_id: int | None = None,
                       today: date | None = None, year: int | None = None,
                       aided_only: bool = False, township_id: int | None = None,
                       school_id: int | None = None) -> ReconRun:
    """Compare two sides (roster or ledger with the uploaded list, or roster with ledger),
    store the run with its counts and every finding that is not a clean match as a case.
    A township or a school limits the roster and the ledger before matching."""
    if (left, right) not in PAIRS:
        raise ReconError([_("Choose what to compare.")])
    try:
        scope = check_scope(session, township_id, school_id)
    except ValueError as exc:
        raise ReconError([str(exc)]) from None
    if "list" in (left, right) and table is None:
        raise ReconError([_("Upload the outside list.")])
    columns = check_mapping(table.columns, mapping) if table is not None else {}
    options = dict(scope)  # stored with the mapping, so the run says what it compared
    if "ledger" in (left, right):
        options["ledger_year"] = year or session.scalar(select(func.max(HouseholdChild.year)))
    if "roster" in (left, right):
        options["aided_only"] = bool(aided_only)
    context = dict(options, table=table, today=today or clock.today())
    result = reconcile(*(_side(session, s, columns, context) for s in (left, right)))
    run = ReconRun(title=((title or "").strip() or f"{SIDE_NAMES[left]} ↔ "
                          f"{SIDE_NAMES[right]}")[:120], left=left, right=right,
                   filename=(filename or "")[:200], mapping=dict(columns, **options),
                   counts=result.counts, user_id=user_id)
    session.add(run)
    session.flush()
    _store_cases(session, run, result)
    return run


def _store_cases(session: Session, run: ReconRun, result) -> None:
    """Bulk insert: the run's own audit entry records the reconciliation; each case's
    resolution is audited when it happens. An odd ID number says what is wrong with it."""
    cases = list(result.cases())
    place_cases(session, run.left, run.right, cases)
    documents = document_numbers(session, {c["id_number"] for c in cases if c["id_number"]})
    rows = []
    for case in cases:  # a document that is no resident ID has no ID problem
        problem = id_problem(case["id_number"]) if case["id_number"] and \
            case["id_number"] not in documents else None
        rows.append(dict(case, run_id=run.id, name=case["name"][:40],
                         id_number=case["id_number"][:18],
                         detail=dict(case["detail"], id_problem=problem) if problem
                         else case["detail"]))
    for start in range(0, len(rows), 5000):
        session.execute(insert(ReconCase.__table__), rows[start:start + 5000])
    session.flush()


def case_progress(session: Session, run: ReconRun, township_id: int | None = None,
                  school_id: int | None = None) -> dict[str, dict[str, int]]:
    """{kind: {"open": n, "resolved": n}} of the run's cases (of one township or school: a
    township officer counts only the cases they may open)."""
    progress = {k: {"open": 0, "resolved": 0} for k in CASE_KINDS}
    for kind, done, n in session.execute(
            select(ReconCase.kind, ReconCase.resolved_at.is_not(None), func.count())
            .where(ReconCase.run_id == run.id, *case_where(township_id, school_id))
            .group_by(ReconCase.kind, ReconCase.resolved_at.is_not(None))):
        progress[kind]["resolved" if done else "open"] += n
    return progress


def list_cases(session: Session, run: ReconRun, *, kind: str | None = None,
               resolved: bool | None = None, offset: int = 0, limit: int | None = 50,
               township_id: int | None = None,
               school_id: int | None = None) -> tuple[list[ReconCase], int]:
    """A page of the run's cases (filtered by kind, resolved or not, township and school)
    and their number."""
    where = [ReconCase.run_id == run.id, *case_where(township_id, school_id)]
    if kind:
        where.append(ReconCase.kind == kind)
    if resolved is not None:
        where.append(ReconCase.resolved_at.is_not(None) if resolved
                     else ReconCase.resolved_at.is_(None))
    total = session.scalar(select(func.count()).select_from(ReconCase).where(*where))
    cases = session.scalars(select(ReconCase).where(*where).order_by(ReconCase.id)
                            .offset(offset).limit(limit)).all()
    return cases, total


def resolve_case(session: Session, case: ReconCase, note: str,
                 user_id: int | None) -> ReconCase:
    """Mark a case resolved with what was done (the audit log keeps who, when and the note)."""
    note = (note or "").strip()
    if case.resolved_at is not None:
        raise ReconError([_("This case is resolved already.")])
    if not note:
        raise ReconError([_("Write what was done about this case.")])
    if len(note) > NOTE_MAX:
        raise ReconError([_("The note is longer than %(n)d characters.", n=NOTE_MAX)])
    case.resolved_at, case.resolved_by, case.note = utcnow(), user_id, note
    session.flush()
    return case


def _birth(case: ReconCase):
    d = case.detail or {}
    first = d.get("left") or (d.get("rows") or [d])[0]
    return first.get("birth_date") or ""


def describe(run: ReconRun, case: ReconCase) -> str:
    """One line on what was found (schools, categories, rows; never an ID number)."""
    d = case.detail or {}
    side = run.left if d.get("side") == "left" else run.right
    if case.kind == "conflict":
        text = join_clauses(labelled(FIELD_LABELS[f], f"{d['left'].get(f) or '—'} ≠ "
                                     f"{d['right'].get(f) or '—'}")
                            for f in d.get("fields", []))
    else:
        text = join_clauses(" ".join(filter(None, (r.get("school"), r.get("category"),
                                                   ref_label(side, r.get("ref")))))
                            for r in d.get("rows") or [d])
    problem = ID_PROBLEMS.get(d.get("id_problem"))
    return join_clauses((text, labelled(_("ID number"), problem))) if problem else text


def export_run(session: Session, run: ReconRun, *, reveal: bool = False) -> bytes:
    """The run as .xlsx: a summary sheet and one row per case. ID numbers are masked unless
    `reveal` (the caller checks the permission; the viewing is audited)."""
    if reveal:
        record_view(session, "roster_recon_run", run.id, note="export with full ID numbers")
    summary = [[_("Title"), run.title], [_("File"), run.filename],
               [_("Run at"), clock.format_local(run.created_at)]]
    summary += [[kind_label(run, k), run.counts.get(k, 0)] for k in ("matched",) + CASE_KINDS]
    summary += [[_("Pairs %(rule)s", rule=RULE_LABELS[r]), run.counts.get("by_" + r, 0)]
                for r in RULE_LABELS]
    header = [_("Case"), _("Kind"), _("Rule"), _("Full name"), _("ID number"),
              _("Birth date"), _("Details"), _("Resolved on"), _("Note")]
    cases, _count = list_cases(session, run, limit=None)
    rows = [[c.id, kind_label(run, c.kind), str(RULE_LABELS.get(c.rule, "")), c.name,
             c.id_number if reveal else mask_id(c.id_number), _birth(c), describe(run, c),
             clock.to_local(c.resolved_at).date().isoformat() if c.resolved_at else "",
             c.note] for c in cases]
    return write_xlsx([(_("Summary"), [_("Summary item"), _("Value")], summary),
                       (_("Cases"), header, rows)], text_columns=(header[4],))
