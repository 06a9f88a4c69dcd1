"""Domain logic of the canteen plugin: plain functions over a session."""
from __future__ import annotations

# the food-safety logs
from .accompany import accompanied_meal, save_accompanied_meal
from .disinfection import disinfections, record_disinfection
from .residue import FAIL_RATE, record_residue_test, residue_lines, residue_tests
from .samples import dispose_sample, record_sample, samples_for, served_dishes
from .staff import health_checks, record_health_checks, save_worker, workers

__all__ = [
    # food-safety logs
    "FAIL_RATE", "accompanied_meal", "dispose_sample", "disinfections", "health_checks",
    "record_disinfection", "record_health_checks", "record_residue_test", "record_sample",
    "residue_lines", "residue_tests", "samples_for", "save_accompanied_meal", "save_worker",
    "served_dishes", "workers",
]
