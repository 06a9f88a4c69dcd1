"""Public services of the menus plugin: dishes, weekly menus and their workflow, the
planner's analysis and cost. Plain functions over a session."""
from __future__ import annotations

from .dishes import (DEFAULT_FACTORS, Cost, IngredientIn, MenuError, copy_dish,  # noqa: F401
                     dish_facts, dish_grams, save_dish, search_dishes)
from .planning import eaters_for, load_menu, main_band, week_plan  # noqa: F401
from .weeks import (add_item, approve, copy_week, county_of, create_week,  # noqa: F401
                    current_menu, diff, move_item, publish, remove_item, reopen, revise,
                    served_days, served_on, snap_note, submit, week_of)
