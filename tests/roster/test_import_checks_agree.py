"""The import's quick column pass and the row-by-row check agree: a file mixing good rows and
bad rows of every kind gives exactly the errors (row, column, value, reason, in order) and
the values the row-by-row check gives."""
from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from roster.imports import check_rows, term_start
from roster.import_columns import field_columns
from roster.import_rows import RowChecker
from roster.synth import make_id, students
from suite.models import School
from suite.tabular import read_table

from .helpers import HEADER

TODAY = date(2026, 11, 22)
ID_A, ID_B = make_id("350881", date(2015, 3, 4), "M", 0), make_id("350881", date(2016, 5, 6),
                                                                   "F", 0)

pytestmark = pytest.mark.usefixtures("en")
# the errors of mixed_file as the row-by-row check reported them before the quick pass
EXPECTED = [
    (5, "学籍号", "G350881201112110020",
     "is not a valid student number (G, J or L form, or an ID number)"),
    (5, "身份证号", "350881201112110020", "has a wrong check digit: check every digit"),
    (6, "学籍号", "G350881201409130023", "is also on row 2"),
    (7, "性别", "男", "does not agree with the ID number"),
    (7, "出生日期", date(2018, 8, 25), "does not agree with the ID number"),
    (7, "身份证号", "350881201404280022", "is also on row 3"),
    (8, "学校代码", "ZZ99", "is not a school of the county"),
    (9, "性别", "X", "must be 男 or 女 (or the code 1 or 2)"),
    (10, "姓名", "张" * 41, "is longer than 40 characters"),
    (18, "身份证号", 3.5088120180512e+16,
     "is stored as a number, so Excel has already changed its last digits: format the "
     "column as text and type the numbers again"),
    (19, "出生日期", date(2010, 1, 1), "does not agree with the ID number"),
    (20, "性别", "女", "does not agree with the ID number"),
    (21, "姓名", "", "is required"),
    (21, "年级", "十",
     "must be a grade from 1 to 9 (such as 1, 一年级, 初一 or 七年级) or an intake such as 小学2019级"),
    (22, "民族", "火星族",
     "is not one of the 56 nationalities: write the national code (such as 01) or the name"
     " (such as 汉族)"),
    (22, "是否寄宿", "也许", "must be 住校 or 走读 (or the 就读方式 code 2 or 1), or 是 or 否"),
    (23, "学籍号", "", "is required"),
    (24, "学籍号", "", "is required"),
    (24, "学籍号", "", "is also on row 23"),
    (25, "出生日期", "2030-01-01", "is not a real date (YYYY-MM-DD)"),
    (26, "学籍号", "G123", "is not a valid student number (G, J or L form, or an ID number)"),
    (26, "身份证号", "35088120150230001X", "holds no real birth date"),
    (27, "年级", "小学2015级", "would be grade 12 in this term, outside 小学"),
    (27, "班级", "一" * 21, "is longer than 20 characters"),
    (28, "监护人电话", "1" * 21, "is longer than 20 characters"),
    (29, "出生日期", date(2014, 1, 8), "does not agree with the ID number"),
    (29, "学校代码", "X0004X", "is not a school of the county"),
    (53, "性别", "男", "does not agree with the ID number"),
]



def mixed_file(codes) -> bytes:
    """30 good rows with, between them, bad rows of every kind (and good rows only the
    row-by-row check can prove: lower case, full-width, L-form and number cells)."""
    rows = [list(r.values()) for r in students(60, codes, seed=5)]
    at = {h: i for i, h in enumerate(HEADER)}

    def spare(k, **changes):  # one of the 30 students not in the file otherwise, changed
        row = list(rows[30 + k])
        for name, value in changes.items():
            row[at[name]] = value
        return row

    def id_of(k):
        return rows[30 + k][at["身份证号"]]

    wrong_check = id_of(0)[:17] + ("1" if id_of(0)[17] == "0" else "0")
    other = make_id("350881", date(2015, 5, 6), "F", 1)
    odd = [
        spare(0, 身份证号=wrong_check, 学籍号="G" + wrong_check),
        spare(1, 学籍号=rows[0][at["学籍号"]]),                    # duplicate student number
        spare(2, 身份证号=rows[1][at["身份证号"]]),                  # duplicate ID number
        spare(3, 学校代码="ZZ99"),
        spare(4, 性别="X"),
        spare(5, 姓名="张" * 41),
        spare(6, 身份证号=int(id_of(6)[:17])),                       # ID stored as a number
        spare(7, 出生日期="2010-01-01"),                             # disagrees with the ID
        spare(8, 性别="女" if rows[38][at["性别"]] == "男" else "男"),  # disagrees with the ID
        spare(9, 姓名=None, 年级="十"),
        spare(10, 民族="火星族", 是否寄宿="也许"),
        spare(11, 学籍号=None),
        spare(12, 学籍号=None),
        spare(13, 出生日期="2030-01-01"),
        spare(14, 学籍号="G123", 身份证号="35088120150230001X"),
        spare(15, 年级="小学2015级", 班级="一" * 21),
        spare(16, 监护人电话="1" * 21),
        spare(17, 学籍号="G" + other, 身份证号=other, 学校代码=codes[0] + "X"),
    ]
    good_odd = [
        spare(18, 学籍号=rows[48][at["学籍号"]].lower()),
        spare(19, 身份证号="\u3000" + id_of(19).replace("3", "３")),
        spare(20, 学籍号="L350881201501011234", 年级=3, 学校代码=codes[0].lower()),
        spare(21, 出生日期=None, 性别=1),
    ]
    body = rows[:3] + odd[:6] + rows[3:10] + odd[6:] + rows[10:30] + good_odd
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in body:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_by_row(db, table):
    columns = field_columns(table.columns)
    schools = {code.upper(): sid for sid, code in db.query(School.id, School.code)}
    checker = RowChecker(columns, schools, TODAY, term_start(db, TODAY))
    return [(n, checker.row(n, raw)) for n, raw in table.numbered()], checker.errors


def test_quick_pass_agrees_with_row_by_row(db, org):
    table = read_table(mixed_file([s.code for s in org.schools[:2]]), "mixed.xlsx")
    rows, errors, _checker = check_rows(db, table, TODAY)
    slow_rows, slow_errors = row_by_row(db, table)
    assert rows == slow_rows
    assert errors == slow_errors
    assert [(e.row, e.column, e.value, e.reason) for e in errors] == EXPECTED
    assert sum(v is not None for _n, v in rows) == 33 and len(rows) == 52


def test_the_quick_pass_reads_the_tables_own_columns(db, org):
    """A table read without blank rows carries its cells column by column, exactly its rows'
    cells; with a blank row it does not, and the pass gathers them from the rows instead."""
    table = read_table(mixed_file([s.code for s in org.schools[:2]]), "mixed.xlsx")
    assert table.by_column is not None and list(table.by_column) == table.columns
    assert all(cells == [row[c] for row in table.rows] for c, cells in table.by_column.items())
    code = org.schools[0].code
    lines = [",".join(HEADER[:9]), f"G{ID_A},张三,男,,{ID_A},汉族,{code},3,1班", "",
             f"G{ID_B},李四,女,,{ID_B},汉族,{code},3,1班"]
    gapped = read_table("\n".join(lines).encode(), "gapped.csv")
    assert gapped.by_column is None and gapped.row_numbers == [2, 4]
    rows, errors, _checker = check_rows(db, gapped, TODAY)
    assert (rows, errors) == row_by_row(db, gapped)
    assert [(n, v["student_no"], v["sex"]) for n, v in rows] == [(2, f"G{ID_A}", "M"),
                                                                (4, f"G{ID_B}", "F")]
