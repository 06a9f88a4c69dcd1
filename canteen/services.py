"""Domain logic of the canteen plugin: plain functions over a session. Other plugins and the
canteen's own pages, API and CLI call what `__all__` lists; each name's home:
  meal counts        `counts` (checks in `count_checks`)
  month printouts    `register`
"""
from __future__ import annotations

from .counts import (StaleCount, find_count, meal_counts, menu_of_meal, save_counts,
                     served_on_day)
from .errors import CanteenError
from .register import month_logs, month_register

__all__ = [
    "CanteenError", "StaleCount",
    # meal counts
    "find_count", "meal_counts", "menu_of_meal", "save_counts", "served_on_day",
    # the month's printouts
    "month_logs", "month_register",
]
