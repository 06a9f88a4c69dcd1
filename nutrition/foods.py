"""Food composition rows: the nutrient list, food groups, parsing and the plausibility check.
Pure Python: no Flask, no database."""
from __future__ import annotations

import csv
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
    source: str = ""
    certainty: str = "estimate"
    notes: str = ""


class RowError(ValueError):
    """A bad value: `reason` is an English template (translated by the UI) with `params`."""

    def __init__(self, column: str, value, reason: str, **params):
        super().__init__(f"{column}: {reason % params if params else reason}")
        self.column, self.value, self.reason, self.params = column, value, reason, params


def _flag(value: str, column: str) -> bool:
    value = (value or "").strip()
    if value in ("", "0", "否", "false", "False"):
        return False
    if value in ("1", "是", "true", "True"):
        return True
    raise RowError(column, value, N_("must be 0 or 1"))


def parse_nutrient(value, column: str) -> tuple[float | None, bool]:
    """(value, trace): '' or '—' is not measured (None), 'Tr' is trace (0 and flagged)."""
    text = "" if value is None else str(value).strip()
    if text in ("", "—", "-", "nan", "None"):
        return None, False
    if text.lower() == "tr":
        return 0.0, True
    try:
        number = float(text)
    except ValueError:
        raise RowError(column, value, N_("is not a number")) from None
    if number < 0 or number != number:
        raise RowError(column, value, N_("must not be negative"))
    return number, False


def food_from_row(row: dict) -> Food:
    """A Food from a dict of the CSV columns; RowError names the first bad column."""
    code = (row.get("code") or "").strip()
    name = (row.get("name") or "").strip()
    if not code:
        raise RowError("code", code, N_("is required"))
    if len(code) > 20:
        raise RowError("code", code, N_("is longer than 20 characters"))
    if not name:
        raise RowError("name", name, N_("is required"))
    group = (row.get("food_group") or "").strip()
    if group not in FOOD_GROUPS:
        raise RowError("food_group", group, N_("is not a known food group"))
    try:
        fraction = float(str(row.get("edible_fraction", "")).strip())
    except ValueError:
        raise RowError("edible_fraction", row.get("edible_fraction"), N_("is not a number")) from None
    if not 0 < fraction <= 1:
        raise RowError("edible_fraction", fraction, N_("must be above 0 and at most 1"))
    values, trace = {}, set()
    for nutrient in NUTRIENTS:
        values[nutrient], is_trace = parse_nutrient(row.get(nutrient), nutrient)
        if is_trace:
            trace.add(nutrient)
    if values["energy_kcal"] is None:
        raise RowError("energy_kcal", row.get("energy_kcal"), N_("is required"))
    certainty = (row.get("certainty") or "estimate").strip()
    if certainty not in CERTAINTIES:
        raise RowError("certainty", certainty, N_("must be one of %(values)s"),
                       values=", ".join(CERTAINTIES))
    dark = _flag(row.get("dark_vegetable"), "dark_vegetable")
    if dark and group != "vegetables":
        raise RowError("dark_vegetable", row.get("dark_vegetable"), N_("only vegetables can be dark-coloured"))
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return Food(code=code, name=name, food_group=group, edible_fraction=fraction,
                nutrients=values, aliases=aliases, dark_vegetable=dark,
                liver=_flag(row.get("liver"), "liver"), trace=frozenset(trace),
                source=(row.get("source") or "").strip(), certainty=certainty,
                notes=(row.get("notes") or "").strip())


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


def read_csv(path=BUILTIN_CSV) -> list[Food]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [food_from_row(row) for row in csv.DictReader(fh)]
