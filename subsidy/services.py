"""Domain logic of the subsidy plugin: plain functions over a session. Other plugins and the
subsidy's own pages, API and CLI call what `__all__` lists; each name's home:
  anomaly flags and their explanations   `flags` (checks in `flag_counts`, `flag_money`)
"""
from __future__ import annotations

from .flags import (CODES as FLAG_CODES, FLAG_LABELS, NOTE_MAX, FlagError, explain_flag,
                    flag_settings, month_flags)

__all__ = [
    # anomaly flags of a school's month and the bureau's explanations
    "FLAG_CODES", "FLAG_LABELS", "NOTE_MAX", "FlagError", "explain_flag", "flag_settings",
    "month_flags",
]
