"""HTML pages of the menus plugin: the blueprint and its URL map, in one place.

The screen modules hold plain view functions and never import this package (no loops):
dishes    the dishes: list, detail, add, edit, copy
listing   the weekly menus list
planner   one week's planner, its dish search and its changes (add, remove, move a dish)
weeks     create, copy and revise a week; the approval workflow's steps
printing  the printed menu (HTML, PDF) and the public page
suggest   建议 and 修正: a proposal beside the week, and accepting it
rules     a school's dietary rule (清真, dish tags to avoid)
"""
from __future__ import annotations

from flask import Blueprint

from ..labels import template_labels
from . import dishes, listing, planner, printing, rules, suggest, weeks

# import name "menus": the plugin package, so that its templates/ folder is found
bp = Blueprint("menus", "menus", url_prefix="/menus", template_folder="templates")
GET_POST = ("GET", "POST")
POST = ("POST",)

bp.add_url_rule("/", view_func=dishes.index)
bp.add_url_rule("/dishes", view_func=dishes.dishes)
bp.add_url_rule("/dishes/<int:dish_id>", view_func=dishes.dish_detail)
bp.add_url_rule("/dishes/new", view_func=dishes.dish_edit, methods=GET_POST)
bp.add_url_rule("/dishes/<int:dish_id>/edit", view_func=dishes.dish_edit, methods=GET_POST)
bp.add_url_rule("/dishes/<int:dish_id>/copy", view_func=dishes.dish_copy, methods=POST)

bp.add_url_rule("/weeks", view_func=listing.weeks)

bp.add_url_rule("/weeks/<int:menu_id>", view_func=planner.planner)
bp.add_url_rule("/weeks/<int:menu_id>/dishes", view_func=planner.dish_results)
bp.add_url_rule("/weeks/<int:menu_id>/items", view_func=planner.item_add, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/items/<int:item_id>/remove", view_func=planner.item_remove,
                methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/items/<int:item_id>/move", view_func=planner.item_move,
                methods=POST)

bp.add_url_rule("/weeks/<int:menu_id>/suggest", view_func=suggest.suggest, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/suggest/options", "suggest_options",
                view_func=suggest.options)
bp.add_url_rule("/weeks/<int:menu_id>/accept", view_func=suggest.accept, methods=POST)
bp.add_url_rule("/weeks/new", view_func=weeks.week_new, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/copy", view_func=weeks.copy, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/revise", view_func=weeks.revise, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/submit", view_func=weeks.submit, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/approve", view_func=weeks.approve, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/publish", view_func=weeks.publish, methods=POST)
bp.add_url_rule("/weeks/<int:menu_id>/reopen", view_func=weeks.reopen, methods=POST)

bp.add_url_rule("/weeks/<int:menu_id>/print", view_func=printing.print_view)
bp.add_url_rule("/weeks/<int:menu_id>.pdf", view_func=printing.pdf)
bp.add_url_rule("/public/<school_code>", view_func=printing.public_menu)

bp.add_url_rule("/schools/<int:school_id>/rule", view_func=rules.school_rule)
bp.add_url_rule("/schools/<int:school_id>/rule", endpoint="school_rule_save",
                view_func=rules.school_rule_save, methods=POST)

# menus' own pages only: no other plugin's template relies on these names
bp.context_processor(template_labels)
