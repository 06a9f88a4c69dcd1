"""Run every benchmark: `.venv/bin/python -m bench`."""
from __future__ import annotations

from . import nutrition_week

for module in (nutrition_week,):
    print(f"== {module.__name__} ==")
    module.main()
