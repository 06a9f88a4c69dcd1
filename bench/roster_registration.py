"""Import a registration-system export of 100,000 pupils (the system's 72 columns, two title
rows, its codes, intake labels, two family members each) from .xlsx, beside the time to just
read the same file with pandas (calamine). Limits: 60 s and 3 × the bare read.

Run: .venv/bin/python -m bench.roster_registration   (BENCH_DATABASE_URL for PostgreSQL;
BENCH_STUDENTS for another size)"""
from __future__ import annotations

import io
import os
import time
from datetime import date

import pandas as pd
import xlsxwriter

from roster import services
from roster.registration_layout import headers
from roster.synth_registration import registration_rows
from suite.audit import acting_as
from suite.db import get_session
from suite.models import County, School, Term, Township
from suite.tabular import read_table

from .common import Figure, bench_app

N = int(os.environ.get("BENCH_STUDENTS", "100000"))
TODAY, TERM_START = date(2026, 11, 22), date(2026, 9, 1)
LIMIT_S, RATIO_LIMIT = 60.0, 3


def export_file(rows) -> bytes:
    """The export as the system writes it: title rows, then the header, every cell text."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("学生信息")
    sheet.write_row(0, 0, ["全国中小学生学籍信息管理系统 学生信息导出"])
    sheet.write_row(1, 0, ["导出时间：2026-11-20"])
    sheet.write_row(2, 0, headers())
    for r, row in enumerate(rows, start=3):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def main() -> list[Figure]:
    app = bench_app("roster_registration")
    codes = [f"R{i:04d}" for i in range(200)]
    data = export_file(registration_rows(N, codes, TERM_START, seed=21))
    with app.test_request_context(), acting_as(None, "bench"):
        session = get_session()
        county = County(code="777778", name="基准县")
        session.add(county)
        session.flush()
        session.add(Term(county_id=county.id, name="2026秋", start_date=TERM_START,
                         end_date=date(2027, 1, 20)))
        town = Township(county_id=county.id, code="777778001", name="基准镇")
        session.add(town)
        session.flush()
        session.add_all(School(township_id=town.id, code=c, name=f"学校{c}", kind="nine_year")
                        for c in codes)
        session.commit()
        start = time.perf_counter()
        pd.read_excel(io.BytesIO(data), engine="calamine", dtype=object, header=2)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        table = read_table(data, "学生信息.xlsx", header_finder=services.header_score)
        result = services.import_students(session, table, filename="学生信息.xlsx", data=data,
                                          today=TODAY)
        session.commit()
        import_s = time.perf_counter() - start
    assert result.ok, result.errors[:3]
    assert result.counts["new"] == N and len(table.columns) == 72
    print(f"{app.extensions['suite_db'].engine.dialect.name}: {N} pupils, 72 columns, "
          f"{len(data) // 1024} KiB xlsx")
    print(f"pandas read (calamine):   {read_s:6.2f} s")
    print(f"import (read, find the header, map, parse codes, check every row, write pupils and "
          f"family members): {import_s:6.2f} s (limit 60 s and 3 × read = {3 * read_s:.2f} s); "
          f"ratio {import_s / read_s:.2f}")
    return [Figure(f"import a registration-system export, {N:,} pupils × 72 columns", import_s,
                   "pandas read of the same file (calamine)", read_s, limit=LIMIT_S,
                   ratio_limit=RATIO_LIMIT, note=app.extensions['suite_db'].engine.dialect.name)]


if __name__ == "__main__":
    main()
