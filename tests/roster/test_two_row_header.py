"""A roster file whose header has two rows, as county systems export them: a group label merged
across the columns below it (户籍 over 乡镇 and 村, 家庭成员1 over 姓名, 关系, 联系电话) and the
pupil's own headers merged down over both rows, under a title row."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from roster import services
from roster.headers import map_columns
from roster.models import Student
from roster.synth import students
from suite.tabular import TableFileError, read_table

pytestmark = pytest.mark.usefixtures("en")

OWN = ["学籍号", "姓名", "性别", "出生日期", "身份证号", "民族", "学校代码", "年级", "班级",
       "是否寄宿"]
GROUPS = [("户籍", ["乡镇", "村"]), ("监护人", ["姓名", "电话"])]
FULL = OWN + ["户籍乡镇", "户籍村", "监护人姓名", "监护人电话"]  # the import's own names


def two_row_xlsx(groups, own, data_rows, title="白水乡2026年秋季学期学生名单") -> bytes:
    """A sheet: the title merged across, then `own` headers merged down over two rows and
    each group's label merged across its sub-headers, then the data."""
    book = openpyxl.Workbook()
    sheet = book.active
    width = len(own) + sum(len(subs) for _label, subs in groups)
    sheet.cell(1, 1, title)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for c, name in enumerate(own, start=1):
        sheet.cell(2, c, name)
        sheet.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    c = len(own) + 1
    for label, subs in groups:
        sheet.cell(2, c, label)
        sheet.merge_cells(start_row=2, start_column=c, end_row=2, end_column=c + len(subs) - 1)
        for k, sub in enumerate(subs):
            sheet.cell(3, c + k, sub)
        c += len(subs)
    for r, values in enumerate(data_rows, start=4):
        for k, value in enumerate(values, start=1):
            sheet.cell(r, k, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_two_rows_are_read_as_one_header():
    pupils = students(3, ["X"], seed=5)
    data = two_row_xlsx(GROUPS, OWN, [[p[h] for h in FULL] for p in pupils])
    table = read_table(data, "名单.xlsx", header_finder=services.header_score)
    assert table.columns == FULL
    assert table.header_row == 3 and table.row_numbers == [4, 5, 6]
    assert [r["身份证号"] for r in table.rows] == [p["身份证号"] for p in pupils]
    assert table.rows[0]["监护人电话"] == pupils[0]["监护人电话"]


def test_numbered_family_members_under_their_group_labels():
    groups = [("家庭成员1", ["姓名", "关系", "联系电话"]), ("家庭成员2", ["姓名", "关系", "联系电话"])]
    row = ["张三", "男", "2015-03-01", "350881201503010012", "李四", "父亲", "13900000001",
           "王五", "母亲", "13900000002"]
    data = two_row_xlsx(groups, ["姓名", "性别", "出生日期", "身份证件号"], [row])
    table = read_table(data, "学籍.xlsx", header_finder=services.header_score)
    mapped = map_columns(table.columns)
    by_field = {field: table.rows[0][column] for column, field in mapped.items() if field}
    assert by_field["name"] == "张三" and by_field["id_number"] == "350881201503010012"
    assert by_field["guardian1_name"] == "李四" and by_field["guardian1_relation"] == "父亲"
    assert by_field["guardian2_name"] == "王五" and by_field["guardian2_relation"] == "母亲"


def test_a_one_row_header_is_not_joined_to_the_first_pupil():
    pupils = students(2, ["X"], seed=6)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年学生名单"])
    sheet.append(FULL)
    for p in pupils:
        sheet.append([p[h] for h in FULL])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "名单.xlsx", header_finder=services.header_score)
    assert table.columns == FULL and table.header_row == 2 and table.row_numbers == [3, 4]


def test_a_two_row_header_file_imports_every_pupil(db, org):
    pupils = students(6, [org.schools[0].code], seed=7)
    data = two_row_xlsx(GROUPS, OWN, [[p[h] for h in FULL] for p in pupils])
    table = read_table(data, "名单.xlsx", header_finder=services.header_score)
    result = services.import_students(db, table, filename="名单.xlsx", data=data,
                                      today=date(2026, 11, 22))
    db.commit()
    assert result.ok and result.counts["new"] == 6
    names = set(db.scalars(select(Student.name)))
    assert names == {p["姓名"] for p in pupils}
    assert db.scalar(select(func.count()).select_from(Student)) == 6


def test_an_html_table_with_rowspan_and_colspan_headers():
    pupils = students(2, ["X"], seed=8)
    head = "".join(f'<th rowspan="2">{h}</th>' for h in OWN) + "".join(
        f'<th colspan="{len(subs)}">{label}</th>' for label, subs in GROUPS)
    sub = "".join(f"<th>{s}</th>" for _label, subs in GROUPS for s in subs)
    body = "".join("<tr>" + "".join(f"<td>{p[h]}</td>" for h in FULL) + "</tr>" for p in pupils)
    html = (f'<table><tr><td colspan="{len(FULL)}">学生名单</td></tr><tr>{head}</tr>'
            f"<tr>{sub}</tr>{body}</table>").encode()
    table = read_table(html, "名单.xls", header_finder=services.header_score)
    assert table.columns == FULL and table.row_numbers == [4, 5]
    assert [r["监护人电话"] for r in table.rows] == [p["监护人电话"] for p in pupils]
    assert [r["姓名"] for r in table.rows] == [p["姓名"] for p in pupils]


def test_a_nul_in_the_upper_row_of_a_two_row_header_names_that_row():
    # a text file: no spreadsheet writer lets a NUL into a cell
    pupil = students(1, ["X"], seed=9)[0]
    upper = OWN[:-1] + ["是否\x00寄宿", "户籍", "", "监护人", ""]
    lower = [""] * len(OWN) + ["乡镇", "村", "姓名", "电话"]
    lines = [["学生名单"], upper, lower, [pupil[h] for h in FULL]]
    data = "\r\n".join("\t".join(cells) for cells in lines).encode("utf-8")
    with pytest.raises(TableFileError) as refused:
        read_table(data, "名单.txt", header_finder=services.header_score)
    assert str(refused.value) == ("Row 2: the cell contains a NUL character, which no field "
                                  "may hold.")
