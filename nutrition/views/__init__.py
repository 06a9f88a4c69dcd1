"""HTML pages of the nutrition plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
foods      the food table: search, detail, add and edit
io         the food table as a file: template, export, import
standards  the nutrition standards and the county's choice
analysis   the quick analysis of a meal or a day
review     the nutritionist's review against the printed book
"""
from __future__ import annotations

from flask import Blueprint

from .. import services
from . import analysis, foods, io, review, standards

# import name "nutrition": the plugin package, so that its templates/ folder is found
bp = Blueprint("nutrition", "nutrition", url_prefix="/nutrition", template_folder="templates")
GET_POST = ("GET", "POST")

bp.add_url_rule("/", view_func=foods.index)
bp.add_url_rule("/foods", view_func=foods.foods)
bp.add_url_rule("/foods/<code>", view_func=foods.food_detail)
bp.add_url_rule("/foods/suggest", view_func=foods.food_suggest)
bp.add_url_rule("/foods/new", view_func=foods.food_edit, methods=GET_POST)
bp.add_url_rule("/foods/<code>/edit", view_func=foods.food_edit, methods=GET_POST)

bp.add_url_rule("/foods/<code>/confirm", view_func=review.food_confirm, methods=("POST",))
bp.add_url_rule("/foods/<code>/correct", view_func=review.food_correct, methods=("POST",))
bp.add_url_rule("/review", view_func=review.review_list)
bp.add_url_rule("/review.xlsx", view_func=review.review_export)

bp.add_url_rule("/foods/template.xlsx", view_func=io.food_template)
bp.add_url_rule("/foods/export.xlsx", view_func=io.food_export)
bp.add_url_rule("/foods/import", view_func=io.food_import, methods=GET_POST)

bp.add_url_rule("/standards", view_func=standards.standards)
bp.add_url_rule("/standards/load", view_func=standards.standard_load, methods=("POST",))
bp.add_url_rule("/standards/choose", view_func=standards.standard_choose, methods=("POST",))
bp.add_url_rule("/standards/view", view_func=standards.standard_detail)

bp.add_url_rule("/analyze", view_func=analysis.quick_analysis)

# nutrition's own pages only: other plugins pass the names they need
bp.context_processor(services.template_labels)
