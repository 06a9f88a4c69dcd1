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


def N_(text: str) -> str:
    """Marks a template for the catalogue (the UI translates it; the engine imports no Flask)."""
    return text


class Problem(str):
    """One problem of a standard file: reads as its English sentence (the CLI prints it) and
    keeps its template and values, so a page shows it in the reader's language."""

    def __new__(cls, template: str, **params):
        self = super().__new__(cls, template % params if params else template)
        self.template, self.params = template, params
        return self


class StandardError(ValueError):
    """A standard file that does not validate; `problems` lists every one."""

    def __init__(self, problems: list):
        super().__init__("; ".join(problems))
        self.problems = problems


def validate(data: dict) -> list[str]:
    """Every problem of a standard document (empty: valid); a part of the wrong kind (a
    number where a table belongs) is one problem, not an error."""
    try:
        return _validate(data)
    except (AttributeError, TypeError, KeyError, IndexError):
        return [Problem(N_("The file is not laid out as a standard: compare it with the "
                           "built-in one (nutrition/standards/wst554_2017.json)."))]


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _validate(data: dict) -> list[str]:
    problems = []
    for key in ("code", "name", "age_bands", "daily", "tolerance", "minimum_share",
                "energy_share", "meal_share", "meal_target_share", "food_groups", "principles"):
        if key not in data:
            problems.append(Problem(N_("missing key '%(key)s'"), key=key))
    if problems:
        return problems
    for key in ("code", "name"):
        if not isinstance(data[key], str) or not data[key].strip() or len(data[key]) > 40:
            problems.append(Problem(N_("%(key)s must be a text of 1 to 40 characters"), key=key))
    bands = data["age_bands"]
    if not bands or not all(isinstance(b, str) for b in bands):
        problems.append(Problem(N_("age_bands must be a list of names")))
    for nutrient, table in data["daily"].items():
        if nutrient not in NUTRIENTS:
            problems.append(Problem(N_("daily: unknown nutrient '%(nutrient)s'"),
                                    nutrient=nutrient))
            continue
        for band in bands:
            for sex in SEXES:
                value = table.get(band, {}).get(sex)
                if not _number(value):
                    problems.append(Problem(N_("daily.%(nutrient)s.%(band)s.%(sex)s must be a "
                                                   "number >= 0"),
                                                nutrient=nutrient, band=band, sex=sex))
    if "energy_kcal" not in data["daily"]:
        problems.append(Problem(N_("daily must give energy_kcal")))
    for nutrient, rule in data["tolerance"].items():
        if not (_number(rule.get("low")) and _number(rule.get("high"))
                and rule["low"] <= 1 <= rule["high"]):
            problems.append(Problem(N_("tolerance.%(nutrient)s needs low <= 1 <= high"),
                                    nutrient=nutrient))
    if not (_number(data["minimum_share"]) and 0 < data["minimum_share"] <= 1):
        problems.append(Problem(N_("minimum_share must be in (0, 1]")))
    for part in ("fat", "carbohydrate"):
        rule = data["energy_share"].get(part, {})
        if not (_number(rule.get("low")) and _number(rule.get("high"))
                and rule["low"] <= rule["high"] <= 100):
            problems.append(Problem(N_("energy_share.%(part)s needs 0 <= low <= high <= 100"),
                                    part=part))
    for meal in MEALS:
        rule = data["meal_share"].get(meal, {})
        if not (_number(rule.get("low")) and _number(rule.get("high"))
                and rule["low"] <= rule["high"] <= 100):
            problems.append(Problem(N_("meal_share.%(meal)s needs 0 <= low <= high <= 100"),
                                    meal=meal))
        target = data["meal_target_share"].get(meal)
        if not (_number(target) and rule and rule.get("low", 0) <= target <= rule.get("high", 0)):
            problems.append(Problem(N_("meal_target_share.%(meal)s must lie within "
                                       "meal_share.%(meal)s"), meal=meal))
    groups = data["food_groups"]
    for meal in MEALS:
        table = groups.get(meal)
        if isinstance(table, str):
            if table not in MEALS or not isinstance(groups.get(table), dict):
                problems.append(Problem(N_("food_groups.%(meal)s refers to '%(table)s', not a "
                                           "meal table"), meal=meal, table=table))
            continue
        if not isinstance(table, dict):
            problems.append(Problem(N_("food_groups.%(meal)s is missing"), meal=meal))
            continue
        for group, by_band in table.items():
            if group not in FOOD_GROUPS:
                problems.append(Problem(N_("food_groups.%(meal)s: unknown food group "
                                           "'%(group)s'"), meal=meal, group=group))
                continue
            for band in bands:
                amount = by_band.get(band)
                if not (isinstance(amount, list) and len(amount) in (1, 2)
                        and all(_number(a) for a in amount) and amount[0] <= amount[-1]):
                    problems.append(Problem(N_("food_groups.%(meal)s.%(group)s.%(band)s must "
                                               "be [amount] or [low, high]"),
                                            meal=meal, group=group, band=band))
    for group, meals in data.get("whole_day_amounts", {}).items():
        if group not in FOOD_GROUPS or not isinstance(meals, list) \
                or not all(m in MEALS for m in meals):
            problems.append(Problem(N_("whole_day_amounts.%(group)s must be a list of meals"),
                                    group=group))
    missing = PRINCIPLE_KEYS - set(data["principles"])
    if missing:
        problems.append(Problem(N_("principles: missing %(keys)s"),
                                keys=", ".join(sorted(missing))))
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
                raise StandardError([Problem(N_("not valid JSON: %(error)s"), error=str(exc))]) \
                    from exc
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
