"""Run every benchmark: `.venv/bin/python -m bench`."""
from __future__ import annotations

from . import (canteen_load, menus_week, nutrition_load, nutrition_search, nutrition_week,
               menus_suggest, procurement_stock, roster_import, roster_reconcile,
               roster_registration,
               subsidy_county_pdf, subsidy_ledger)

for module in (nutrition_week, nutrition_load, nutrition_search, procurement_stock, menus_week,
               menus_suggest,
               roster_import, roster_registration, roster_reconcile, subsidy_ledger,
               subsidy_county_pdf, canteen_load):
    print(f"== {module.__name__} ==")
    module.main()
