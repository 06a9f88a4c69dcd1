"""The analysis engine: nutrients, targets and checks of meals, days and weeks.

Pure Python with NumPy: no Flask, no database. Items are (food code, raw grams as purchased per
person); a nutrient total is raw grams × edible fraction × value per 100 g / 100, the edible
fraction applied once, in `FoodTable`."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from .foods import FOOD_GROUPS, NUTRIENTS, Food
from .standard import MEALS, STANDARD_GROUPS, Standard

N = len(NUTRIENTS)
NI = {name: i for i, name in enumerate(NUTRIENTS)}
GI = {name: i for i, name in enumerate(FOOD_GROUPS)}
BROAD_GROUPS = (("cereals_tubers",), ("vegetables", "fruit"),
                ("meat_poultry", "fish_shrimp", "eggs"), ("dairy", "soy_nuts"))
NOT_COUNTED_AS_FOODS = ("vegetable_oil", "salt", "condiments")
SODIUM_MG_PER_SALT_G = 393.0  # uncertain [?]: DOMAIN.md section 4
STATUS = {-1: "low", 0: "ok", 1: "high"}
MAX_GRAMS = 2000.0


class AnalysisError(ValueError):
    """Bad input to the engine; `field` names the offending part."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class FoodTable:
    """The foods an analysis may use, as arrays: per-gram-raw nutrient factors."""

    def __init__(self, foods: Iterable[Food]):
        self.foods = list(foods)
        self.index = {f.code: i for i, f in enumerate(self.foods)}
        n = len(self.foods)
        self.per_gram = np.zeros((n, N))
        self.known = np.ones((n, N), dtype=bool)
        self.doubtful = np.array([[name in f.doubtful for name in NUTRIENTS] for f in self.foods],
                                 dtype=bool).reshape(n, N)
        self.edible = np.array([f.edible_fraction for f in self.foods], dtype=float)
        self.group = np.array([GI[f.food_group] for f in self.foods], dtype=np.int64)
        self.dark = np.array([f.dark_vegetable for f in self.foods], dtype=bool)
        self.liver = np.array([f.liver for f in self.foods], dtype=bool)
        for i, food in enumerate(self.foods):
            for j, name in enumerate(NUTRIENTS):
                value = food.nutrients.get(name)
                if value is None:
                    self.known[i, j] = False
                else:
                    self.per_gram[i, j] = food.edible_fraction * value / 100.0

    def resolve(self, items: Sequence[tuple[str, float]], field: str = "items"):
        """(row indices, grams) arrays; AnalysisError on an unknown food or bad grams."""
        idx = np.empty(len(items), dtype=np.int64)
        grams = np.empty(len(items))
        for k, (code, g) in enumerate(items):
            i = self.index.get(code)
            if i is None:
                raise AnalysisError(f"{field}[{k}].food", f"unknown food code {code!r}")
            if not (isinstance(g, (int, float)) and 0 < g <= MAX_GRAMS):
                raise AnalysisError(f"{field}[{k}].grams", f"must be above 0 and at most {MAX_GRAMS:g}")
            idx[k], grams[k] = i, g
        return idx, grams


@dataclass(frozen=True)
class Targets:
    """Per nutrient: target, low and high bounds (NaN: no rule), and the rule kind."""

    target: np.ndarray
    low: np.ndarray
    high: np.ndarray
    group_low: np.ndarray
    group_high: np.ndarray
    uncertain: frozenset = frozenset()  # nutrients whose standard value for these eaters is [?]


def _mix(standard: Standard, eaters: tuple) -> tuple[np.ndarray, dict]:
    """Head-count weighted daily values and weights per age band."""
    total = sum(c for _b, _s, c in eaters)
    if total <= 0:
        raise AnalysisError("eaters", "needs at least one eater")
    day = np.full(N, np.nan)
    for name in NUTRIENTS:
        if name in standard.data["daily"]:
            day[NI[name]] = sum(c * standard.daily(name, b, s) for b, s, c in eaters) / total
    bands: dict[str, float] = {}
    for b, _s, c in eaters:
        bands[b] = bands.get(b, 0.0) + c / total
    return day, bands


def is_whole_day(meals: tuple[str, ...]) -> bool:
    return meals == ("day",) or set(meals) == set(MEALS)


def _shares(d: dict, meals: tuple[str, ...]) -> tuple[float, float, float]:
    """(target, low, high) fractions of the day's values for the meals served. A whole day
    (all three meals) is judged against 100 % of the standard; some meals against the sum of
    their shares."""
    if is_whole_day(meals):
        return 1.0, 1.0, 1.0
    return (sum(d["meal_target_share"][m] for m in meals) / 100,
            sum(d["meal_share"][m]["low"] for m in meals) / 100,
            sum(d["meal_share"][m]["high"] for m in meals) / 100)


def _group_ranges(standard: Standard, bands: dict, meals: tuple[str, ...]):
    """Head-count weighted food-group ranges summed over the meals served (NaN: no rule)."""
    group_low, group_high = np.full(len(FOOD_GROUPS), np.nan), np.full(len(FOOD_GROUPS), np.nan)
    for group in STANDARD_GROUPS:
        g_lo = g_hi = 0.0
        for meal in (MEALS if is_whole_day(meals) else meals):
            for band, weight in bands.items():
                rng = standard.group_range(meal, group, band)
                if rng is None:
                    break
                g_lo, g_hi = g_lo + weight * rng[0], g_hi + weight * rng[1]
            else:
                continue
            g_lo = g_hi = np.nan
            break
        group_low[GI[group]], group_high[GI[group]] = g_lo, g_hi
    if is_whole_day(meals):
        _apply_day_principles(standard.principles, group_low, group_high)
    return group_low, group_high


def _apply_day_principles(p: dict, group_low: np.ndarray, group_high: np.ndarray) -> None:
    """A whole day's printed rules (milk 200-300 g, oil and salt at most) replace the ranges
    derived from the meal tables, so a food group and its day rule never disagree."""
    dairy, oil, salt = GI["dairy"], GI["vegetable_oil"], GI["salt"]
    group_low[dairy], group_high[dairy] = p["milk_per_day_g"]
    group_high[oil] = min(group_high[oil], p["oil_per_day_max_g"])
    group_high[salt] = min(group_high[salt], p["salt_per_day_max_g"])
    group_low[oil], group_low[salt] = min(group_low[oil], group_high[oil]), \
        min(group_low[salt], group_high[salt])


@lru_cache(maxsize=4096)
def targets_for(standard: Standard, eaters: tuple, meals: tuple[str, ...]) -> Targets:
    """Targets for one meal (meals=('lunch',)), the meals a school serves on a day, or a whole
    day (('day',) or all three meals)."""
    day, bands = _mix(standard, eaters)
    d = standard.data
    share, lo, hi = _shares(d, meals)
    target, low, high = day * share, np.full(N, np.nan), np.full(N, np.nan)
    for name in NUTRIENTS:
        j = NI[name]
        if np.isnan(day[j]):
            continue
        rule = d["tolerance"].get(name)
        if rule:
            low[j], high[j] = day[j] * lo * rule["low"], day[j] * hi * rule["high"]
        else:
            low[j], high[j] = day[j] * lo * d["minimum_share"], np.inf
    group_low, group_high = _group_ranges(standard, bands, meals)
    uncertain = frozenset(n for n in d["daily"] for b, s, _c in eaters
                          if standard.is_uncertain(n, b, s))
    return Targets(target, low, high, group_low, group_high, uncertain)


def scored_nutrients(target: np.ndarray) -> np.ndarray:
    """Indices of the nutrients the nutrient score averages: every one with a target above
    zero for these eaters except energy, which has an upper bound (more is not better)."""
    scored = np.isfinite(target) & (np.nan_to_num(target) > 0)
    scored[NI["energy_kcal"]] = False
    return np.flatnonzero(scored)


def nutrient_score(totals: np.ndarray, target: np.ndarray) -> float | None:
    """The nutrient score: the Mean Adequacy Ratio of nutrition science, in %. The mean over
    `scored_nutrients` of min(1, intake / target): a surplus of one nutrient never makes up
    for a shortfall of another. None when the standard sets no such target."""
    idx = scored_nutrients(target)
    if not len(idx):
        return None
    return float(100 * np.mean(np.minimum(1.0, totals[idx] / target[idx])))


def average_targets(parts: Sequence[Targets]) -> Targets:
    """The average day's targets of days that served different meals (a week that mixes
    breakfast + lunch days with lunch-only days)."""
    def mean(name):
        return np.mean([getattr(t, name) for t in parts], axis=0)
    return Targets(mean("target"), mean("low"), mean("high"), mean("group_low"),
                   mean("group_high"), frozenset().union(*(t.uncertain for t in parts)))


def _status(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values), dtype=np.int8)
    out[values < low] = -1
    out[values > high] = 1
    return out


@dataclass
class Intake:
    """What a meal, a day or an average day supplies per person."""

    totals: np.ndarray           # per nutrient
    unknown: np.ndarray          # per nutrient: some food had no value (total is a floor)
    group_edible: np.ndarray     # edible grams per food group
    group_raw: np.ndarray        # raw grams per food group
    codes: frozenset             # distinct foods
    vegetable_codes: frozenset   # distinct vegetables
    dark_edible: float
    liver_edible: float
    condiment_sodium: float
    doubtful: np.ndarray | None = None  # per nutrient: some food's value is flagged or marked

    @classmethod
    def of(cls, table: FoodTable, idx: np.ndarray, grams: np.ndarray) -> "Intake":
        totals = grams @ table.per_gram[idx]
        unknown = ~table.known[idx].all(axis=0) if len(idx) else np.zeros(N, dtype=bool)
        edible = grams * table.edible[idx]
        groups = table.group[idx]
        g = len(FOOD_GROUPS)
        cond = groups == GI["condiments"]
        veg = GI["vegetables"]
        return cls(totals, unknown, np.bincount(groups, weights=edible, minlength=g),
                   np.bincount(groups, weights=grams, minlength=g),
                   frozenset(table.foods[i].code for i in idx),
                   frozenset(table.foods[i].code for i in idx if table.group[i] == veg),
                   float(edible[table.dark[idx]].sum()), float(edible[table.liver[idx]].sum()),
                   float(grams[cond] @ table.per_gram[idx[cond], NI["sodium_mg"]]),
                   table.doubtful[idx].any(axis=0) if len(idx) else np.zeros(N, dtype=bool))

    @classmethod
    def combine(cls, parts: Sequence["Intake"], divide: float = 1.0) -> "Intake":
        return cls(sum(p.totals for p in parts) / divide,
                   np.logical_or.reduce([p.unknown for p in parts]),
                   sum(p.group_edible for p in parts) / divide,
                   sum(p.group_raw for p in parts) / divide,
                   frozenset().union(*(p.codes for p in parts)),
                   frozenset().union(*(p.vegetable_codes for p in parts)),
                   sum(p.dark_edible for p in parts) / divide,
                   sum(p.liver_edible for p in parts) / divide,
                   sum(p.condiment_sodium for p in parts) / divide,
                   np.logical_or.reduce([p.doubtful for p in parts]))

    def broad_groups(self) -> int:
        return sum(any(self.group_raw[GI[g]] > 0 for g in groups) for groups in BROAD_GROUPS)
