"""Public services of the menus plugin: dishes, weekly menus and their workflow, the
planner's analysis and cost, the printed menu. Plain functions over a session; other plugins
import menus only as `menus.services` (what `__all__` lists), `menus.models` and
`menus.signals`."""
from __future__ import annotations

from .dishes import (DEFAULT_FACTORS, Cost, IngredientIn, MenuError, copy_dish, dish_facts,
                     dish_grams, library_by_role, role_of, save_dish, search_dishes,
                     with_roles)
from .dish_search import dish_costs, find_dishes, search_keys
from .models import ROLES
from .rules import school_rule, school_rules, set_school_rule
from .tags import TAGS, banned_tags, dish_tags, main_food
from .planning import eaters_for, load_menu, main_band, week_plan
from .compliance import Failure, failures
from .printout import print_context, published_menu
from .suggest import (Suggestion, accept, decode_items, encode_items, fingerprint,
                      proposal_changes, propose)
from .suggest_messages import explain, status_line
from .suggest_template import TemplateSuggestion, propose_template
from .weeks import (LIVE, add_item, copy_week, create_week, current_menu, diff,
                    move_item, remove_item, revise, served_days, served_on, snap_note, week_of)
from .workflow import STEPS, approve, publish, reopen, run_step, submit

__all__ = [
    # dishes
    "DEFAULT_FACTORS", "Cost", "IngredientIn", "MenuError", "copy_dish", "dish_facts",
    "dish_grams", "library_by_role", "save_dish", "search_dishes", "with_roles",
    # the planner's dish search (name, alias, pinyin, initials) and cost per serving
    "dish_costs", "find_dishes", "search_keys",
    # roles, tags and the schools' dietary rules (what the menu suggestion reads)
    "ROLES", "TAGS", "banned_tags", "dish_tags", "main_food", "role_of", "school_rule",
    "school_rules", "set_school_rule",
    # weekly menus
    "LIVE", "add_item", "copy_week", "create_week", "current_menu", "diff",
    "move_item", "remove_item", "revise", "served_days", "served_on", "snap_note", "week_of",
    # the approval workflow
    "STEPS", "approve", "publish", "reopen", "run_step", "submit",
    # the planner's numbers and the printed menu
    "eaters_for", "load_menu", "main_band", "print_context", "published_menu", "week_plan",
    # 建议 and 修正: the solver's proposals, the planner's failures
    "Failure", "Suggestion", "accept", "decode_items", "encode_items", "explain", "failures",
    "fingerprint", "proposal_changes", "propose", "status_line", "TemplateSuggestion",
    "propose_template",
]
