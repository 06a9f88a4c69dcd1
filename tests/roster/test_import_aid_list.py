"""An aid list (家庭经济困难学生认定) imported as recognitions: several categories per pupil,
blank flags are not "no", 不困难 records nothing, pupils found by resident ID or passport,
an unknown pupil refuses the whole file. Each test runs with the roster read whole and with
the file's pupils looked up by their numbers, in chunks of 3 (a province's roster)."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from roster import import_write, services
from roster.headers import score
from roster.models import AidCategory, DifficultyLevel, Student, StudentAid
from roster.synth_registration import registration_rows
from suite.tabular import read_table

from .helpers_registration import as_xlsx

TODAY = date(2026, 11, 22)
HEADER = ["序号", "姓名", "身份证件号", "认定困难级别", "认定时间", "认定原因", "户编号", "户主姓名",
          "脱贫家庭", "低保", "孤儿", "残疾学生", "留守儿童"]

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture(autouse=True, params=["read whole", "looked up"])
def roster_read(request, monkeypatch):
    if request.param == "looked up":
        monkeypatch.setattr(import_write, "WHOLE_ROSTER_FACTOR", 0)
        monkeypatch.setattr(import_write, "CHUNK", 3)


def aid_file(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["2026年秋季学期家庭经济困难学生认定名单"])
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("gbk")


def run(db, data):
    table = read_table(data, "认定名单.csv", header_finder=score)
    result = services.import_students(db, table, filename="认定名单.csv", data=data,
                                      today=TODAY)
    db.commit()
    return result


@pytest.fixture
def pupils(db, org):
    rows = registration_rows(10, [org.schools[0].code], date(2026, 9, 1))
    data = as_xlsx(rows)
    assert services.import_students(db, read_table(data, "r.xlsx", header_finder=score),
                                    filename="r.xlsx", data=data, today=TODAY).ok
    db.commit()
    return [r[14].lstrip("'") for r in rows]  # resident IDs; the last two are passports


def aids(db):
    return sorted(db.execute(select(Student.document_number, Student.id_number,
                                    AidCategory.code, DifficultyLevel.code,
                                    StudentAid.start_date, StudentAid.recognised_reason)
                             .join(Student, Student.id == StudentAid.student_id)
                             .join(AidCategory).outerjoin(DifficultyLevel)).all(),
                  key=lambda r: (r[0] or "", r[1] or "", r[2]))


def test_several_categories_per_pupil_and_blank_flags(db, pupils):
    result = run(db, aid_file([
        ["1", "甲", pupils[0], "特别困难", "20260910", "因病", "H001", "张父", "是", "是", "", "", ""],
        ["2", "乙", pupils[1], "一般困难", "2026-09-12", "", "", "", "", "", "√", "", "1"],
        ["3", "丙", pupils[2], "不困难", "20260910", "", "", "", "", "是", "", "", ""],
        ["4", "丁", pupils[3], "困难", "20260910", "", "", "", "", "", "", "", ""],
        ["5", "戊", pupils[9], "困难", "20260911", "残疾", "", "", "", "", "", "是", ""],
    ]))
    assert result.ok, result.errors
    assert result.layout == "aid_list"
    assert (result.counts["new"], result.counts["pupils"]) == (5, 3)
    assert aids(db) == sorted([
        (None, pupils[0], "dibao", "special", date(2026, 9, 10), "因病"),
        (None, pupils[0], "poverty_alleviated", "special", date(2026, 9, 10), "因病"),
        (None, pupils[1], "left_behind", "general", date(2026, 9, 12), ""),
        (None, pupils[1], "orphan", "general", date(2026, 9, 12), ""),
        ("E10000009", None, "disabled_student", "relative", date(2026, 9, 11), "残疾")],
                              key=lambda r: (r[0] or "", r[1] or "", r[2]))
    first = db.scalar(select(Student).where(Student.id_number == pupils[0]))
    assert (first.household_no, first.household_head) == ("H001", "张父")
    again = run(db, aid_file([["1", "甲", pupils[0], "困难", "20260910", "因病", "", "", "是",
                               "是", "", "", ""]]))
    assert (again.counts["new"], again.counts["updated"]) == (0, 2)
    assert db.scalar(select(func.count()).select_from(StudentAid)) == 5
    db.expire_all()  # the blank 户编号 and 户主姓名 of the second list leave them as they were
    assert (first.household_no, first.household_head) == ("H001", "张父")


def test_a_row_the_list_repeats_is_recorded_once(db, pupils):
    """The same pupil, category and date on two rows of one list: one recognition, the later
    row's level; a list giving only 户主姓名 leaves 户编号 as it was."""
    row = ["1", "甲", pupils[0], "一般困难", "20260910", "", "H009", "", "", "是", "", "", ""]
    result = run(db, aid_file([row, row[:3] + ["特别困难"] + row[4:]]))
    assert (result.counts["new"], result.counts["pupils"]) == (1, 1)
    assert aids(db) == [(None, pupils[0], "dibao", "special", date(2026, 9, 10), "")]
    run(db, aid_file([row[:6] + ["", "王父"] + row[8:]]))
    db.expire_all()
    first = db.scalar(select(Student).where(Student.id_number == pupils[0]))
    assert (first.household_no, first.household_head) == ("H009", "王父")


def test_an_unknown_pupil_or_a_bad_flag_refuses_the_whole_list(db, pupils):
    result = run(db, aid_file([
        ["1", "甲", pupils[0], "特别困难", "20260910", "", "", "", "是", "", "", "", ""],
        ["2", "乙", "350881201001010011", "困难", "20260910", "", "", "", "是", "", "", "", ""],
        ["3", "丙", pupils[2], "很困难", "20260910", "", "", "", "", "也许", "", "", ""],
    ]))
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "身份证件号", "is not a student of the roster"),
        (5, "认定困难级别", "must be 特别困难, 困难 (比较困难), 一般困难 or 不困难"),
        (5, "低保", "must be 是 or 否, or left blank")]
    assert db.scalar(select(func.count()).select_from(StudentAid)) == 0
