"""Helpers shared by the roster tests: a students list as the CSV file a county uploads."""
from __future__ import annotations

import csv
import io
from datetime import date
from itertools import count

from roster.models import Student
from roster.services import LEDGER_HEADERS
from roster.synth import make_id, students

HEADER = list(students(1, ["X"])[0])  # the columns of the roster import, in the file's order


def students_csv(rows) -> bytes:
    """`rows` (dicts keyed by the Chinese column names) as a UTF-8 CSV file with a BOM."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


_pupils = count(1)


def add_pupil(db, school, grade, status="enrolled", since=date(2026, 9, 1)):
    """A roster student of the school and grade, with the status since the day (flushed)."""
    n = next(_pupils)
    s = Student(student_no=f"G{n:018d}", name=f"学生{n}", sex="M", school_id=school.id,
                grade=grade, status=status, status_date=since)
    db.add(s)
    db.flush()
    return s


def child(n=0, **changes) -> dict:
    """A valid entry as a township would type it (Chinese words, like the collection form)."""
    values = {"name": f"王{n}", "id_number": make_id("350881", date(2010, 5, 1 + n), "M", n),
              "village": "红星村", "household_head": "王某", "household_kind": "脱贫家庭学生",
              "stage": "普通高中", "location": "市外", "school_name": "厦门市第二中学",
              "aided": "", "aid_program": "", "aid_amount": "", "confirmed_by": "",
              "confirmed_on": ""}
    values.update(changes)
    return values


NOT_AIDED = {"aided": "否", "confirmed_by": "乡镇扶贫办", "confirmed_on": "2026-06-10"}
AIDED = {"aided": "是", "aid_program": "国家助学金", "aid_amount": "1000",
         "confirmed_by": "学籍地教育局", "confirmed_on": "2026-06-10"}


def ledger_csv(rows) -> bytes:
    """Household-ledger entries (`child` dicts) as the template's CSV, with BOM."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(LEDGER_HEADERS.values()))
    writer.writeheader()
    writer.writerows({LEDGER_HEADERS[k]: v for k, v in r.items()} for r in rows)
    return out.getvalue().encode("utf-8-sig")
