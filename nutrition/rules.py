"""The analysis engine's verdicts as linear bounds, for a solver that must produce weeks the
engine passes: the same targets (`targets_for`), the same principles, read from one place.
Pure Python: no Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import GI, NI, SODIUM_MG_PER_SALT_G, is_whole_day, scored_nutrients, targets_for
from .foods import NUTRIENTS
from .standard import MEALS, STANDARD_GROUPS, Standard


@dataclass(frozen=True)
class Rules:
    """What a week of days serving `meals` must meet for one mix of eaters.

    Week rules are on the average served day (nutrients, energy shares, food groups) or the
    week's total (liver); day rules hold on every day. `whole_day` marks the rules of kinds
    (vegetable kinds, dark share, fruit, soy, foods per day and week) as failures; on days
    serving only some meals they are day rules the other meals complete, not failures."""

    meals: tuple[str, ...]
    whole_day: bool
    nutrient_low: np.ndarray        # per NUTRIENTS, NaN: no rule
    nutrient_high: np.ndarray       # per NUTRIENTS, inf or NaN: no upper rule
    energy_share: dict              # {"fat": (low %, high %), "carbohydrate": (...)}
    group_low: np.ndarray           # per FOOD_GROUPS (standard groups only), NaN: no rule
    group_high: np.ndarray
    group_basis: str                # "edible" or "raw" grams
    liver_week: tuple[float, float]  # edible grams over the whole week
    milk_day: tuple[float, float]   # raw dairy grams per day
    oil_day_max: float              # raw grams per day
    salt_day_max: float             # raw salt + condiment sodium / SODIUM_MG_PER_SALT_G
    meal_groups_min: int            # broad groups per meal (raw grams > 0)
    vegetable_kinds_min: int
    dark_share_min: float           # strictly above
    fruit_daily: bool
    soy_daily: bool
    foods_per_day_min: int = 12
    foods_per_week_min: int = 25
    sodium_per_salt_g: float = SODIUM_MG_PER_SALT_G
    # the nutrient score's terms (`engine.nutrient_score`): per NUTRIENTS the target of the
    # average day, and the indices the score averages (energy never among them)
    nutrient_target: np.ndarray | None = None
    scored: tuple[int, ...] = ()


def served_meals(meals) -> tuple[str, ...]:
    """The meals in the standard's order, as the engine reads a day."""
    return tuple(m for m in MEALS if m in set(meals))


def linear_rules(standard: Standard, eaters: tuple, meals) -> Rules:
    """The bounds `analyze_week` and `day_checks` apply to weeks of days serving `meals`,
    for normalised `eaters`."""
    meals = served_meals(meals)
    targets = targets_for(standard, eaters, meals)
    p = standard.principles
    whole = is_whole_day(meals)
    dairy, oil, salt = GI["dairy"], GI["vegetable_oil"], GI["salt"]
    milk = tuple(p["milk_per_day_g"]) if whole else \
        (targets.group_low[dairy], targets.group_high[dairy])
    group_low, group_high = np.full(len(targets.group_low), np.nan), \
        np.full(len(targets.group_high), np.nan)
    for group in STANDARD_GROUPS:
        group_low[GI[group]] = targets.group_low[GI[group]]
        group_high[GI[group]] = targets.group_high[GI[group]]
    shares = standard.data["energy_share"]
    return Rules(
        meals=meals, whole_day=whole,
        nutrient_low=targets.low.copy(), nutrient_high=targets.high.copy(),
        energy_share={k: (shares[k]["low"], shares[k]["high"]) for k in ("fat", "carbohydrate")},
        group_low=group_low, group_high=group_high,
        group_basis=standard.data.get("food_group_basis", "edible"),
        liver_week=tuple(p["liver_per_week_g"]), milk_day=milk,
        oil_day_max=p["oil_per_day_max_g"] if whole else targets.group_high[oil],
        salt_day_max=p["salt_per_day_max_g"] if whole else targets.group_high[salt],
        meal_groups_min=p["meal_groups_min"],
        vegetable_kinds_min=p["vegetables_per_day_min"],
        dark_share_min=p["dark_vegetable_share_min"],
        fruit_daily=bool(p["fruit_daily"]), soy_daily=bool(p["soy_daily"]),
        nutrient_target=targets.target.copy(),
        scored=tuple(int(j) for j in scored_nutrients(targets.target)))


NUTRIENT_INDEX = {name: NI[name] for name in NUTRIENTS}
GROUP_INDEX = dict(GI)
