"""The 6th edition's food table as shipped (data/cfct6_foods.csv): its columns, the marks its
cells carry and the reading of one cell. Pure Python: no Flask, no database.

A cell is a number, or a mark with no number: "—" not measured (unknown, never zero), "Tr"
trace (stored as 0), "?" a cell that holds no readable value (blank, "un", a negative number,
a place name that slid over from the remark column). A number may carry a footnote mark
(a trailing "*"): the number is kept and the mark with it."""
from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

DATA = Path(__file__).parent / "data"
BOOK_CSV = DATA / "cfct6_foods.csv"
GROUP_MAP_CSV = DATA / "group_map.csv"
DARK_VEGETABLES_CSV = DATA / "dark_vegetables.csv"
ORGAN_MEATS_CSV = DATA / "liver_foods.csv"
BOOK_SOURCE = "中国食物成分表标准版第6版"
INFANT_GROUP = "婴幼儿食品"

# file column -> FoodRow column (the same name unless listed)
RENAMED = {"cho_g": "carbohydrate_g", "edible_pct": "edible_fraction"}
# every value column of the file, in the file's order
VALUE_COLUMNS = (
    "edible_pct", "water_g", "energy_kcal", "energy_kj", "protein_g", "fat_g", "cho_g",
    "fibre_g", "cholesterol_mg", "ash_g", "vitamin_a_ug_rae", "carotene_ug", "retinol_ug",
    "thiamin_mg", "riboflavin_mg", "niacin_mg", "vitamin_c_mg", "vitamin_e_total_mg",
    "vitamin_e_alpha_mg", "vitamin_e_beta_gamma_mg", "vitamin_e_delta_mg", "calcium_mg",
    "phosphorus_mg", "potassium_mg", "sodium_mg", "magnesium_mg", "iron_mg", "zinc_mg",
    "selenium_ug", "copper_mg", "manganese_mg")
# the columns FoodRow gains for the book (the others it had already)
EXTRA_COLUMNS = (
    "water_g", "cholesterol_mg", "ash_g", "carotene_ug", "retinol_ug", "niacin_mg",
    "vitamin_e_total_mg", "vitamin_e_alpha_mg", "vitamin_e_beta_gamma_mg",
    "vitamin_e_delta_mg", "phosphorus_mg", "potassium_mg", "magnesium_mg", "selenium_ug",
    "copper_mg", "manganese_mg")
NOT_MEASURED, TRACE, UNREADABLE, FOOTNOTE = "—", "Tr", "?", "*"
FLAGS = ("kcal_kj_were_swapped", "kj_vs_kcal", "energy_vs_macros", "proximate_sum",
         "edible_range", "code_format", "code_repeated")

# the columns a flag casts doubt on ("*": every analysed value)
FLAG_COLUMNS = {
    "kcal_kj_were_swapped": ("energy_kcal", "energy_kj"),
    "kj_vs_kcal": ("energy_kcal", "energy_kj"),
    "energy_vs_macros": ("energy_kcal", "protein_g", "fat_g", "carbohydrate_g", "fibre_g"),
    "proximate_sum": ("water_g", "protein_g", "fat_g", "carbohydrate_g", "ash_g"),
    "edible_range": ("*",),
    "code_format": (), "code_repeated": (),
}

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DASHES = {"—", "——", "-", "--", "－", "–"}


def column_of(file_column: str) -> str:
    """The FoodRow column that holds a file column."""
    return RENAMED.get(file_column, file_column)


def parse_cell(text) -> tuple[Decimal | None, str]:
    """(value, mark) of one cell: the mark is "" for a plain number, "—" not measured, "Tr"
    trace (value 0), "?" no readable value, or the footnote mark after a number ("*")."""
    cell = "" if text is None else str(text).strip()
    if cell in _DASHES:
        return None, NOT_MEASURED
    if cell.lstrip(".").lower() == "tr":
        return Decimal(0), TRACE
    match = _NUMBER.match(cell)
    if match is None:
        return None, UNREADABLE  # blank, "un", "UK", a place name
    number, rest = match.group(0), cell[match.end():].strip()
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return None, UNREADABLE
    if value < 0 or (rest and not set(rest) <= {"*", "†", "‡", "#", "a", "b"}):
        return None, UNREADABLE  # a negative amount or a number run into text
    return value, rest


def split_flags(text: str | None) -> list[str]:
    """The file's check_flags, space- or comma-separated, in order, without repeats."""
    out = []
    for flag in re.split(r"[\s,;]+", text or ""):
        if flag and flag not in out:
            out.append(flag)
    return out


def doubtful_columns(flags, marks: dict | None, columns) -> frozenset[str]:
    """Which of `columns` hold a doubtful value: one a flag concerns, one marked "?" or with a
    footnote, or every one when the edible fraction is unknown."""
    marks = marks or {}
    out = {c for c, m in marks.items() if m not in ("", NOT_MEASURED, TRACE)}
    for flag in flags:
        out.update(FLAG_COLUMNS.get(flag, ()))
    if "*" in out or "edible_fraction" in marks:
        return frozenset(columns)
    return frozenset(out) & frozenset(columns)


def read_book(path=BOOK_CSV) -> list[dict]:
    """The file's rows as dicts of its verbatim cells (column -> text)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def read_pairs(path, key: str, value: str) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {row[key].strip(): row[value].strip() for row in csv.DictReader(fh)}


def read_group_map(path=GROUP_MAP_CSV) -> dict[tuple[str, str], str]:
    """(book_group, book_subgroup or "*") -> food group."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {(r["book_group"].strip(), r["book_subgroup"].strip()): r["food_group"].strip()
                for r in csv.DictReader(fh)}


def food_group_of(group_map: dict, book_group: str, book_subgroup: str) -> str:
    """The food group of a book group/subgroup: the subgroup's line, else the group's "*"."""
    found = group_map.get((book_group, book_subgroup)) or group_map.get((book_group, "*"))
    if found is None:
        raise KeyError(f"no food group for {book_group}/{book_subgroup}")
    return found
