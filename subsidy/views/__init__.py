"""HTML pages of the subsidy plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
ledger    the bureau's month of every school (sortable, by township, with totals and a chart)
          and one school's month with its days; both as xlsx; the schools' monthly return
closing   month close (月结): the school submits, the bureau closes or reopens
flags     the anomaly flags of the schools' months and the bureau's explanations
inspections inspections of schools and self-checks, their team, rectification and evidence
"""
from __future__ import annotations

from flask import Blueprint

from . import closing, flags, inspections, ledger

# import name "subsidy": the plugin package, so that its templates/ folder is found
bp = Blueprint("subsidy", "subsidy", url_prefix="/subsidy", template_folder="templates")
GET, GET_POST, POST = ("GET",), ("GET", "POST"), ("POST",)

URLS = [  # (rule, view, methods)
    ("/", ledger.index, GET),
    ("/ledger.xlsx", ledger.index_xlsx, GET),
    ("/<int:school_id>/<month>", ledger.school, GET),
    ("/<int:school_id>/<month>.xlsx", ledger.school_xlsx, GET),
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
