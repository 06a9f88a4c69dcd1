"""HTML pages of the subsidy plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
dashboard the bureau's month of every school (sortable, by township, with totals, flags,
          close status, sparklines and charts)
ledger    one school's month with its days; the county's and the school's month as xlsx;
          the schools' monthly return (月报) as xlsx
day       one school's day: each meal's counts, food issued, cost, and the day's ledger row
closing   month close (月结): the school submits, the bureau closes or reopens
flags     the anomaly flags of the schools' months and the bureau's explanations
inspections inspections of schools and self-checks, their team, rectification and evidence
reports   the cost reports (PDF, xlsx) of a school's month and week and of the county's
          month; the public monthly account (公示) of a closed month, without login
"""
from __future__ import annotations

from flask import Blueprint

from . import closing, dashboard, day, flags, inspections, ledger, reports

# import name "subsidy": the plugin package, so that its templates/ folder is found
bp = Blueprint("subsidy", "subsidy", url_prefix="/subsidy", template_folder="templates")
GET, GET_POST, POST = ("GET",), ("GET", "POST"), ("POST",)

URLS = [  # (rule, view, methods)
    ("/", dashboard.index, GET),
    ("/ledger.xlsx", ledger.index_xlsx, GET),
    ("/<int:school_id>/<month>", ledger.school, GET),
    ("/<int:school_id>/<month>.xlsx", ledger.school_xlsx, GET),
    ("/reports/<int:school_id>/<month>.pdf", reports.school_pdf, GET),
    ("/reports/<int:school_id>/<month>.xlsx", reports.school_report_xlsx, GET),
    ("/reports/<int:school_id>/week/<day>.pdf", reports.week_pdf, GET),
    ("/reports/<int:school_id>/week/<day>.xlsx", reports.week_xlsx, GET),
    ("/reports/county/<month>.pdf", reports.county_pdf, GET),
    ("/reports/county/<month>.xlsx", reports.county_xlsx, GET),
    ("/public/<int:school_id>/<month>", reports.public_account, GET),
    ("/<int:school_id>/day/<day>", day.school_day, GET),
    ("/return/<month>.xlsx", ledger.monthly_return_xlsx, GET),
    ("/close", closing.close_panel, GET),
    ("/close/submit", closing.submit_month, POST),
    ("/close/close", closing.close_month, POST),
    ("/close/reopen", closing.reopen_month, POST),
    ("/flags", flags.flags, GET),
    ("/flags/explain", flags.explain, POST),
    ("/inspections", inspections.inspections, GET),
    ("/inspections/new", inspections.new_inspection, GET_POST),
    ("/inspections/<int:inspection_id>", inspections.inspection, GET),
    ("/inspections/<int:inspection_id>/confirm", inspections.confirm, POST),
    ("/inspections/<int:inspection_id>/rectify", inspections.rectify, POST),
    ("/inspections/<int:inspection_id>/close", inspections.close, POST),
    ("/inspections/<int:inspection_id>/evidence/<int:rect_id>", inspections.evidence_file,
     GET),
]
for rule, view, methods in URLS:
    bp.add_url_rule(rule, view_func=view, methods=methods)
