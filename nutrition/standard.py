"""Nutrition standards as data: load, validate and query (WS/T 554-2017 ships built in; a
province's own standard is a JSON file of the same shape). Pure Python: no Flask, no database."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .foods import FOOD_GROUPS, NUTRIENTS

BUILTIN_DIR = Path(__file__).parent / "standards"
MEALS = ("breakfast", "lunch", "dinner")
SEXES = ("M", "F")
STANDARD_GROUPS = ("cereals_tubers", "vegetables", "fruit", "meat_poultry", "fish_shrimp", "eggs",
                   "dairy", "soy_nuts", "vegetable_oil", "salt")
PRINCIPLE_KEYS = {"vegetables_per_day_min", "dark_vegetable_share_min", "fruit_daily",
                  "milk_per_day_g", "soy_daily", "liver_per_week_g", "oil_per_day_max_g",
                  "salt_per_day_max_g", "meal_groups_min"}


class StandardError(ValueError):
    """A standard file that does not validate; `problems` lists every one."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def validate(data: dict) -> list[str]:
    """Every problem of a standard document, as plain English sentences (empty: valid)."""
    problems = []
    for key in ("code", "name", "age_bands", "daily", "tolerance", "minimum_share",
                "energy_share", "meal_share", "meal_target_share", "food_groups", "principles"):
        if key not in data:
            problems.append(f"missing key '{key}'")
    if problems:
        return problems
    bands = data["age_bands"]
    if not bands or not all(isinstance(b, str) for b in bands):
        problems.append("age_bands must be a list of names")
    for nutrient, table in data["daily"].items():
        if nutrient not in NUTRIENTS:
            problems.append(f"daily: unknown nutrient '{nutrient}'")
            continue
        for band in bands:
            for sex in SEXES:
                value = table.get(band, {}).get(sex)
                if not _number(value):
                    problems.append(f"daily.{nutrient}.{band}.{sex} must be a number >= 0")
    if "energy_kcal" not in data["daily"]:
        problems.append("daily must give energy_kcal")
    for nutrient, rule in data["tolerance"].items():
        if not (_number(rule.get("low")) and _number(rule.get("high"))
                and rule["low"] <= 1 <= rule["high"]):
            problems.append(f"tolerance.{nutrient} needs low <= 1 <= high")
    if not (_number(data["minimum_share"]) and 0 < data["minimum_share"] <= 1):
        problems.append("minimum_share must be in (0, 1]")
    for part in ("fat", "carbohydrate"):
        rule = data["energy_share"].get(part, {})
        if not (_number(rule.get("low")) and _number(rule.get("high"))
                and rule["low"] <= rule["high"] <= 100):
            problems.append(f"energy_share.{part} needs 0 <= low <= high <= 100")
    for meal in MEALS:
        rule = data["meal_share"].get(meal, {})
        if not (_number(rule.get("low")) and _number(rule.get("high"))
                and rule["low"] <= rule["high"] <= 100):
            problems.append(f"meal_share.{meal} needs 0 <= low <= high <= 100")
        target = data["meal_target_share"].get(meal)
        if not (_number(target) and rule and rule.get("low", 0) <= target <= rule.get("high", 0)):
            problems.append(f"meal_target_share.{meal} must lie within meal_share.{meal}")
    groups = data["food_groups"]
    for meal in MEALS:
        table = groups.get(meal)
        if isinstance(table, str):
            if table not in MEALS or not isinstance(groups.get(table), dict):
                problems.append(f"food_groups.{meal} refers to '{table}', not a meal table")
            continue
        if not isinstance(table, dict):
            problems.append(f"food_groups.{meal} is missing")
            continue
        for group, by_band in table.items():
            if group not in FOOD_GROUPS:
                problems.append(f"food_groups.{meal}: unknown food group '{group}'")
                continue
            for band in bands:
                amount = by_band.get(band)
                if not (isinstance(amount, list) and len(amount) in (1, 2)
                        and all(_number(a) for a in amount) and amount[0] <= amount[-1]):
                    problems.append(f"food_groups.{meal}.{group}.{band} must be [amount] "
                                    "or [low, high]")
    for group, meals in data.get("whole_day_amounts", {}).items():
        if group not in FOOD_GROUPS or not isinstance(meals, list) \
                or not all(m in MEALS for m in meals):
            problems.append(f"whole_day_amounts.{group} must be a list of meals")
    missing = PRINCIPLE_KEYS - set(data["principles"])
    if missing:
        problems.append("principles: missing " + ", ".join(sorted(missing)))
    return problems


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: caches key on it
class Standard:
    data: dict

    @classmethod
    def from_dict(cls, data: dict) -> "Standard":
        problems = validate(data)
        if problems:
            raise StandardError(problems)
        return cls(data)

    @classmethod
    def from_file(cls, path) -> "Standard":
        with open(path, encoding="utf-8") as fh:
            try:
                data = json.load(fh)
            except json.JSONDecodeError as exc:
                raise StandardError([f"not valid JSON: {exc}"]) from exc
        return cls.from_dict(data)

    @property
    def code(self) -> str:
        return self.data["code"]

    @property
    def age_bands(self) -> tuple[str, ...]:
        return tuple(self.data["age_bands"])

    @property
    def principles(self) -> dict:
        return self.data["principles"]

    def daily(self, nutrient: str, band: str, sex: str) -> float | None:
        table = self.data["daily"].get(nutrient)
        return None if table is None else float(table[band][sex])

    def groups_table(self, meal: str) -> dict:
        table = self.data["food_groups"][meal]
        return self.data["food_groups"][table] if isinstance(table, str) else table

    def group_range(self, meal: str, group: str, band: str) -> tuple[float, float] | None:
        """(low, high) g per person; a single printed amount gets the standard's tolerance.
        A whole day is the sum of the three meals (derived, not printed in the standard)."""
        if meal == "day":
            parts = [self.group_range(m, group, band) for m in MEALS]
            if any(p is None for p in parts):
                return None
            return sum(p[0] for p in parts), sum(p[1] for p in parts)
        amount = self.groups_table(meal).get(group, {}).get(band)
        if amount is None:
            return None
        if self.is_day_amount(meal, group):  # printed per meal, but a whole day's amount
            share = self.data["meal_target_share"][meal] / 100
            amount = [a * share for a in amount]
        if len(amount) == 1:
            tol = self.data.get("single_amount_tolerance", 0.2)
            return amount[0] * (1 - tol), amount[0] * (1 + tol)
        return float(amount[0]), float(amount[1])

    def is_day_amount(self, meal: str, group: str) -> bool:
        """The meal table's amount of this group is a whole day's: a meal is judged against
        its share of it (WS/T 554 Table 4's soy-and-nuts row)."""
        return meal in self.data.get("whole_day_amounts", {}).get(group, ())

    def day_amount_groups(self, meal: str) -> list[str]:
        return [g for g in self.data.get("whole_day_amounts", {}) if self.is_day_amount(meal, g)]

    def is_uncertain(self, key: str, band: str | None = None, sex: str | None = None) -> bool:
        """Whether DOMAIN.md marks a value [?]: for all ("*"), an age band, "band/sex", or
        (for a food group) a meal."""
        marks = self.data.get("uncertain", {}).get(key, [])
        return "*" in marks or band in marks or f"{band}/{sex}" in marks


def builtin_standards() -> dict[str, Standard]:
    """The shipped standards by code: a new dict each call, the same Standard objects, read
    once per process, so the caches keyed on a standard (`engine.targets_for`) keep hitting."""
    return dict(_builtin_standards())


@lru_cache(maxsize=1)
def _builtin_standards() -> tuple[tuple[str, Standard], ...]:
    standards = (Standard.from_file(path) for path in sorted(BUILTIN_DIR.glob("*.json")))
    return tuple((standard.code, standard) for standard in standards)
