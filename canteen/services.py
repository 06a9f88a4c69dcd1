"""Domain logic of the canteen plugin: plain functions over a session. Other plugins (subsidy)
import canteen only through this module, `canteen.models` and `canteen.signals`."""
from __future__ import annotations

from .costs import meal_costs, planned_vs_issued, split_cost
from .days import MISSING_LABELS, cost_per_student, day_summaries, missing_by_school
from .errors import CanteenError
from .issuing import band_servings, issue_to_meal, propose_issues
from .supply import contract_on, save_contract, save_supplied_meal, supply_flags

__all__ = [
    "CanteenError",
    # food issued to meals and what the meals cost
    "band_servings", "issue_to_meal", "propose_issues",
    "meal_costs", "planned_vs_issued", "split_cost",
    # company- and family-supplied meals
    "contract_on", "save_contract", "save_supplied_meal", "supply_flags",
    # the days at a glance and the bureau's missing records
    "MISSING_LABELS", "cost_per_student", "day_summaries", "missing_by_school",
]
