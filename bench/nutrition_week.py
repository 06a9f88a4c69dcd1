"""County week: 200 schools × 5 days × 3 meals × 6 dishes × 5 ingredients, analysed with day
and week summaries; beside it the floor: one NumPy matrix product of the same totals.

Run: .venv/bin/python -m bench.nutrition_week"""
from __future__ import annotations

import random
import time

import numpy as np

from nutrition.analysis import analyze_week
from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.standard import builtin_standards

from .common import Figure

SCHOOLS, DAYS, MEALS, DISHES, INGREDIENTS = 200, 5, ("breakfast", "lunch", "dinner"), 6, 5
LIMIT_S = 1.0


def county_week(table: FoodTable, seed: int = 7):
    rng = random.Random(seed)
    codes = [f.code for f in table.foods]
    bands = ["6-8", "9-11", "12-14"]
    schools = []
    for _ in range(SCHOOLS):
        eaters = [(b, s, rng.randint(10, 80)) for b in rng.sample(bands, 2) for s in "MF"]
        days = [{m: [(rng.choice(codes), rng.uniform(5, 120))
                     for _ in range(DISHES * INGREDIENTS)] for m in MEALS} for _ in range(DAYS)]
        schools.append((eaters, days))
    return schools


def main() -> list[Figure]:
    table = FoodTable(read_csv())
    standard = builtin_standards()["WS/T 554-2017"]
    schools = county_week(table)
    items = sum(len(m) for _e, days in schools for d in days for m in d.values())
    start = time.perf_counter()
    for eaters, days in schools:
        week, per_day = analyze_week(table, days, standard, eaters)
        week.to_dict(standard)
        for day, _meals in per_day:
            day.to_dict(standard)
    engine = time.perf_counter() - start

    # floor: every item's totals by one matrix product (item × food one-hot) @ per-gram table
    idx = np.array([table.index[c] for _e, days in schools for d in days
                    for m in d.values() for c, _g in m])
    grams = np.array([g for _e, days in schools for d in days for m in d.values() for _c, g in m])
    per_meal = DISHES * INGREDIENTS
    start = time.perf_counter()
    factors = table.per_gram[idx].reshape(-1, per_meal, table.per_gram.shape[1])
    totals = (grams.reshape(-1, 1, per_meal) @ factors)[:, 0, :]  # one batched matrix product
    floor = time.perf_counter() - start
    print(f"county week: {SCHOOLS} schools, {items} items, {len(totals)} meals")
    print(f"engine (meals, days, weekly averages, checks, day and week results as dicts): "
          f"{engine * 1000:.1f} ms (limit {LIMIT_S * 1000:.0f} ms)")
    print(f"NumPy floor (the same meal nutrient totals, one batched matrix product): "
          f"{floor * 1000:.1f} ms")
    print(f"ratio engine / floor: {engine / floor:.1f}")
    return [Figure(f"county week analysis, {SCHOOLS} schools, {items:,} items", engine,
                   "NumPy floor: the same meal totals, one batched matrix product", floor,
                   limit=LIMIT_S)]


if __name__ == "__main__":
    main()
