"""Roster import: every rejection reason, all or nothing, dry run, re-import, transfers,
and the host's enrolment kept current."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from roster import services
from roster.idcard import mask_student_no
from roster.models import ImportRun, SchoolHistory, Student
from roster.synth import students
from suite.models import Enrolment
from suite.tabular import read_table

from .helpers import HEADER, students_csv

TODAY = date(2026, 11, 22)


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def run(db, rows=None, data=None, name="roster.csv", dry_run=False):
    data = data if data is not None else students_csv(rows)
    table = read_table(data, name)
    result = services.import_students(db, table, filename=name, data=data, today=TODAY,
                                      dry_run=dry_run)
    db.commit()
    return result


def count(db, model=Student):
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def rows(org):
    return students(20, [org.schools[0].code, org.schools[1].code], seed=3)


def test_import_creates_students_and_history(db, rows):
    result = run(db, rows)
    assert result.ok and result.counts == {"new": 20, "updated": 0, "unchanged": 0,
                                           "transferred": 0}
    assert count(db) == 20 and count(db, SchoolHistory) == 0  # no school left yet
    first = db.scalar(select(Student).where(Student.student_no == rows[0]["学籍号"]))
    assert first.id_number == rows[0]["身份证号"] and first.name == rows[0]["姓名"]


def test_reimport_is_idempotent(db, rows):
    run(db, rows)
    result = run(db, rows)
    assert result.counts == {"new": 0, "updated": 0, "unchanged": 20, "transferred": 0}
    assert count(db) == 20 and count(db, SchoolHistory) == 0


def test_dry_run_counts_and_changes_nothing(db, rows, org):
    run(db, rows[:10])
    changed = [dict(r) for r in rows]
    changed[0]["班级"] = "9班"
    changed[1]["学校代码"] = org.schools[2].code if changed[1]["学校代码"] != \
        org.schools[2].code else org.schools[0].code
    result = run(db, changed, dry_run=True)
    assert result.counts == {"new": 10, "updated": 1, "unchanged": 8, "transferred": 1}
    assert count(db) == 10
    assert db.get(ImportRun, result.run_id).dry_run is True


def test_transfer_keeps_the_history(db, rows, org):
    run(db, rows)
    moved = [dict(r) for r in rows]
    target = org.schools[2].code
    moved[0]["学校代码"] = target
    result = run(db, moved)
    assert result.counts["transferred"] == 1
    student = db.scalar(select(Student).where(Student.student_no == rows[0]["学籍号"]))
    (stay,) = db.scalars(select(SchoolHistory).where(SchoolHistory.student_id == student.id))
    old_school = next(s.id for s in org.schools if s.code == rows[0]["学校代码"])
    assert (stay.school_id, stay.end_date, stay.reason) == (old_school, TODAY, "transfer")
    assert student.school_id == org.schools[2].id and student.status_date == TODAY


def _bad(rows, row, column, value):
    bad = [dict(r) for r in rows]
    bad[row][column] = value
    return bad


@pytest.mark.parametrize("column, value, reason", [
    ("学籍号", "", "is required"),
    ("姓名", "", "is required"),
    ("学籍号", "12345", "is not a valid student number"),
    ("身份证号", "110101201001010019", "has a wrong check digit"),
    ("身份证号", "11010120100101001", "must have 18 characters"),
    ("性别", "男女", "must be 男 or 女"),
    ("学校代码", "NOPE", "is not a school of the county"),
    ("年级", "10", "must be a whole number from 1 to 9"),
    ("出生日期", "2014-02-30", "is not a date (for example 2026-09-01)"),
    ("是否寄宿", "也许", "must be 住校 or 走读 (or the 就读方式 code 2 or 1), or 是 or 否"),
])
def test_each_rejection_reason_imports_nothing(db, rows, column, value, reason):
    result = run(db, _bad(rows, 3, column, value))
    assert not result.ok and count(db) == 0
    (error,) = result.errors
    assert (error.row, error.column) == (5, column) and reason in error.reason  # header is 1


def test_an_id_number_excel_wrote_as_a_number_in_a_csv_says_so(db, rows):
    """A CSV saved by Excel from a column of numbers holds 3.50881E+17: the message says what
    happened and what to do, not only that 18 characters are wanted."""
    result = run(db, _bad(rows, 3, "身份证号", "3.50881E+17"))
    assert not result.ok and count(db) == 0
    (error,) = result.errors
    assert (error.row, error.column, error.value, error.reason) == (
        5, "身份证号", "3.50881E+17", "is stored as a number, so Excel has already changed "
        "its last digits: format the column as text and type the numbers again")


def test_sex_and_birth_date_must_agree_with_the_id(db, rows):
    bad = _bad(rows, 0, "性别", "女" if rows[0]["性别"] == "男" else "男")
    bad[1]["出生日期"] = "2001-01-01"
    errors = {(e.row, e.column) for e in run(db, bad).errors}
    assert errors == {(2, "性别"), (3, "出生日期")}


def test_duplicates_inside_the_file_and_against_the_database(db, rows, org):
    bad = rows + [dict(rows[0])]
    result = run(db, bad)
    assert {(e.row, e.column) for e in result.errors} == {(22, "学籍号"), (22, "身份证号")}
    run(db, rows[:1])
    other = dict(rows[1], 身份证号=rows[0]["身份证号"], 出生日期=rows[0]["出生日期"],
                 性别=rows[0]["性别"])
    (error,) = run(db, [other]).errors
    assert error.column == "身份证号" and mask_student_no(rows[0]["学籍号"]) in error.reason


def test_numeric_id_cells_from_excel_are_refused(db, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows[:2]:
        sheet.append(list(r.values()))
    sheet.cell(3, HEADER.index("身份证号") + 1).value = int(rows[1]["身份证号"][:17]) * 10
    out = io.BytesIO()
    book.save(out)
    result = run(db, data=out.getvalue(), name="roster.xlsx")
    (error,) = result.errors
    assert error.row == 3 and "format the column as text" in error.reason
    assert count(db) == 0


def test_one_bad_row_in_many_leaves_the_database_unchanged(db, org):
    many = students(10000, [org.schools[0].code], seed=9)
    many[7500]["年级"] = "0"
    result = run(db, many)
    assert [e.row for e in result.errors] == [7502] and count(db) == 0


def test_import_keeps_the_host_enrolment_current(db, rows, org):
    run(db, rows)
    services.sync_enrolment(db, services.roster_schools(db), TODAY)
    db.commit()
    total = db.scalar(select(func.sum(Enrolment.student_count)).where(
        Enrolment.school_id.in_([org.schools[0].id, org.schools[1].id]),
        Enrolment.term_id == org.term.id))
    assert total == 20
    sources = set(db.scalars(select(Enrolment.source).where(
        Enrolment.school_id == org.schools[0].id)))
    assert sources == {"roster"}


def test_a_file_without_a_column_keeps_what_the_roster_knows(db, rows):
    """Only the required columns (as a registration export lacks 户籍乡镇 and 是否寄宿): the
    township, village, boarding and ID already on the roster stay; the name changes."""
    rows[0].update({"户籍乡镇": "城关镇", "户籍村": "红星村", "是否寄宿": "是"})
    assert run(db, rows[:1]).ok
    before = db.scalar(select(Student).where(Student.student_no == rows[0]["学籍号"]))
    kept = (before.household_township, before.household_village, before.boarding,
            before.id_number)
    assert kept == ("城关镇", "红星村", True, rows[0]["身份证号"])
    required = ["学籍号", "姓名", "性别", "学校代码", "年级"]
    data = ("\n".join([",".join(required), ",".join(
        [rows[0][h] if h != "姓名" else "张新名" for h in required])]) + "\n").encode()
    assert run(db, data=data).counts["updated"] == 1
    db.expire_all()
    after = db.scalar(select(Student).where(Student.student_no == rows[0]["学籍号"]))
    assert (after.household_township, after.household_village, after.boarding,
            after.id_number, after.name) == (*kept, "张新名")


def _total(db, school, term):
    return db.scalar(select(func.sum(Enrolment.student_count)).where(
        Enrolment.school_id == school.id, Enrolment.term_id == term.id))


def test_an_import_recounts_the_schools_it_wrote_to_and_those_not_yet_counted(db, org):
    """Only the schools a file wrote to are recounted (and a roster school with no figures
    for the term in force): another school's figures are left as they are."""
    mine, other = org.schools[0], org.schools[1]
    pupils = students(10, [mine.code], seed=31)
    assert run(db, pupils[:6] + students(4, [other.code], seed=32)).ok
    assert (_total(db, mine, org.term), _total(db, other, org.term)) == (6, 4)
    row = db.scalar(select(Enrolment).where(Enrolment.school_id == other.id,
                                            Enrolment.term_id == org.term.id))
    row.student_count += 90  # not the roster's count: the next import has no reason to touch it
    db.commit()
    assert run(db, pupils).counts["new"] == 4
    assert (_total(db, mine, org.term), _total(db, other, org.term)) == (10, 94)
    # a school left without figures for the term is counted by the next import
    db.execute(Enrolment.__table__.delete().where(Enrolment.school_id == other.id))
    db.commit()
    assert run(db, pupils).counts["unchanged"] == 10
    assert (_total(db, mine, org.term), _total(db, other, org.term)) == (10, 4)
