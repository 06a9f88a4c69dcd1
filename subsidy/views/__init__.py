"""HTML pages of the subsidy plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
home   the subsidy ledger's start page
flags  the anomaly flags of the schools' months and the bureau's explanations
"""
from __future__ import annotations

from flask import Blueprint

from . import flags, home

# import name "subsidy": the plugin package, so that its templates/ folder is found
bp = Blueprint("subsidy", "subsidy", url_prefix="/subsidy", template_folder="templates")
GET, POST = ("GET",), ("POST",)

URLS = [  # (rule, view, methods)
    ("/", home.index, GET),
    ("/flags", flags.flags, GET),
    ("/flags/explain", flags.explain, POST),
]
for rule, view, methods in URLS:
    bp.add_url_rule(rule, view_func=view, methods=methods)
