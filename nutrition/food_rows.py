"""A food from a row of text: the built-in table (data/foods.csv), an import row, the food
form. A bad value raises the host's CellError (column, value, English reason and params,
translated when shown)."""
from __future__ import annotations

import csv

from suite.cells import N_, CellError, cell_number

from .foods import BUILTIN_CSV, CERTAINTIES, FOOD_GROUPS, NUTRIENTS, Food


def _flag(value: str, column: str) -> bool:
    value = (value or "").strip()
    if value in ("", "0", "否", "false", "False"):
        return False
    if value in ("1", "是", "true", "True"):
        return True
    raise CellError(column, value, N_("must be 0 or 1"))


def parse_nutrient(value, column: str) -> tuple[float | None, bool]:
    """(value, trace): '' or '—' is not measured (None), 'Tr' is trace (0 and flagged)."""
    text = "" if value is None else str(value).strip()
    if text in ("", "—", "-", "nan", "None"):
        return None, False
    if text.lower() == "tr":
        return 0.0, True
    number = cell_number(value, column)  # the host's reader: full-width digits too
    if number < 0:
        raise CellError(column, value, N_("must not be negative"))
    return float(number), False


def food_from_row(row: dict, book: bool = False) -> Food:
    """A Food from a dict of the CSV columns; CellError names the first bad column. A book
    food (`book`) may leave the energy and the edible fraction blank: the book prints "—"."""
    code = (row.get("code") or "").strip()
    name = (row.get("name") or "").strip()
    if not code:
        raise CellError("code", code, N_("is required"))
    if len(code) > 20:
        raise CellError("code", code, N_("is longer than 20 characters"))
    if not name:
        raise CellError("name", name, N_("is required"))
    group = (row.get("food_group") or "").strip()
    if group not in FOOD_GROUPS:
        raise CellError("food_group", group, N_("is not a known food group"))
    blank = parse_nutrient(row.get("edible_fraction"), "edible_fraction")[0] is None
    fraction = None if book and blank else cell_number(row.get("edible_fraction"),
                                                       "edible_fraction")
    if fraction is None and not (book and blank):
        raise CellError("edible_fraction", row.get("edible_fraction"), N_("is not a number"))
    fraction = None if fraction is None else float(fraction)
    if fraction is not None and not 0 < fraction <= 1:
        raise CellError("edible_fraction", fraction, N_("must be above 0 and at most 1"))
    values, trace = {}, set()
    for nutrient in NUTRIENTS:
        values[nutrient], is_trace = parse_nutrient(row.get(nutrient), nutrient)
        if is_trace:
            trace.add(nutrient)
    if values["energy_kcal"] is None and not book:
        raise CellError("energy_kcal", row.get("energy_kcal"), N_("is required"))
    certainty = (row.get("certainty") or "estimate").strip()
    if certainty not in CERTAINTIES:
        raise CellError("certainty", certainty, N_("must be one of %(values)s"),
                       values=", ".join(CERTAINTIES))
    dark = _flag(row.get("dark_vegetable"), "dark_vegetable")
    if dark and group != "vegetables":
        raise CellError("dark_vegetable", row.get("dark_vegetable"),
                        N_("only vegetables can be dark-coloured"))
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return Food(code=code, name=name, food_group=group, edible_fraction=fraction,
                nutrients=values, aliases=aliases, dark_vegetable=dark,
                liver=_flag(row.get("liver"), "liver"), trace=frozenset(trace),
                source=(row.get("source") or "").strip(), certainty=certainty,
                notes=(row.get("notes") or "").strip())


def read_csv(path=BUILTIN_CSV) -> list[Food]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [food_from_row(row) for row in csv.DictReader(fh)]
