"""Roster import of any recognised file (our template, the registration system's export, a
school's copy, an aid list): every row checked, all or nothing, dry run, bulk write.

Columns are placed by roster.headers (the alias table) or a mapping the officer chose
(roster.import_mapping); values parsed by roster.codes; rows checked by roster.import_rows,
written by roster.import_write; an aid list goes to roster.import_aid. A file of 100,000
students is checked in one pass over plain Python values and written with bulk statements;
one audit entry records the run (who, file, counts), and every student row it wrote carries
the run's id."""
from __future__ import annotations

import hashlib
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.bulk import collector_paused
from suite.cells import RowError
from suite.db import one_at_a_time
from suite.listing import join_items
from suite.models import School, Term
from suite.tabular import Table

from . import import_write
from .headers import detect_layout
from .idcard import check_char, mask_student_no
from .import_aid import import_aid
from .import_fast import check_table
from .import_columns import HEADERS, ImportResult, field_columns  # noqa: F401
from .import_rows import REQUIRED, RowChecker
from .models import ImportRun



def template_example(school_code: str) -> list[str]:
    """The template's example row, in HEADERS order: a valid student that passes every check
    (its ID number carries a correct check digit) at the given school."""
    body = "35088120140901001"
    id_number = body + check_char(body)
    return ["G" + id_number, "张小明", "男", "2014-09-01", id_number, "汉族", school_code, "6",
            "1班", "否", "城关镇", "红星村", "张大山", "13800000000"]


def template_notes() -> list[list[str]]:
    """The template's instructions sheet: what each column takes."""
    return [
        [HEADERS["student_no"], _("Required. G + the ID number, J or L form; format as text.")],
        [HEADERS["name"], _("Required.")],
        [HEADERS["sex"], _("Required: 男 or 女; must agree with the ID number.")],
        [HEADERS["birth_date"], _("YYYY-MM-DD; must agree with the ID number.")],
        [HEADERS["id_number"], _("18 characters, format the column as text.")],
        [HEADERS["school_code"], _("Required: the school's code in this system.")],
        [HEADERS["grade"], _("Required: 1 to 9.")],
        [HEADERS["boarding"], _("是 or 否.")],
        ["", _("The example row on the first sheet is a real student record: it will be "
               "imported unless you delete it.")],
    ]


def term_start(session: Session, today: date) -> date:
    """The start of the term in force on `today` (else the latest begun before it); today
    when no term is set: intake labels 小学2019级 are read in that school year."""
    return session.scalar(select(Term.start_date).where(Term.start_date <= today).order_by(
        (Term.end_date >= today).desc(), Term.start_date.desc()).limit(1)) or today


def check_rows(session: Session, table: Table, today: date, mapping: dict | None = None,
               layout: str = "") -> tuple[list, list[RowError], RowChecker | None]:
    columns = field_columns(table.columns, mapping)
    missing = [HEADERS[k] for k in REQUIRED if k not in columns]
    if missing:
        return [], [RowError(table.header_row, join_items(missing), None,
                             _("required column missing"))], None
    schools = {code.upper(): sid for sid, code in session.execute(
        select(School.id, School.code)).all()}
    checker = RowChecker(columns, schools, today, term_start(session, today), layout)
    rows = check_table(checker, list(table.numbered()), table.by_column)
    return rows, checker.errors, checker


def import_students(session: Session, table: Table, *, filename: str, data: bytes,
                    today: date, dry_run: bool = False, user_id: int | None = None,
                    progress=None, mapping: dict | None = None) -> ImportResult:
    """Create, update and transfer students from a file; an aid list (layout "aid_list")
    records its recognitions instead. `mapping` (column -> field key, "" = not imported)
    places columns the alias table does not know. One bad row: nothing changes."""
    with collector_paused():
        result = _import_students(session, table, filename=filename, data=data, today=today,
                                  dry_run=dry_run, user_id=user_id, progress=progress,
                                  mapping=mapping)
    result.guidance = table.guidance
    return result


def _import_students(session: Session, table: Table, *, filename: str, data: bytes,
                     today: date, dry_run: bool, user_id: int | None, progress,
                     mapping: dict | None) -> ImportResult:
    one_at_a_time(session, "roster-import")  # two at once: the second sees the first's pupils
    layout = detect_layout(table.columns, mapping)
    if layout == "aid_list":
        return import_aid(session, table, filename=filename, data=data, today=today,
                          dry_run=dry_run, user_id=user_id, mapping=mapping)
    result = ImportResult(layout=layout)
    rows, result.errors, checker = check_rows(session, table, today, mapping, layout)
    fields = checker.fields if checker else ()
    checked = [values for _n, values in rows if values is not None]
    result.named_school_ids = tuple(sorted({v["school_id"] for v in checked}))
    existing = import_write.existing_students(session, fields, checked) if checker else {}
    old_guardians = import_write.existing_guardians(
        session, [r.id for r in existing.values()]) if checker and checker.members else {}
    id_owner = {r.id_number: r.student_no for r in existing.values() if r.id_number}
    doc_owner = {(r.document_type, r.document_number): r.student_no for r in existing.values()
                 if "document_number" in fields and r.document_number}
    new, changed, moved = [], [], []
    for n, values in rows:
        if values is None:
            continue
        owner = id_owner.get(values["id_number"]) if values["id_number"] else \
            doc_owner.get((values["document_type"], values["document_number"]))
        if owner is not None and owner != values["student_no"]:
            column = checker.columns.get("id_number") if values["id_number"] else \
                checker.columns.get("document_number", checker.columns.get("id_number"))
            result.errors.append(RowError(n, column, values["id_number"] or
                                          values["document_number"], _(
                "belongs to student %(no)s already", no=mask_student_no(owner))))
            continue
        old = existing.get(values["student_no"])
        if old is not None and not checker.documents_given and not values["id_number"]:
            # a file without document columns leaves a passport pupil's document as it was
            values.update(document_type=old.document_type, document_number=old.document_number)
        if old is None:
            new.append(values)
        elif any(getattr(old, f) != values[f] for f in fields) or (
                values["_guardians"] is not None and import_write.guardian_tuples(
                    values["_guardians"]) != old_guardians.get(old.id, [])):
            changed.append((old, values))
            if old.school_id != values["school_id"]:
                moved.append((old, values))
        else:
            result.counts["unchanged"] += 1
    result.counts.update(new=len(new), updated=len(changed) - len(moved), transferred=len(moved))
    run = ImportRun(filename=filename[:200], sha256=hashlib.sha256(data).hexdigest(),
                    rows=len(rows), dry_run=dry_run, accepted=result.ok and not dry_run,
                    counts=result.counts, errors=len(result.errors), user_id=user_id)
    session.add(run)
    session.flush()
    result.run_id = run.id
    if result.errors or dry_run:
        return result
    import_write.write(session, run.id, fields, new, changed, moved, today, progress)
    result.school_ids = tuple(sorted({v["school_id"] for v in new}
                                     | {v["school_id"] for _old, v in changed}
                                     | {old.school_id for old, _v in moved}))
    return result
