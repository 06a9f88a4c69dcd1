"""Foods: the nutrient list, food groups, the Food record and the plausibility check.
Pure Python: no Flask, no database (reading foods from text rows is in food_rows.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

NUTRIENTS = ("energy_kcal", "protein_g", "fat_g", "carbohydrate_g", "fibre_g", "calcium_mg",
             "iron_mg", "zinc_mg", "vitamin_a_ug_rae", "thiamin_mg", "riboflavin_mg",
             "vitamin_c_mg", "sodium_mg")
FOOD_GROUPS = ("cereals_tubers", "vegetables", "fruit", "meat_poultry", "fish_shrimp", "eggs",
               "dairy", "soy_nuts", "vegetable_oil", "salt", "fungi_algae", "condiments", "other")
CERTAINTIES = ("reference", "book", "estimate", "user")
KJ_PER_KCAL = 4.184  # the food composition table's factor
BUILTIN_CSV = Path(__file__).parent / "data" / "foods.csv"
TRACE = "Tr"


def N_(message: str) -> str:
    """Marks a message for the translation catalogue; the UI translates it when shown."""
    return message


@dataclass(frozen=True)
class Food:
    """One food: nutrients per 100 g edible portion; None = not measured."""

    code: str
    name: str
    food_group: str
    edible_fraction: float
    nutrients: dict[str, float | None]
    aliases: tuple[str, ...] = ()
    dark_vegetable: bool = False
    liver: bool = False
    trace: frozenset[str] = field(default_factory=frozenset)
    # nutrients whose value a flag or a mark of the book file makes doubtful
    doubtful: frozenset[str] = field(default_factory=frozenset)
    source: str = ""
    certainty: str = "estimate"
    notes: str = ""


def energy_check(food: Food, tolerance: float = 0.15,
                 small_kcal: float = 15.0) -> tuple[str, dict] | None:
    """None if the energy agrees with the macronutrients, else (reason template, params).

    Expected energy is 4·protein + 9·fat + 4·carbohydrate + 2·fibre; the 6th edition counts
    fibre inside carbohydrate (4·(carbohydrate − fibre) + 2·fibre), so either form passes.
    Within ±15 %, or ±15 kcal for foods under 100 kcal."""
    n = {k: (v or 0.0) for k, v in food.nutrients.items()}
    simple = 4 * n["protein_g"] + 9 * n["fat_g"] + 4 * n["carbohydrate_g"] + 2 * n["fibre_g"]
    book = simple - 4 * n["fibre_g"]
    energy = n["energy_kcal"]
    for expected in (simple, book):
        allowed = max(tolerance * expected, small_kcal if energy < 100 else 0.0)
        if abs(energy - expected) <= allowed:
            return None
    return (N_("%(energy)s kcal differs by more than 15 %% from what the protein, fat and "
               "carbohydrate give (%(low)s–%(high)s kcal)"),
            {"energy": f"{energy:g}", "low": f"{book:.0f}", "high": f"{simple:.0f}"})
