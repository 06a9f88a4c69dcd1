"""Domain logic of the canteen plugin: plain functions over a session. Other plugins and the
canteen's own pages, API and CLI call what `__all__` lists; each name's home:
  meal counts             `counts` (checks in `count_checks`)
  food issued, its cost   `issuing`, `costs`
  supplied meals          `supply`
  the days at a glance    `days`, `today`
  food-safety logs        `samples`, `accompany`, `staff`, `residue`, `disinfection`
  month printouts         `register`
"""
from __future__ import annotations

from .accompany import accompanied_meal, save_accompanied_meal
from .costs import (meal_costs, meal_costs_of_schools, outside_share, planned_vs_issued,
                    split_cost)
from .counts import (StaleCount, find_count, meal_counts, menu_of_meal, save_counts,
                     save_counts_record, served_on_day)
from .days import (MISSING_LABELS, cost_per_student, day_summaries, day_summaries_of_schools,
                   missing_by_school)
from .disinfection import disinfections, record_disinfection
from .errors import CanteenError
from .issuing import band_servings, issue_to_meal, propose_issues
from .planning import planned_vs_issued_between
from .register import month_logs, month_register
from .residue import FAIL_RATE, record_residue_test, residue_lines, residue_tests
from .samples import dispose_sample, record_sample, samples_for, served_dishes
from .staff import health_checks, record_health_checks, save_worker, workers
from .supply import contract_on, save_contract, save_supplied_meal, supply_flags
from .today import day_at_hand, stock_outlook

__all__ = [
    "CanteenError", "StaleCount",
    # meal counts
    "find_count", "meal_counts", "menu_of_meal", "save_counts", "save_counts_record",
    "served_on_day",
    # food issued to meals and what the meals cost
    "band_servings", "issue_to_meal", "propose_issues",
    "meal_costs", "meal_costs_of_schools", "outside_share", "planned_vs_issued",
    "planned_vs_issued_between", "split_cost",
    # company- and family-supplied meals
    "contract_on", "save_contract", "save_supplied_meal", "supply_flags",
    # the days at a glance and the bureau's missing records
    "MISSING_LABELS", "cost_per_student", "day_at_hand", "day_summaries",
    "day_summaries_of_schools", "missing_by_school",
    "stock_outlook",
    # food-safety logs
    "FAIL_RATE", "accompanied_meal", "dispose_sample", "disinfections", "health_checks",
    "record_disinfection", "record_health_checks", "record_residue_test", "record_sample",
    "residue_lines", "residue_tests", "samples_for", "save_accompanied_meal", "save_worker",
    "served_dishes", "workers",
    # the month's printouts
    "month_logs", "month_register",
]
