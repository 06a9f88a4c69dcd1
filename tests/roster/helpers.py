"""Helpers shared by the roster tests: a students list as the CSV file a county uploads."""
from __future__ import annotations

import csv
import io
from datetime import date
from itertools import count

from roster.models import Student
from roster.synth import students

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
