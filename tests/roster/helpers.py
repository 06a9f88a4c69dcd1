"""Helpers shared by the roster tests: a students list as the CSV file a county uploads."""
from __future__ import annotations

import csv
import io

from roster.synth import students

HEADER = list(students(1, ["X"])[0])  # the columns of the roster import, in the file's order


def students_csv(rows) -> bytes:
    """`rows` (dicts keyed by the Chinese column names) as a UTF-8 CSV file with a BOM."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
