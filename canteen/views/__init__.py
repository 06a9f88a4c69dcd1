"""HTML pages of the canteen plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
home      the canteen manager's day (phone first) and the bureau's missing records
printing  the month's meal-count register and food-safety logs: page, xlsx and PDF
counts    one meal's head counts by grade and the dishes served
safety    food-safety logs of a day: samples, accompanying meal, residue tests, disinfection
staff     canteen workers and their morning health check
issues    food issued to a meal, its cost and planned against issued
supply    servings delivered to supplied schools; catering contracts
days      a school's month of meals
"""
from __future__ import annotations

from flask import Blueprint

from . import counts, days, home, issues, printing, safety, staff, supply

# import name "canteen": the plugin package, so that its templates/ folder is found
bp = Blueprint("canteen", "canteen", url_prefix="/canteen", template_folder="templates",
               static_folder="static")
GET, GET_POST, POST = ("GET",), ("GET", "POST"), ("POST",)

URLS = [  # (rule, view, methods)
    ("/", home.index, GET),
    ("/printouts", printing.printouts, GET),
    ("/<int:school_id>/register", printing.register, GET),
    ("/<int:school_id>/register.xlsx", printing.register_xlsx, GET),
    ("/<int:school_id>/register.pdf", printing.register_pdf, GET),
    ("/<int:school_id>/logs", printing.logs, GET),
    ("/<int:school_id>/logs.xlsx", printing.logs_xlsx, GET),
    ("/<int:school_id>/logs.pdf", printing.logs_pdf, GET),
    ("/<int:school_id>/<day>/<meal>/counts", counts.counts, GET),
    ("/<int:school_id>/<day>/<meal>/counts", counts.save_counts, POST),
    # food-safety logs: reading (GET) and writing (POST) are separate views
    ("/<int:school_id>/<day>/<meal>/samples", safety.samples, GET),
    ("/<int:school_id>/<day>/<meal>/samples", safety.save_samples, POST),
    ("/samples/<int:sample_id>/dispose", safety.dispose, POST),
    ("/<int:school_id>/<day>/<meal>/accompany", safety.accompany, GET),
    ("/<int:school_id>/<day>/<meal>/accompany", safety.save_accompany, POST),
    ("/<int:school_id>/workers", staff.workers, GET),
    ("/<int:school_id>/workers", staff.save_workers, POST),
    ("/<int:school_id>/<day>/health", staff.health, GET),
    ("/<int:school_id>/<day>/health", staff.save_health, POST),
    ("/<int:school_id>/<day>/residue", safety.residue, GET),
    ("/<int:school_id>/<day>/residue", safety.save_residue, POST),
    ("/<int:school_id>/<day>/disinfection", safety.disinfection, GET),
    ("/<int:school_id>/<day>/disinfection", safety.save_disinfection, POST),
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
