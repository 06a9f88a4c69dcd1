"""A county's roster template as schools fill it in: a title, the header, a row of filling-in
guidance and an example row under it, and the school and class merged down beside their
pupils. The guidance and the example are passed over and said so; each pupil gets the merged
school and class."""
from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from roster.import_columns import HEADERS
from roster.models import HouseholdChild
from roster.models import Student
from roster.synth import students
from suite import accounts

from .helpers import child, ledger_csv

COLUMNS = list(HEADERS.values())
GUIDANCE = {"学籍号": "必填", "姓名": "必填", "性别": "男/女", "出生日期": "格式：2015-09-01",
            "身份证号": "18位数字，按文本填写", "学校代码": "必填", "是否寄宿": "是/否"}
NOTE = "表头下第 3、4 行是填写说明或示例，未导入。"


def template(pupils, school_code) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年秋季学期学生名单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.append(COLUMNS)
    sheet.append([GUIDANCE.get(c) for c in COLUMNS])
    example = students(1, [school_code], seed=99)[0]
    sheet.append(["示例" if c == "学籍号" else example[c] for c in COLUMNS])
    for k, pupil in enumerate(pupils):
        sheet.append([pupil[c] if k == 0 or c not in ("学校代码", "班级") else None
                      for c in COLUMNS])
    first, last = 5, 4 + len(pupils)
    for c in ("学校代码", "班级"):
        column = COLUMNS.index(c) + 1
        sheet.merge_cells(start_row=first, start_column=column, end_row=last,
                          end_column=column)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def pupils(org):
    return students(4, [org.schools[1].code], seed=31)


def count(db):
    return db.scalar(select(func.count()).select_from(Student))


def test_the_page_passes_over_guidance_and_gives_each_pupil_the_merged_school(
        client, db, org, login, pupils):
    login("bureau")
    data = template(pupils, org.schools[1].code)
    dry = client.post("/roster/import", data={"file": (io.BytesIO(data), "名单.xlsx"),
                                              "dry_run": "y"})
    page = dry.get_data(as_text=True)
    assert dry.status_code == 200 and NOTE in page and count(db) == 0
    done = client.post("/roster/import", data={"file": (io.BytesIO(data), "名单.xlsx")})
    assert done.status_code == 302 and NOTE in client.get(done.location).get_data(as_text=True)
    saved = db.execute(select(Student.name, Student.school_id, Student.class_name)
                       .order_by(Student.student_no)).all()
    assert sorted(name for name, _s, _c in saved) == sorted(p["姓名"] for p in pupils)
    assert {(s, c) for _n, s, c in saved} == {(org.schools[1].id, pupils[0]["班级"])}


def test_the_api_names_the_rows_it_passed_over(client, db, factory, org, pupils):
    raw = accounts.create_token(db, factory.user("bureau"))
    db.commit()
    data = template(pupils, org.schools[1].code)
    response = client.post("/api/v1/roster/imports", headers={"Authorization": f"Bearer {raw}"},
                           data={"file": (io.BytesIO(data), "名单.xlsx"), "dry_run": "1"})
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["guidance_rows"] == [3, 4] and body["counts"]["new"] == 4 and count(db) == 0


def test_an_unmarked_example_row_is_still_a_pupil(client, db, org, login, pupils):
    """Only a row marked 示例 is an example: a valid pupil under the guidance is imported."""
    login("bureau")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append([GUIDANCE.get(c) for c in COLUMNS])
    for pupil in pupils:
        sheet.append([pupil[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    done = client.post("/roster/import", data={"file": (io.BytesIO(out.getvalue()),
                                                        "名单.xlsx")})
    assert done.status_code == 302 and count(db) == 4
    assert "表头下第 2 行是填写说明或示例，未导入。" in client.get(done.location).get_data(as_text=True)


def test_a_household_ledger_with_a_guidance_row_says_it_passed_it_over(client, db, org, login):
    login("township_officer", township=org.townships[0])
    lines = ledger_csv([child(1), child(2)]).decode("utf-8-sig").split("\r\n")
    guidance = ",".join(["必填"] * len(lines[0].split(",")))
    data = "\r\n".join([lines[0], guidance, *lines[1:]]).encode("utf-8")
    done = client.post("/roster/household/import",
                       data={"file": (io.BytesIO(data), "台账.csv")})
    assert done.status_code == 302
    assert "表头下第 2 行是填写说明或示例，未导入。" in client.get(done.location).get_data(
        as_text=True)
    assert db.scalar(select(func.count()).select_from(HouseholdChild)) == 2
