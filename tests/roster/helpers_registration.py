"""Helpers shared by the registration-import tests: one synthetic registration-system export
written as the county receives it (.xlsx with title rows and marked headers, GBK tab-separated
text named .xls, an HTML table named .xls), and the roster read back for comparison."""
from __future__ import annotations

import html
import io

import openpyxl
from sqlalchemy import select

from roster.models import Guardian, Student
from roster.registration_layout import headers

TITLE = "全国中小学生学籍信息管理系统 学生信息导出"
MARKED = {"学校标识码": "学校标识码(*)", "姓名": "姓名（*）", "性别": "★性别",
          "出生日期": "出生 日期", "全国学籍号": "全国学籍号(*)"}


def header_row() -> list[str]:
    """The layout's headers with the marks the system puts on required ones (first only)."""
    out, seen = [], set()
    for h in headers():
        out.append(MARKED[h] if h in MARKED and h not in seen else h)
        seen.add(h)
    return out


def as_xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["导出时间：2026-11-20"])
    sheet.append(header_row())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_gbk_text(rows) -> bytes:
    lines = [TITLE, "\t".join(header_row())] + ["\t".join(r) for r in rows]
    return "\r\n".join(lines).encode("gbk")


def as_html(rows) -> bytes:
    def tr(cells, tag="td"):
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"
    body = [f'<tr><td colspan="{len(header_row())}">{TITLE}</td></tr>', tr(header_row(), "th")]
    body += [tr(r) for r in rows]
    return ('<html><head><meta charset="utf-8"></head><body><table>' + "".join(body)
            + "</table></body></html>").encode("utf-8")


SKIP = {"id", "import_run_id", "status_date"}


def roster_rows(db) -> list[tuple]:
    """Every student (all columns but ids and dates of the run) with its family members."""
    columns = [c for c in Student.__table__.columns if c.name not in SKIP]
    members: dict = {}
    for row in db.execute(select(Student.student_no, Guardian.position, Guardian.name,
                                 Guardian.relation, Guardian.is_guardian,
                                 Guardian.document_type, Guardian.id_number, Guardian.phone)
                          .join(Guardian, Guardian.student_id == Student.id)
                          .order_by(Student.student_no, Guardian.position)):
        members.setdefault(row[0], []).append(tuple(row[1:]))
    return [tuple(r) + (tuple(members.get(r[0], [])),) for r in db.execute(
        select(Student.student_no, *[c for c in columns if c.name != "student_no"])
        .order_by(Student.student_no))]
