"""The county's monthly cost summary as PDF for 200 schools (the county that
bench.county_data builds once: 60,000 roster students, 22 school days × 3 meals, about
100,000 issue lines of the meals): the ledger, food groups and each school's flags
gathered, then laid out and written.

Run: .venv/bin/python -m bench.subsidy_county_pdf   (BENCH_DATABASE_URL for PostgreSQL)"""
from __future__ import annotations

import time

from suite import clock
from suite.audit import acting_as
from suite.db import get_session

from .common import Figure, app_for, best_of, pdf_page_s, pdf_pages
from .subsidy_ledger import TODAY

LIMIT_S = 10.0


def main() -> list[Figure]:
    from .county_data import county
    app = app_for(county().url)
    from subsidy import report_files
    from subsidy.flags import flag_settings
    from subsidy.reports import county_flag_counts, county_month_report
    with app.test_request_context(), acting_as(None, "bench"):
        session = get_session()
        ids = county().school_ids
        original, clock.today = clock.today, lambda: TODAY
        settings = flag_settings(app.config)
        try:
            start = time.perf_counter()
            counts = county_flag_counts(session, ids, 2026, 10, today=TODAY,
                                        settings=settings)
            flags_s = time.perf_counter() - start

            def rest():
                report = county_month_report(session, ids, 2026, 10, today=TODAY,
                                             settings=settings, flag_counts=counts)
                return report, report_files.pdf_bytes(report)
            rest_s, (report, body) = best_of(rest, repeat=3)
        finally:
            clock.today = original
    assert body.startswith(b"%PDF") and len(report["schools"]) == len(ids)
    page_s, pages = pdf_page_s(), pdf_pages(body)
    dialect = app.extensions['suite_db'].engine.dialect.name
    print(f"{dialect}: {len(ids)} schools, "
          f"{counts[None]['total']} flags, PDF {len(body) // 1024} KiB, {pages} pages")
    print(f"ledger, food groups and PDF:         {rest_s:6.2f} s")
    print(f"the flags of every school at once:   {flags_s:6.2f} s")
    print(f"county cost summary PDF, all told:   {rest_s + flags_s:6.2f} s "
          f"(limit {LIMIT_S:.0f} s)")
    print(f"WeasyPrint, a trivial CJK page:      {page_s * 1000:6.1f} ms per page")
    return [Figure(f"county cost summary PDF, {len(ids)} schools, {pages} pages", rest_s + flags_s,
                   f"WeasyPrint, trivial CJK page × {pages}", page_s * pages, limit=LIMIT_S,
                   note=f"{dialect}; flags {flags_s:.1f} s, ledger, groups and PDF {rest_s:.1f} s")]


if __name__ == "__main__":
    main()
