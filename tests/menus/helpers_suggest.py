"""Synthetic dish libraries for the menu solver's tests and benchmark: realistic rural
school dishes built from the built-in food table with seeded grams and county prices."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from menus.suggest_model import Candidate

BANDS = ("6-8", "9-11", "12-14", "15-17")
FACTORS = {"6-8": Decimal("0.8"), "9-11": Decimal("1.0"), "12-14": Decimal("1.15"),
           "15-17": Decimal("1.3")}
PRICES = {  # CNY per kg, county prices of 2026 (assumed)
    "012001x": "5.60", "011201x": "4.40", "015101": "9.00", "013109": "4.00", "021101": "3.00",
    "081110": "28.00", "091112": "20.00", "082108x": "70.00", "121102": "16.00",
    "121203": "30.00", "122108": "60.00", "111101x": "11.00", "031301x": "6.00",
    "081214": "20.00", "101101x": "12.00", "103001x": "16.00", "045301": "6.00",
    "045125": "5.00", "045120": "4.00", "045101x": "2.50", "041201": "3.50",
    "045217": "8.00", "043119": "5.00", "043208": "4.50", "043101x": "5.00", "043221": "2.50",
    "052004": "8.00", "061101x": "8.00", "065033": "7.00", "064101": "9.00",
    "061201x": "7.50", "192004": "12.00", "L0001": "3.00", "031101": "8.00",
    "045312": "5.00", "042110": "7.00"}
STAPLES = ("012001x", "011201x", "015101", "013109", "021101")
PROTEINS = ("081110", "091112", "082108x", "121102", "121203", "122108", "111101x",
            "031301x", "081214")
VEGETABLES = ("045301", "045125", "045120", "045101x", "041201", "045217", "043119",
              "043208", "043101x", "043221", "052004", "045312", "042110")
FRUITS = ("061101x", "065033", "064101", "061201x")
MILKS = ("101101x", "103001x")
OIL, SALT = "192004", "L0001"
PORK = ("081110", "081214")


@dataclass(frozen=True)
class Price:
    per_kg: Decimal
    day: date


def price_table(day=date(2026, 9, 1)) -> dict:
    return {code: Price(Decimal(p), day) for code, p in PRICES.items()}


def _g(x: float) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def candidate(key, name, role, base: list, prices: dict, meals=("lunch", "dinner"),
              main=None) -> Candidate:
    """Rows per band scaled from 9-11 grams like `dish_grams` (0.1 g, half up)."""
    rows, cost = {}, {}
    for band in BANDS:
        scale = FACTORS[band]
        rows[band] = tuple((code, (_g(g) * scale).quantize(Decimal("0.1"),
                                                           rounding=ROUND_HALF_UP))
                           for code, g in base)
        cost[band] = sum(g * prices[c].per_kg for c, g in rows[band]) / 1000
    tags = frozenset({"pork"} if any(c in PORK for c, _g in base) else ())
    return Candidate(key, name, role, frozenset(meals), rows, cost, tags, main)


def library(seed: int, sizes: dict, prices: dict) -> list[Candidate]:
    """Seeded dishes: `sizes` role -> count."""
    rnd = random.Random(seed)
    out = []

    def add(role, base, main=None, meals=("lunch", "dinner")):
        out.append(candidate(len(out) + 1, f"{role}{len(out) + 1}", role, base, prices,
                             meals, main))
    for _ in range(sizes.get("staple", 0)):
        grain = rnd.uniform(70, 100)
        add("staple", [("012001x", grain), (rnd.choice(STAPLES), 125 - grain)],
            meals=("breakfast", "lunch", "dinner"))
    for _ in range(sizes.get("main", 0)):
        p = rnd.choice(PROTEINS)
        grams = rnd.uniform(20, 26) if p == "081214" else rnd.uniform(20, 55)
        add("main", [(p, grams), (rnd.choice(VEGETABLES), rnd.uniform(20, 60)),
                     (OIL, rnd.uniform(3, 5)), (SALT, rnd.uniform(0.4, 0.9))], main=p)
    for _ in range(sizes.get("vegetable", 0)):
        a, b = rnd.sample(VEGETABLES, 2)
        add("vegetable", [(a, rnd.uniform(50, 90)), (b, rnd.uniform(20, 50)),
                          (OIL, rnd.uniform(3, 5)), (SALT, rnd.uniform(0.3, 0.7))])
    for _ in range(sizes.get("soup", 0)):
        add("soup", [(rnd.choice(("111101x", "031301x", "031101")), rnd.uniform(8, 20)),
                     (rnd.choice(VEGETABLES), rnd.uniform(15, 35)), (SALT, rnd.uniform(0.2, 0.4))])
    for _ in range(sizes.get("fruit", 0)):
        add("fruit", [(rnd.choice(FRUITS), rnd.uniform(95, 125))],
            meals=("breakfast", "lunch", "dinner"))
    for _ in range(sizes.get("milk", 0)):
        add("milk", [(rnd.choice(MILKS), rnd.uniform(66, 94))],
            meals=("breakfast", "lunch", "dinner"))
    for _ in range(sizes.get("other", 0)):  # breakfast: a boiled egg, or soy milk
        add("other", [("111101x", rnd.uniform(50, 60))] if rnd.random() < 0.6 else
            [("031101", rnd.uniform(10, 20))], meals=("breakfast",))
    return out


def school_days(n: int, start=date(2026, 9, 7)) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]
