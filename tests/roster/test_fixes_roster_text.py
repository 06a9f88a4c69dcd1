"""Issue 9, items 21, 22, 23 and 26 (roster): the import's error file is safe against formulas;
roster pages speak Chinese only (no status words, sex codes or category codes in English);
the import template's example is valid; ID numbers are trimmed; the list header says 姓名."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import openpyxl
import pytest
from sqlalchemy import func, select

from roster import services
from roster.idcard import id_problem, student_number_problem
from roster.imports import HEADERS
from roster.models import AidCategory, Student, StudentAid
from roster.synth import students
from suite.tabular import read_table

from .helpers import students_csv

TODAY = date(2026, 11, 22)
PRODUCT_NAMES = {"Excel", "xlsx", "xls", "csv"}  # names of file formats, the same in Chinese


class _Text(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    """Runs of two or more Latin letters (words, codes like dibao, poverty_alleviated) in the
    visible text of the page's main content."""
    main = html[html.index("<main"):html.index("</main>")] if "<main" in html else html
    parser = _Text()
    parser.feed(main)
    return set(re.findall(r"[A-Za-z_]{2,}", " ".join(parser.parts))) - PRODUCT_NAMES


@pytest.fixture
def roster(db, org):
    rows = students(6, [org.schools[0].code, org.schools[1].code], seed=31)
    data = students_csv(rows)
    assert services.import_students(db, read_table(data, "r.csv"), filename="r.csv", data=data,
                                    today=TODAY).ok
    dibao = db.scalar(select(AidCategory).where(AidCategory.code == "dibao"))
    first = db.scalars(select(Student).order_by(Student.id)).first()
    db.add(StudentAid(student_id=first.id, category_id=dibao.id, start_date=date(2026, 9, 1),
                      confirmed_by="资助办"))
    db.commit()
    return db.scalars(select(Student).order_by(Student.id)).all()


def test_roster_pages_show_no_english_in_chinese(client, login, roster):
    login("bureau")
    student = roster[0]
    pages = {url: client.get(url) for url in (
        "/roster/students", f"/roster/students/{student.id}", "/roster/settings",
        "/roster/import", "/roster/payments")}
    for url, response in pages.items():
        assert response.status_code == 200, url
        assert english_words(response.get_data(as_text=True)) == set(), url
    detail = pages[f"/roster/students/{student.id}"].get_data(as_text=True)
    assert f"在读（{student.status_date.isoformat()}起）" in detail
    settings = pages["/roster/settings"].get_data(as_text=True)
    assert "最低生活保障家庭学生" in settings and "脱贫家庭学生" in settings


def test_import_errors_show_the_sex_in_chinese(client, login, org):
    rows = students(2, [org.schools[0].code], seed=32)
    rows[1]["性别"] = "男" if rows[1]["性别"] == "女" else "女"  # disagrees with the ID number
    rows[0]["性别"] = "F" if rows[0]["性别"] == "男" else "M"    # a code in the file
    login("bureau")
    response = client.post("/roster/import", data={"file": (io.BytesIO(students_csv(rows)), "r.csv")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("与身份证号不一致") == 2
    shown = re.findall(r"<td>性别</td><td>([^<]*)</td>", page)
    assert len(shown) == 2 and set(shown) <= {"男", "女"}, shown
    assert english_words(page) == set(), english_words(page)


def test_an_id_stored_as_a_number_is_shown_as_excel_shows_it(client, login, org):
    """Not Python's 3.508812017102801e+17: the officer compares the table with the sheet."""
    rows = students(2, [org.schools[0].code], seed=34)
    book = openpyxl.Workbook()
    book.active.append(list(rows[0]))
    for r in rows:
        book.active.append(list(r.values()))
    book.active.cell(3, list(rows[0]).index("身份证号") + 1).value = 3.508812017102801e17
    out = io.BytesIO()
    book.save(out)
    login("bureau")
    response = client.post("/roster/import", data={"file": (io.BytesIO(out.getvalue()),
                                                            "r.xlsx")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.findall(r"<td>身份证号</td><td>([^<]*)</td>", page) == ["3.50881E+17"]
    assert "e+17" not in page


def test_cli_error_file_neutralises_formulas(runner, db, org, tmp_path):
    rows = students(2, [org.schools[0].code], seed=33)
    rows[0]["年级"] = "=1+2"
    rows[1]["学校代码"] = "@SUM(A1)"
    rows[1]["班级"] = "-2+3" + "班" * 30
    source, out = tmp_path / "r.csv", tmp_path / "errors.csv"
    source.write_bytes(students_csv(rows))
    result = runner.invoke(args=["roster", "import", str(source), "--errors-out", str(out)])
    assert result.exit_code == 1
    with out.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))
    assert written[0] == ["行号", "列", "值", "原因"]
    values = {row[1]: row[2] for row in written[1:]}
    assert values == {"年级": "'=1+2", "学校代码": "'@SUM(A1)", "班级": "'-2+3" + "班" * 30}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in written for cell in row)
    assert db.scalar(select(func.count()).select_from(Student)) == 0


def test_the_template_example_is_valid_and_imports_as_is(client, login, db, org):
    login("bureau")
    response = client.get("/roster/import/template.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["学生名单", "填写说明"]
    header, example = list(book["学生名单"].iter_rows(values_only=True))
    assert list(header) == list(HEADERS.values())
    row = dict(zip(header, example))
    assert id_problem(row["身份证号"]) is None
    assert student_number_problem(row["学籍号"]) is None
    assert row["学籍号"] == "G" + row["身份证号"] and row["学校代码"] == org.schools[0].code
    notes = " ".join(str(c) for r in book["填写说明"].iter_rows(values_only=True) for c in r if c)
    assert "不删除就会被导入" in notes
    assert "不删除就会被导入" in client.get("/roster/import").get_data(as_text=True)

    upload = client.post("/roster/import", data={
        "file": (io.BytesIO(response.data), "roster-template.xlsx")})
    assert upload.status_code == 302, upload.get_data(as_text=True)
    student = db.scalar(select(Student))
    assert (student.name, student.id_number, student.school_id) == (
        "张小明", row["身份证号"], org.schools[0].id)


def test_id_and_student_numbers_are_trimmed_on_import(db, org):
    rows = students(3, [org.schools[0].code], seed=34)
    id_number, number = rows[0]["身份证号"], rows[0]["学籍号"]
    rows[0]["身份证号"] = "\u3000\u200b" + id_number + " \u3000"
    grouped = rows[2]["身份证号"]  # written in groups, as on a form: 350881 20171028 0127
    rows[2]["身份证号"] = f"{grouped[:6]} {grouped[6:14]}\u200b {grouped[14:]}"
    rows[0]["学籍号"] = "\ufeff " + number.lower() + "\u3000"
    rows[1]["身份证号"] = rows[1]["身份证号"].translate(
        {ord(d): ord(d) + 0xFEE0 for d in "0123456789"}) + "\u200b"  # full-width digits
    data = students_csv(rows)
    result = services.import_students(db, read_table(data, "r.csv"), filename="r.csv",
                                      data=data, today=TODAY)
    assert result.ok, result.errors
    stored = db.scalars(select(Student).order_by(Student.id)).all()
    assert (stored[0].id_number, stored[0].student_no) == (id_number, number)
    assert stored[1].id_number == rows[1]["学籍号"][1:]
    assert stored[2].id_number == grouped


def test_the_student_list_header_says_xingming(client, login, roster):
    login("bureau")
    page = client.get("/roster/students").get_data(as_text=True)
    header = page[page.index("<thead>", page.index('class="scroll"')):page.index("</thead>")]
    assert "<th>姓名</th>" in header and "名称" not in header
