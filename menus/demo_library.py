"""The demo's dish library: hand-written recipes of rural school canteens kept as data
(data/demo_dishes.csv, see data/README.md), enough dishes for a menu solver to choose weeks
that meet the standard. One row per dish; ingredients are `code:grams;code:grams` with the food
table's codes and raw grams per serving for a 9-11 pupil."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .dishes import IngredientIn, save_dish
from .models import ROLES, Dish  # noqa: F401  (ROLES: the roles a library row may name)

LIBRARY_CSV = Path(__file__).parent / "data" / "demo_dishes.csv"


@dataclass(frozen=True)
class LibraryDish:
    name: str
    role: str                # one of ROLES
    category: str            # one of menus.models.CATEGORIES
    cooking_method: str
    spicy: bool
    meals: str               # "lunch,dinner", "breakfast,lunch,dinner", "breakfast", ...
    aliases: str             # "|" separated
    ingredients: tuple[tuple[str, Decimal], ...]  # (food code, raw grams per serving)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _g in self.ingredients)


def read_library(path: Path = LIBRARY_CSV) -> list[LibraryDish]:
    """The library's rows in file order."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [LibraryDish(
            name=row["name"].strip(), role=row["role"].strip(),
            category=row["category"].strip(), cooking_method=row["cooking_method"].strip(),
            spicy=row["spicy"].strip() == "1", meals=row["meals"].strip(),
            aliases=row["aliases"].strip(),
            ingredients=tuple((code.strip(), Decimal(grams.strip())) for code, grams in (
                part.split(":") for part in row["ingredients"].split(";") if part.strip())))
            for row in csv.DictReader(fh)]


def load_demo_library(session: Session, county_id: int, user_id: int | None) -> int:
    """Create the library's dishes through save_dish (a name already present is left alone)
    and return how many were created. Dishes are shared by the county's planners today, so
    `county_id` is not stored yet."""
    rows = read_library()
    present = set(session.scalars(select(Dish.name).where(
        Dish.name.in_([r.name for r in rows]))))
    made = []
    for row in rows:
        if row.name in present:
            continue
        dish = save_dish(session, name=row.name, category=row.category,
                         cooking_method=row.cooking_method, user_id=user_id,
                         ingredients=[IngredientIn(code, grams) for code, grams in row.ingredients],
                         role=row.role, spicy=row.spicy, meals=row.meals,
                         aliases="、".join(filter(None, row.aliases.split("|"))))
        made.append(dish)
    return len(made)
