"""Roster import from .xlsx or .csv: every row checked, all or nothing, dry run, bulk write.

A file of 100,000 students is checked in one pass over plain Python values and written with
bulk statements; one audit entry records the run (who, file, counts), and every student row
it wrote carries the run's id."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from suite.cells import CellError, RowError, cell_date, cell_text
from suite.models import School
from suite.tabular import Table

from .idcard import (birth_date, check_char, clean_number, id_problem, mask_student_no, sex_of,
                     student_number_problem)
from .labels import ID_NUMBER_PROBLEMS
from .models import ImportRun, SchoolHistory, Student

HEADERS = {
    "student_no": "学籍号", "name": "姓名", "sex": "性别", "birth_date": "出生日期",
    "id_number": "身份证号", "ethnicity": "民族", "school_code": "学校代码", "grade": "年级",
    "class_name": "班级", "boarding": "是否寄宿", "household_township": "户籍乡镇",
    "household_village": "户籍村", "guardian_name": "监护人姓名", "guardian_phone": "监护人电话",
}
BY_HEADER = {v: k for k, v in HEADERS.items()} | {k: k for k in HEADERS}
REQUIRED = ("student_no", "name", "sex", "school_code", "grade")
SEX = {"男": "M", "女": "F", "M": "M", "F": "F", "m": "M", "f": "F"}
SEX_LABELS = {"M": "男", "F": "女"}
YES = {"是": True, "否": False, "Y": True, "N": False, "1": True, "0": False, "": False}
FIELDS = ("name", "sex", "birth_date", "id_number", "ethnicity", "school_id", "grade",
          "class_name", "boarding", "household_township", "household_village",
          "guardian_name", "guardian_phone")
LIMITS = {"name": 40, "ethnicity": 20, "class_name": 20, "household_township": 40,
          "household_village": 40, "guardian_name": 40, "guardian_phone": 20}


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


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0,
                                                  "transferred": 0})
    run_id: int | None = None
    school_ids: tuple[int, ...] = ()  # schools whose students were written (both of a move)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Checker:
    """Checks one row at a time and collects every problem with its row and column."""

    def __init__(self, schools: dict[str, int], today: date):
        self.schools, self.today = schools, today
        self.errors: list[RowError] = []
        self.seen_no: dict[str, int] = {}
        self.seen_id: dict[str, int] = {}

    def fail(self, n, column, value, reason):
        self.errors.append(RowError(n, HEADERS.get(column, column), value, reason))

    def row(self, n: int, raw: dict) -> dict | None:
        before = len(self.errors)
        t = {k: cell_text(raw[h] if h in raw else raw.get(k)) for k, h in HEADERS.items()}
        for key in REQUIRED:
            if not t[key]:
                self.fail(n, key, "", _("is required"))
        no = clean_number(t["student_no"])
        if no and student_number_problem(no):
            self.fail(n, "student_no", no, _("is not a valid student number (G, J or L form, "
                                             "or an ID number)"))
        elif no in self.seen_no:
            self.fail(n, "student_no", no, _("is also on row %(row)d", row=self.seen_no[no]))
        self.seen_no.setdefault(no, n)
        sex = SEX.get(t["sex"])
        if t["sex"] and sex is None:
            self.fail(n, "sex", t["sex"], _("must be 男 or 女"))
        raw_born = raw.get(HEADERS["birth_date"], raw.get("birth_date"))
        try:
            born = cell_date(raw_born)
            refused = born is not None and born > self.today
        except CellError:
            born, refused = None, True
        if refused:
            self.fail(n, "birth_date", raw_born, _("is not a real date (YYYY-MM-DD)"))
            born = None
        id_number = self._id_number(n, raw.get(HEADERS["id_number"], raw.get("id_number")),
                                    sex, born)
        school = self.schools.get(t["school_code"].upper())
        if t["school_code"] and school is None:
            self.fail(n, "school_code", t["school_code"], _("is not a school of the county"))
        grade = t["grade"]
        if grade and not (grade.isdigit() and 1 <= int(grade) <= 9):
            self.fail(n, "grade", grade, _("must be a whole number from 1 to 9"))
        boarding = YES.get(t["boarding"].upper())
        if boarding is None:
            self.fail(n, "boarding", t["boarding"], _("must be 是 or 否"))
        for key, limit in LIMITS.items():
            if len(t[key]) > limit:
                self.fail(n, key, t[key], _("is longer than %(n)d characters", n=limit))
        if len(self.errors) > before:
            return None
        values = {k: t[k] for k in LIMITS}
        values.update(student_no=no, sex=sex, birth_date=born or (birth_date(id_number)
                                                                   if id_number else None),
                      id_number=id_number, school_id=school, grade=int(grade),
                      boarding=boarding)
        return values

    def _id_number(self, n, raw, sex, born) -> str | None:
        if raw in (None, ""):
            return None
        if isinstance(raw, (int, float)):
            self.fail(n, "id_number", raw, _("is stored as a number, so Excel has already "
                                             "changed its last digits: format the column as "
                                             "text and type the numbers again"))
            return None
        id_number = clean_number(cell_text(raw))
        problem = id_problem(id_number, self.today)
        if problem:
            self.fail(n, "id_number", id_number, str(ID_NUMBER_PROBLEMS[problem]))
            return None
        if sex and sex_of(id_number) != sex:
            self.fail(n, "sex", SEX_LABELS[sex], _("does not agree with the ID number"))
        if born and birth_date(id_number) != born:
            self.fail(n, "birth_date", born, _("does not agree with the ID number"))
        if id_number in self.seen_id:
            self.fail(n, "id_number", id_number, _("is also on row %(row)d",
                                                   row=self.seen_id[id_number]))
        self.seen_id.setdefault(id_number, n)
        return id_number


def check_rows(session: Session, table: Table, today: date) -> tuple[list, list[RowError]]:
    missing = [HEADERS[k] for k in REQUIRED if HEADERS[k] not in table.columns
               and k not in table.columns]
    if missing:
        return [], [RowError(1, "、".join(missing), None, _("required column missing"))]
    schools = {code.upper(): sid for sid, code in session.execute(
        select(School.id, School.code)).all()}
    checker = _Checker(schools, today)
    rows = [(n, checker.row(n, raw)) for n, raw in enumerate(table.rows, start=table.first_row)]
    return rows, checker.errors


def import_students(session: Session, table: Table, *, filename: str, data: bytes,
                    today: date, dry_run: bool = False, user_id: int | None = None,
                    progress=None) -> ImportResult:
    """Create, update and transfer students from a file. One bad row: nothing changes."""
    result = ImportResult()
    rows, result.errors = check_rows(session, table, today)
    existing = {r.student_no: r for r in session.execute(
        select(Student.id, Student.student_no, Student.status_date,
               *[getattr(Student, f) for f in FIELDS])).all()}
    id_owner = {r.id_number: r.student_no for r in existing.values() if r.id_number}
    new, changed, moved = [], [], []
    for n, values in rows:
        if values is None:
            continue
        owner = id_owner.get(values["id_number"]) if values["id_number"] else None
        if owner is not None and owner != values["student_no"]:
            result.errors.append(RowError(n, HEADERS["id_number"], values["id_number"], _(
                "belongs to student %(no)s already", no=mask_student_no(owner))))
            continue
        old = existing.get(values["student_no"])
        if old is None:
            new.append(values)
        elif any(getattr(old, f) != values[f] for f in FIELDS):
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
    _write(session, run.id, new, changed, moved, today, progress)
    result.school_ids = tuple(sorted({v["school_id"] for v in new}
                                     | {v["school_id"] for _old, v in changed}
                                     | {old.school_id for old, _v in moved}))
    return result


def _write(session, run_id, new, changed, moved, today, progress) -> None:
    """Bulk statements. A student's current school runs from `status_date`; a transfer closes
    that stay into the history and starts the new one today."""
    for start in range(0, len(new), 5000):
        chunk = [dict(v, status="enrolled", status_date=today, import_run_id=run_id)
                 for v in new[start:start + 5000]]
        session.execute(insert(Student.__table__), chunk)
        if progress:
            progress(start + len(chunk), len(new) + len(changed))
    moved_ids = {old.id for old, _v in moved}
    if changed:
        session.execute(update(Student), [
            dict({f: v[f] for f in FIELDS}, id=old.id, import_run_id=run_id, status="enrolled",
                 status_date=today if old.id in moved_ids else old.status_date)
            for old, v in changed])
    if moved:
        session.execute(insert(SchoolHistory.__table__), [
            {"student_id": old.id, "school_id": old.school_id,
             "start_date": old.status_date or today, "end_date": today, "reason": "transfer"}
            for old, _v in moved])
    session.flush()
