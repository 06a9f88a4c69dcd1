"""HTML pages of the canteen plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
home      the canteen manager's day (phone first) and the bureau's missing records
issues    food issued to a meal, its cost and planned against issued
supply    servings delivered to supplied schools; catering contracts
days      a school's month of meals
"""
from __future__ import annotations

from flask import Blueprint

from . import days, home, issues, supply

# import name "canteen": the plugin package, so that its templates/ folder is found
bp = Blueprint("canteen", "canteen", url_prefix="/canteen", template_folder="templates")
GET, GET_POST, POST = ("GET",), ("GET", "POST"), ("POST",)

URLS = [  # (rule, view, methods)
    ("/", home.index, GET),
    ("/<int:school_id>/<day>/<meal>/issues", issues.issues, GET),
    ("/<int:school_id>/<day>/<meal>/issues", issues.save_issues, POST),
    ("/<int:school_id>/<day>/<meal>/supplied", supply.supplied, GET),
    ("/<int:school_id>/<day>/<meal>/supplied", supply.save_supplied, POST),
    ("/contracts", supply.contracts, GET),
    ("/contracts/new", supply.new_contract, GET_POST),
    ("/<int:school_id>/days", days.days, GET),
]
for rule, view, methods in URLS:
    bp.add_url_rule(rule, view_func=view, methods=methods)
