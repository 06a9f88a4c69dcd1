"""Run every benchmark, or the ones named: `.venv/bin/python -m bench [module ...]`.

Each module prints its detail lines and returns its figures; the table of all figures comes
last. A module that raises gets its traceback printed and a MISS row, and the others still
run; the exit status is 1 only if a module crashed (a MISS figure is a result, not a failure)."""
from __future__ import annotations

import importlib
import sys
import traceback

from .common import crashed, table

MODULES = ("nutrition_week", "nutrition_load", "nutrition_search", "procurement_stock",
           "menus_week", "menus_suggest", "roster_import", "roster_registration",
           "roster_reconcile", "subsidy_ledger", "subsidy_county_pdf", "canteen_load",
           "county_load")
# run only when named: the province takes tens of minutes and gigabytes (make bench-province)
ON_REQUEST = ("province",)


def run(names) -> tuple[list, bool]:
    figures, broken = [], False
    for name in names:
        print(f"== bench.{name} ==", flush=True)
        try:
            figures += importlib.import_module(f"bench.{name}").main()
        except Exception as error:  # one broken benchmark must not hide the others
            traceback.print_exc()
            figures.append(crashed(name, error))
            broken = True
        sys.stdout.flush()
    county_data = sys.modules.get("bench.county_data")  # imported only if a module used it
    if county_data is not None and county_data.built():  # its build's row first: its time is
        figures.insert(0, county_data.figure())            # no one benchmark's
    return figures, broken


def main(argv: list[str]) -> int:
    unknown = [n for n in argv if n not in MODULES + ON_REQUEST]
    if unknown:
        known = ", ".join(MODULES + ON_REQUEST)
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {known}", file=sys.stderr)
        return 2
    figures, broken = run(argv or MODULES)
    print()
    print(table(figures))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
