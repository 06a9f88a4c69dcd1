"""An aid list (家庭经济困难学生认定, county recipient lists) imported as recognitions: per row
the pupil (by resident ID or other document number; an unknown pupil is a row error), one
StudentAid per category flag that says yes (a blank flag: not on that list, never "no"), with
the difficulty level, 认定时间 as the start date and 认定原因; 户编号 and 户主姓名 onto the
pupil. A level 不困难 records nothing. All rows or none, in bulk statements."""
from __future__ import annotations

import hashlib
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from suite.cells import CellError, RowError, cell_text

from .code_tables import AID_CATEGORIES
from .codes import parse_value
from .idcard import clean_number
from .import_columns import ImportResult, field_columns
from . import import_write
from .models import AidCategory, DifficultyLevel, ImportRun, Student, StudentAid


def import_aid(session, table, *, filename: str, data: bytes, today: date,
               dry_run: bool = False, user_id: int | None = None, mapping: dict | None = None):
    """Recognitions of an aid list; counts: recognitions written ("new", "updated"), rows
    without a category or assessed 不困难 ("unchanged"), pupils ("pupils")."""
    result = ImportResult(layout="aid_list")
    result.counts["pupils"] = 0
    columns = field_columns(table.columns, mapping)
    number_columns = [columns[k] for k in ("id_number", "document_number") if k in columns]
    if not number_columns:
        result.errors.append(RowError(table.header_row, "身份证件号", None,
                                      _("required column missing")))
    flags = {code: columns[code] for code in AID_CATEGORIES if code in columns}
    categories = dict(session.execute(select(AidCategory.code, AidCategory.id)).all())
    levels = dict(session.execute(select(DifficultyLevel.code, DifficultyLevel.id)).all())
    numbers = {_number(raw, number_columns)[1] for _n, raw in table.numbered()} \
        if number_columns else set()
    numbers.discard("")
    students = {}
    for sid, id_number, document in import_write.pupils_by_keys(
            session, select(Student.id, Student.id_number, Student.document_number),
            [(Student.id_number, numbers), (Student.document_number, numbers)]):
        for number in (id_number, document):
            if number:
                students[number] = sid
    rows = []
    for n, raw in table.numbered() if number_columns else ():
        row = _row(n, raw, columns, number_columns, flags, categories, levels, students,
                   today, result.errors)
        if row:
            rows.append(row)
    existing = _open_recognitions(session, {r["student_id"] for r in rows})
    new, changed = {}, {}  # by (pupil, category, date): a row repeated in the file counts once
    for row in rows:
        for category_id in row["categories"]:
            key = (row["student_id"], category_id, row["start_date"])
            values = {"student_id": row["student_id"], "category_id": category_id,
                      "level_id": row["level_id"], "start_date": row["start_date"],
                      "recognised_reason": row["reason"]}
            if key in existing:
                changed[key] = dict(values, id=existing[key])
            else:
                new[key] = values
        if not row["categories"]:
            result.counts["unchanged"] += 1
    result.counts.update(new=len(new), updated=len(changed),
                         pupils=len({r["student_id"] for r in rows if r["categories"]}))
    run = ImportRun(filename=filename[:200], sha256=hashlib.sha256(data).hexdigest(),
                    rows=len(table.rows), dry_run=dry_run, accepted=result.ok and not dry_run,
                    counts=result.counts, errors=len(result.errors), user_id=user_id,
                    note="aid_list")
    session.add(run)
    session.flush()
    result.run_id = run.id
    if result.errors or dry_run:
        return result
    if new:
        session.execute(insert(StudentAid.__table__), [
            dict(v, evidence=_("aid list %(file)s", file=filename)[:200]) for v in new.values()])
    if changed:
        session.execute(update(StudentAid), list(changed.values()))
    for field in ("household_no", "household_head"):  # a blank cell leaves what is known
        given = {r["student_id"]: r[field] for r in rows if r[field]}
        if given:
            session.execute(update(Student), [{"id": sid, field: value, "import_run_id": run.id}
                                              for sid, value in given.items()])
    session.flush()
    return result


def _open_recognitions(session, pupils) -> dict:
    """(pupil, category, start date) -> id of the recognitions not withdrawn of `pupils`,
    CHUNK pupils a query (the aid table of a province holds every county's)."""
    ids, out = sorted(pupils), {}
    query = select(StudentAid.id, StudentAid.student_id, StudentAid.category_id,
                   StudentAid.start_date).where(StudentAid.withdrawn_at.is_(None))
    step = import_write.CHUNK
    for start in range(0, len(ids), step):
        for r in session.execute(query.where(StudentAid.student_id.in_(ids[start:start + step]))):
            out[(r.student_id, r.category_id, r.start_date)] = r.id
    return out


def _number(raw, number_columns) -> tuple[str, str]:
    """(the column the row's pupil is named in: the first number column with a value, the
    number as the roster holds it)."""
    column = next((c for c in number_columns if cell_text(raw.get(c))), number_columns[0])
    return column, clean_number(cell_text(raw.get(column)))


def _row(n, raw, columns, number_columns, flags, categories, levels, students, today, errors):
    before = len(errors)

    def parse(key, default=None):
        column = columns.get(key)
        if column is None:
            return default
        try:
            return parse_value(key, raw.get(column), "aid_list", column)
        except CellError as exc:
            errors.append(RowError(n, column, raw.get(column), exc.message()))
            return default

    number_column, number = _number(raw, number_columns)
    student_id = students.get(number)
    if not number:
        errors.append(RowError(n, number_column, "", _("is required")))
    elif student_id is None:
        errors.append(RowError(n, number_column, number, _("is not a student of the roster")))
    level = parse("difficulty_level", "")
    if level and level != "none" and level not in levels:
        errors.append(RowError(n, columns["difficulty_level"], raw.get(
            columns["difficulty_level"]), _("is not a difficulty level of the county")))
    start = parse("recognised_on") if "recognised_on" in columns else today
    if start is None:
        errors.append(RowError(n, columns["recognised_on"], "", _("is required")))
    chosen = [code for code, column in flags.items() if parse(code) is True]
    for code in chosen:
        if code not in categories:
            errors.append(RowError(n, flags[code], raw.get(flags[code]),
                                   _("is not an aid category of the county")))
    if len(errors) > before:
        return None
    text = {k: cell_text(raw.get(columns[k])) if k in columns else ""
            for k in ("recognised_reason", "household_no", "household_head")}
    return {"student_id": student_id, "level_id": levels.get(level),
            "start_date": start, "reason": text["recognised_reason"][:200],
            "categories": [] if level == "none" else [categories[c] for c in chosen],
            "household_no": text["household_no"][:30],
            "household_head": text["household_head"][:40]}
