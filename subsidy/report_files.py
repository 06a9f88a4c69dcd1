"""The cost reports as files (PDF and xlsx) for the pages and the API: the report dicts of
`reports` in the request's language, the school month's QR code leading to its public
account. Needs a request (url_for, the app's settings)."""
from __future__ import annotations

import io
from datetime import date

from flask import current_app, send_file, url_for
from markupsafe import Markup

from suite import clock
from suite.pdf import render_pdf
from suite.tabular import write_xlsx

from . import report_sheets as sheets
from .closing import month_status
from .flags import flag_settings
from .reports import county_month_report, school_month_report, school_week_report

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def qr_svg(text: str) -> Markup:
    """An inline SVG QR code of `text` (segno: pure Python, nothing fetched)."""
    import segno
    code = segno.make(text, error="m")
    return Markup(code.svg_inline(scale=2.5, border=2, omitsize=False))


def public_url(school_id: int, year: int, month: int) -> str:
    return url_for("subsidy.public_account", school_id=school_id,
                   month=f"{year:04d}-{month:02d}", _external=True)


def _settings() -> dict:
    return flag_settings(current_app.config)


def month_report(session, school_id: int, year: int, month: int) -> dict:
    report = school_month_report(session, school_id, year, month, today=clock.today(),
                                 settings=_settings())
    report["public_url"] = public_url(school_id, year, month)
    # the public page opens when the bureau closes the month: say so on an earlier print
    report["public_open"] = month_status(session, school_id, year, month) == "closed"
    return report


def week_report(session, school_id: int, day: date) -> dict:
    return school_week_report(session, school_id, day, today=clock.today(),
                              settings=_settings())


def county_report(session, school_ids, year: int, month: int) -> dict:
    return county_month_report(session, school_ids, year, month, today=clock.today(),
                               settings=_settings())


def name_of(report: dict, ext: str) -> str:
    first = report["first"]
    if report["kind"] == "county":
        return f"subsidy-county-{first.year:04d}-{first.month:02d}.{ext}"
    code = report["row"]["code"]
    if report["kind"] == "week":
        return f"subsidy-{code}-week-{first.isoformat()}.{ext}"
    return f"subsidy-{code}-{first.year:04d}-{first.month:02d}.{ext}"


def pdf_bytes(report: dict) -> bytes:
    context = {"report": report, "title": sheets.title(report),
               "period": sheets.period_text(report), "figures": sheets.figure_rows(report),
               "groups": sheets.group_rows(report), "printed": clock.today().isoformat()}
    if report["kind"] == "county":
        return render_pdf("subsidy/county_pdf.html", schools_table=sheets.county_rows(report),
                          **context)
    qr = qr_svg(report["public_url"]) if report.get("public_url") else None
    return render_pdf("subsidy/report_pdf.html", days=sheets.day_rows(report),
                      flags=sheets.flag_rows(report), qr=qr, **context)


def xlsx_bytes(report: dict) -> bytes:
    if report["kind"] == "county":
        return write_xlsx(sheets.county_sheets(report))
    return write_xlsx(sheets.school_sheets(report))


def send(report: dict, ext: str):
    """The report as a response: the PDF inline, the xlsx as a download."""
    if ext == "pdf":
        return send_file(io.BytesIO(pdf_bytes(report)), mimetype=PDF, as_attachment=False,
                         download_name=name_of(report, "pdf"))
    return send_file(io.BytesIO(xlsx_bytes(report)), mimetype=XLSX, as_attachment=True,
                     download_name=name_of(report, "xlsx"))
