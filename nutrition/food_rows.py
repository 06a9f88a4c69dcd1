"""A food from a row of text: the built-in table (data/foods.csv), an import row, the food
form. A bad value raises the host's CellError (column, value, English reason and params,
translated when shown)."""
from __future__ import annotations

import csv
import re

from suite.cells import N_, CellError, cell_number, cell_text

from .foods import BUILTIN_CSV, CERTAINTIES, FOOD_GROUPS, NUTRIENTS, TRACE, Food

_DASHES = {"—", "——", "-", "--", "－", "–"}
_FOOTNOTE = re.compile(r"(.*?\d\.?)\s*([*†‡#]+)")  # a number, then the book's footnote mark
NOT_MEASURED, UNREADABLE = "—", "?"  # as nutrition.book prints them


def read_flag(value: str, column: str) -> bool:
    value = (value or "").strip()
    if value in ("", "0", "否", "false", "False"):
        return False
    if value in ("1", "是", "true", "True"):
        return True
    raise CellError(column, value, N_("must be 0 or 1"))


def read_value(text, column: str) -> tuple[float | None, str]:
    """(value, mark) of a value cell: "" or "—" not measured, "?" no readable value, "Tr" trace
    (0), a number with a footnote mark after it. CellError for anything else."""
    cell = cell_text(text)
    if cell in ("", "nan", "None"):
        return None, ""
    if cell in _DASHES:
        return None, NOT_MEASURED
    if cell in ("?", "？"):
        return None, UNREADABLE
    if cell.lstrip(".").lower() == "tr":
        return 0.0, TRACE
    footnote = _FOOTNOTE.fullmatch(cell)
    number = cell_number(footnote.group(1) if footnote else text, column)
    if number is not None and number < 0:
        raise CellError(column, text, N_("must not be negative"))
    return (None if number is None else float(number)), (footnote.group(2) if footnote else "")


def parse_nutrient(value, column: str) -> tuple[float | None, bool]:
    """(value, trace): '' or '—' is not measured (None), '?' no readable value (None), 'Tr' is
    trace (0 and flagged); a footnote mark after a number ("899*") is read past."""
    number, mark = read_value(value, column)
    return number, mark == TRACE


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
    fraction, trace_fraction = parse_nutrient(row.get("edible_fraction"), "edible_fraction")
    if trace_fraction or (fraction is None and not book):
        raise CellError("edible_fraction", row.get("edible_fraction"), N_("is not a number"))
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
    dark = read_flag(row.get("dark_vegetable"), "dark_vegetable")
    if dark and group != "vegetables":
        raise CellError("dark_vegetable", row.get("dark_vegetable"),
                        N_("only vegetables can be dark-coloured"))
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return Food(code=code, name=name, food_group=group, edible_fraction=fraction,
                nutrients=values, aliases=aliases, dark_vegetable=dark,
                liver=read_flag(row.get("liver"), "liver"), trace=frozenset(trace),
                source=(row.get("source") or "").strip(), certainty=certainty,
                notes=(row.get("notes") or "").strip())


def read_csv(path=BUILTIN_CSV) -> list[Food]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [food_from_row(row) for row in csv.DictReader(fh)]
