"""Domain logic of the subsidy plugin: plain functions over a session. Other plugins and the
subsidy's own pages, API and CLI call what `__all__` lists; each name's home:
  the monthly ledger of a school, a township and the county   `ledger` (SQL in `ledger_sql`)
"""
from __future__ import annotations

from .ledger import (COUNTS, MONEY, LedgerError, county_month, ledger_json, school_month,
                     totals)

__all__ = [
    # the monthly ledger
    "COUNTS", "MONEY", "LedgerError", "county_month", "ledger_json", "school_month", "totals",
]
