"""HTML pages of the subsidy plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
index        the plugin's start page
inspections  inspections of schools and self-checks, their team, rectification and evidence
"""
from __future__ import annotations

from flask import Blueprint

from . import index, inspections

# import name "subsidy": the plugin package, so that its templates/ folder is found
bp = Blueprint("subsidy", "subsidy", url_prefix="/subsidy", template_folder="templates")
GET, GET_POST, POST = ("GET",), ("GET", "POST"), ("POST",)

URLS = [  # (rule, view, methods)
    ("/", index.index, GET),
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
