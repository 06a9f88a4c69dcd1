"""Public analysis functions: a meal, a day, a week, as plain results (`to_dict()` for JSON).
Pure Python: no Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from math import isfinite, isnan
from typing import Mapping, Sequence

import numpy as np

from .engine import (GI, NI, NOT_COUNTED_AS_FOODS, SODIUM_MG_PER_SALT_G, STATUS, AnalysisError,
                     FoodTable, Intake, Targets, _status, average_targets,
                     is_whole_day, nutrient_score, targets_for)
from .foods import FOOD_GROUPS, NUTRIENTS
from .standard import MEALS, SEXES, STANDARD_GROUPS, Standard

Items = Sequence[tuple[str, float]]
WSTS = "WS/T 554-2017"
GUIDELINES = "Dietary Guidelines for Chinese Residents"


def normalize_eaters(standard: Standard, eaters) -> tuple:
    """((age_band, sex, count), ...) from dicts or tuples; AnalysisError names the bad one."""
    out = []
    for k, eater in enumerate(eaters or []):
        band, sex, count = (eater.get("age_band"), eater.get("sex"), eater.get("count", 1)) \
            if isinstance(eater, Mapping) else eater
        if band not in standard.age_bands:
            raise AnalysisError(f"eaters[{k}].age_band", f"unknown age band {band!r}")
        if sex not in SEXES:
            raise AnalysisError(f"eaters[{k}].sex", f"sex must be M or F, not {sex!r}")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise AnalysisError(f"eaters[{k}].count", "must be a whole number of 0 or more")
        if count:
            out.append((band, sex, count))
    if not out:
        raise AnalysisError("eaters", "needs at least one eater")
    return tuple(sorted(out))


def _r(value: float, places: int = 2):
    if value is None:
        return None
    value = float(value)
    return round(value, places) if isfinite(value) else None


@dataclass
class Check:
    code: str
    ok: bool
    value: float | int | None
    limit: str
    source: str = WSTS
    day_rule: bool = False  # a whole day's rule the school's other meals must complete
    scaled: bool = False    # a whole day's amount scaled to the share of the meals served

    @property
    def status(self) -> str:
        """ok, failed, or to_complete: a day rule the meals served do not meet alone."""
        return "ok" if self.ok else "to_complete" if self.day_rule else "failed"

    def to_dict(self) -> dict:
        value = self.value
        if isinstance(value, (float, np.floating)):
            value = _r(value)
        elif isinstance(value, (int, np.integer)):
            value = int(value)
        return {"code": self.code, "ok": bool(self.ok), "value": value, "limit": self.limit,
                "source": self.source, "day_rule": self.day_rule, "scaled": self.scaled,
                "status": self.status}


@dataclass
class Analysis:
    """One meal, or a day or an average day compared with the targets of the meals served."""

    meal: str
    intake: Intake
    targets: Targets
    basis: str = "edible"
    checks: list[Check] = field(default_factory=list)

    def energy_shares(self) -> dict[str, float | None]:
        energy = self.intake.totals[NI["energy_kcal"]]
        if energy <= 0:
            return {"protein": None, "fat": None, "carbohydrate": None}
        t = self.intake.totals
        return {"protein": 400 * t[NI["protein_g"]] / energy, "fat": 900 * t[NI["fat_g"]] / energy,
                "carbohydrate": 400 * t[NI["carbohydrate_g"]] / energy}

    def status(self) -> np.ndarray:
        return _status(self.intake.totals, self.targets.low, self.targets.high)

    def nutrient_score(self) -> float | None:
        """The Mean Adequacy Ratio in % (`engine.nutrient_score`) of these exact numbers."""
        return nutrient_score(self.intake.totals, self.targets.target)

    def group_grams(self) -> np.ndarray:
        return self.intake.group_edible if self.basis == "edible" else self.intake.group_raw

    def to_dict(self, standard: Standard) -> dict:
        # plain floats: rounding and comparing numpy scalars one by one is the page's cost
        t, status = self.intake.totals.tolist(), self.status().tolist()
        targets = self.targets
        target, low, high = targets.target.tolist(), targets.low.tolist(), targets.high.tolist()
        unknown, doubtful = self.intake.unknown.tolist(), self.intake.doubtful
        doubtful = [False] * len(t) if doubtful is None else doubtful.tolist()
        nutrients = []
        for name in NUTRIENTS:
            j = NI[name]
            aim = target[j]
            nutrients.append({
                "nutrient": name, "amount": _r(t[j]), "target": _r(aim),
                "percent": None if isnan(aim) or aim == 0 else _r(100 * t[j] / aim, 1),
                "low": _r(low[j]), "high": _r(high[j]),
                "status": None if isnan(aim) else STATUS[status[j]],
                "incomplete": bool(unknown[j]), "doubtful": bool(doubtful[j]),
                "uncertain_target": name in targets.uncertain,
            })
        shares = self.energy_shares()
        share_rules = standard.data["energy_share"]
        share_status = {}
        for part in ("fat", "carbohydrate"):
            v, rule = shares[part], share_rules[part]
            share_status[part] = None if v is None else (
                "low" if v < rule["low"] else "high" if v > rule["high"] else "ok")
        grams = self.group_grams().tolist()
        group_low, group_high = targets.group_low.tolist(), targets.group_high.tolist()
        groups = []
        for group, uncertain, shared in _group_marks(standard, self.meal):
            g = GI[group]
            lo, hi = group_low[g], group_high[g]
            groups.append({"group": group, "grams": _r(grams[g], 1), "low": _r(lo, 1),
                           "high": _r(hi, 1), "status": None if isnan(lo) else (
                               "low" if grams[g] < lo else "high" if grams[g] > hi else "ok"),
                           "uncertain": uncertain, "day_amount_shared": shared})
        return {
            "meal": self.meal, "nutrients": nutrients,
            "energy_share": {k: _r(v, 1) for k, v in shares.items()},
            "energy_share_status": share_status, "food_groups": groups,
            "other_groups": {g: _r(grams[GI[g]], 1) for g in FOOD_GROUPS
                             if g not in STANDARD_GROUPS and grams[GI[g]] > 0},
            "distinct_foods": len(self.intake.codes), "broad_groups": self.intake.broad_groups(),
            "checks": [c.to_dict() for c in self.checks],
        }


@lru_cache(maxsize=64)
def _group_marks(standard: Standard, meal: str) -> tuple[tuple[str, bool, bool], ...]:
    """(group, its amount is marked uncertain, it is a whole day's amount) for the groups the
    standard judges, for one meal or (day, week) any meal."""
    meals = MEALS if meal in ("day", "week") else (meal,)
    return tuple((group, any(standard.is_uncertain(group, m) for m in meals),
                  any(standard.is_day_amount(m, group) for m in meals))
                 for group in STANDARD_GROUPS)


def _basis(standard: Standard) -> str:
    return standard.data.get("food_group_basis", "edible")


def analyze_meal(table: FoodTable, items: Items, standard: Standard, eaters,
                 meal: str) -> Analysis:
    if meal not in MEALS + ("day",):
        raise AnalysisError("meal", f"unknown meal {meal!r}")
    eaters = normalize_eaters(standard, eaters)
    idx, grams = table.resolve(items)
    intake = Intake.of(table, idx, grams)
    analysis = Analysis(meal, intake, targets_for(standard, eaters, (meal,)), _basis(standard))
    if meal != "day":
        need = standard.principles["meal_groups_min"]
        analysis.checks.append(Check("meal_groups", intake.broad_groups() >= need,
                                     intake.broad_groups(), f"≥ {need}"))
    return analysis


def day_checks(standard: Standard, intake: Intake, targets: Targets,
               whole_day: bool = True) -> list[Check]:
    """WS/T 554's menu principles for a day. On a day that serves only some meals, amounts
    (milk, oil, salt) are judged on the served meals' share, the same ranges as their food
    groups; rules of kinds (vegetables, fruit, soy) are day rules the other meals complete."""
    p = standard.principles
    veg_edible = float(intake.group_edible[GI["vegetables"]])
    veg_kinds = len(intake.vegetable_codes)
    dark_share = intake.dark_edible / veg_edible if veg_edible else 0.0
    milk = float(intake.group_raw[GI["dairy"]])
    oil = float(intake.group_raw[GI["vegetable_oil"]])
    salt = float(intake.group_raw[GI["salt"]]) + intake.condiment_sodium / SODIUM_MG_PER_SALT_G
    lo_milk, hi_milk = targets.group_low[GI["dairy"]], targets.group_high[GI["dairy"]]
    max_oil, max_salt = targets.group_high[GI["vegetable_oil"]], targets.group_high[GI["salt"]]
    if whole_day:
        lo_milk, hi_milk = p["milk_per_day_g"]
        max_oil, max_salt = p["oil_per_day_max_g"], p["salt_per_day_max_g"]
    partial = not whole_day
    return [
        Check("vegetable_kinds", veg_kinds >= p["vegetables_per_day_min"], veg_kinds,
              f"≥ {p['vegetables_per_day_min']}", day_rule=partial),
        Check("dark_vegetable_share", dark_share > p["dark_vegetable_share_min"],
              round(100 * dark_share, 1), f"> {100 * p['dark_vegetable_share_min']:g} %",
              day_rule=partial),
        Check("fruit", intake.group_raw[GI["fruit"]] > 0 or not p["fruit_daily"],
              _r(intake.group_raw[GI["fruit"]], 1), "> 0 g", day_rule=partial),
        Check("milk", bool(lo_milk <= milk <= hi_milk), round(milk, 1),
              f"{_g(lo_milk)}-{_g(hi_milk)} g", scaled=partial),
        Check("soy", intake.group_raw[GI["soy_nuts"]] > 0 or not p["soy_daily"],
              _r(intake.group_raw[GI["soy_nuts"]], 1), "> 0 g", day_rule=partial),
        Check("oil", bool(oil <= max_oil), _r(oil, 1), f"≤ {_g(max_oil)} g", scaled=partial),
        Check("salt", bool(salt <= max_salt), round(salt, 2), f"≤ {_g(max_salt)} g",
              scaled=partial),
    ]


def _g(value: float) -> str:
    return f"{round(float(value), 1):g}"


def _counted(intake: Intake, table: FoodTable) -> int:
    skip = {GI[g] for g in NOT_COUNTED_AS_FOODS}
    return sum(1 for code in intake.codes if table.group[table.index[code]] not in skip)


def analyze_day(table: FoodTable, meals: Mapping[str, Items], standard: Standard,
                eaters) -> tuple[Analysis, dict[str, Analysis]]:
    """The day (against the targets of the meals served) and each meal."""
    served = tuple(m for m in MEALS if m in meals)
    if not served:
        raise AnalysisError("meals", "a day needs at least one meal")
    eaters = normalize_eaters(standard, eaters)
    per_meal = {m: analyze_meal(table, meals[m], standard, eaters, m) for m in served}
    intake = Intake.combine([a.intake for a in per_meal.values()])
    targets = targets_for(standard, eaters, served)
    whole = is_whole_day(served)
    day = Analysis("day", intake, targets, _basis(standard))
    day.checks = day_checks(standard, intake, targets, whole) + [
        Check("meal_groups", all(a.checks[0].ok for a in per_meal.values()),
              min(a.checks[0].value for a in per_meal.values()),
              f"≥ {standard.principles['meal_groups_min']}"),
        Check("foods_per_day", _counted(intake, table) >= 12, _counted(intake, table), "≥ 12",
              GUIDELINES, day_rule=not whole)]
    return day, per_meal


def analyze_week(table: FoodTable, days: Sequence[Mapping[str, Items]], standard: Standard,
                 eaters) -> tuple[Analysis, list[tuple[Analysis, dict[str, Analysis]]]]:
    """The weekly average per serving day (what the standard judges) against the average of
    the targets of the meals each day served, and every day."""
    eaters = normalize_eaters(standard, eaters)
    results = [analyze_day(table, d, standard, eaters) for d in days if d]
    if not results:
        raise AnalysisError("days", "a week needs at least one day with meals")
    average = Intake.combine([day.intake for day, _m in results], divide=len(results))
    targets = average_targets([day.targets for day, _m in results])
    week = Analysis("week", average, targets, _basis(standard))
    liver_total = sum(day.intake.liver_edible for day, _m in results)
    lo_liver, hi_liver = standard.principles["liver_per_week_g"]
    all_foods = Intake.combine([day.intake for day, _m in results])
    whole = all(is_whole_day(tuple(meals)) for _d, meals in results)
    week.checks = [
        Check("liver_per_week", lo_liver <= liver_total <= hi_liver, round(liver_total, 1),
              f"{lo_liver}-{hi_liver} g"),
        Check("foods_per_week", _counted(all_foods, table) >= 25, _counted(all_foods, table),
              "≥ 25", GUIDELINES, day_rule=not whole),
    ]
    return week, results
