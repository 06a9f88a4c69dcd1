"""The planner's numbers for a week of dishes, with no database: the head-count weighted
portion of each food per meal, the cost per serving per day and the engine's analysis. The
planner (`week_plan`) and the menu solver both call `plan_days`, so a suggested week is judged
by exactly the code that judges it in the planner."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Callable, Iterable

from nutrition.services import analyze_week
from suite.money import money

from .dishes import cost_of

Rows = Callable[[object, str], Iterable[tuple[object, Decimal]]]  # (dish, band) -> food rows


def head_counts(eaters) -> dict[str, int]:
    """Head count per age band: the exact weights of the mix."""
    heads: dict[str, int] = defaultdict(int)
    for band, _sex, count in eaters:
        heads[band] += count
    return dict(heads)


def meal_grams(dishes, heads: dict[str, int], rows: Rows) -> dict:
    """Σ grams × head count of each food over the dishes of one meal, exact."""
    grams: dict = defaultdict(Decimal)
    for dish in dishes:
        for band, n in heads.items():
            for food, g in rows(dish, band):
                grams[food] += g * n
    return grams


def plan_days(table, standard, eaters, days: list[dict], rows: Rows, codes: dict,
              prices: dict, names: dict, meal_order) -> dict:
    """`days`: [{"day", "rate", "meals": {meal: [dish, ...]}}]; `codes`, `prices`, `names`
    by food key. Returns the planner's days (meals with items, portions and analyses, cost
    against rate), the week's analysis dict and the average cost; days without dishes are
    left out of the average, as the standard judges served days."""
    heads = head_counts(eaters)
    total = sum(heads.values())
    out = []
    for spec in days:
        meals, grams_day = {}, defaultdict(Decimal)
        for meal in meal_order:
            dishes = spec["meals"].get(meal) or []
            if not dishes:
                continue
            grams = meal_grams([d for d, _item in dishes], heads, rows)
            meals[meal] = {"items": [item for _d, item in dishes],
                           "grams": {f: g / total for f, g in grams.items()}}
            for food, g in grams.items():
                grams_day[food] += g
        out.append({"day": spec["day"], "meals": meals, "rate": spec["rate"],
                    "cost": cost_of(grams_day, prices, names, servings=total)})
    result = {"days": out, "week": None, "nutrient_score": None}
    served = [d for d in out if d["meals"]]
    if not served:
        return result
    week_input = [{m: [(codes[f], float(g)) for f, g in v["grams"].items()]
                   for m, v in d["meals"].items()} for d in served]
    week, per_day = analyze_week(table, week_input, standard, eaters)
    for d, (day_analysis, meal_analyses) in zip(served, per_day):
        d["analysis"] = day_analysis.to_dict(standard)
        for meal, analysis in meal_analyses.items():
            d["meals"][meal]["analysis"] = analysis.to_dict(standard)
    result["week"] = week.to_dict(standard)
    # from the unrounded analysis, so a proposal's score and the planner's agree exactly
    result["nutrient_score"] = week.nutrient_score()
    costs = [d["cost"].exact for d in served]  # rounded once, at the end
    result["average_cost"] = money(sum(costs) / len(costs))
    return result
