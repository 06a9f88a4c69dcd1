"""HTML pages of the canteen plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
home      the canteen manager's day (phone first) and the bureau's missing records
counts    one meal's head counts by grade and the dishes served
"""
from __future__ import annotations

from flask import Blueprint

from . import counts, home

# import name "canteen": the plugin package, so that its templates/ folder is found
bp = Blueprint("canteen", "canteen", url_prefix="/canteen", template_folder="templates",
               static_folder="static")
GET, GET_POST, POST = ("GET",), ("GET", "POST"), ("POST",)

URLS = [  # (rule, view, methods)
    ("/", home.index, GET),
    ("/<int:school_id>/<day>/<meal>/counts", counts.counts, GET),
    ("/<int:school_id>/<day>/<meal>/counts", counts.save_counts, POST),
]
for rule, view, methods in URLS:
    bp.add_url_rule(rule, view_func=view, methods=methods)
