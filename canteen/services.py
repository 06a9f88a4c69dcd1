"""Domain logic of the canteen plugin: plain functions over a session. Other plugins and the
canteen's own pages, API and CLI call what `__all__` lists; each name's home:
  meal counts        `counts` (checks in `count_checks`)
  food-safety logs   `samples`, `accompany`, `staff`, `residue`, `disinfection`
  month printouts    `register`
"""
from __future__ import annotations

from .accompany import accompanied_meal, save_accompanied_meal
from .counts import (StaleCount, find_count, meal_counts, menu_of_meal, save_counts,
                     served_on_day)
from .disinfection import disinfections, record_disinfection
from .errors import CanteenError
from .register import month_logs, month_register
from .residue import FAIL_RATE, record_residue_test, residue_lines, residue_tests
from .samples import dispose_sample, record_sample, samples_for, served_dishes
from .staff import health_checks, record_health_checks, save_worker, workers

__all__ = [
    "CanteenError", "StaleCount",
    # meal counts
    "find_count", "meal_counts", "menu_of_meal", "save_counts", "served_on_day",
    # food-safety logs
    "FAIL_RATE", "accompanied_meal", "dispose_sample", "disinfections", "health_checks",
    "record_disinfection", "record_health_checks", "record_residue_test", "record_sample",
    "residue_lines", "residue_tests", "samples_for", "save_accompanied_meal", "save_worker",
    "served_dishes", "workers",
    # the month's printouts
    "month_logs", "month_register",
]
