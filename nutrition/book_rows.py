"""The built-in food rows as plain dicts of FoodRow columns: the 6th edition's 1,851 foods
(data/cfct6_foods.csv) with the hand-read reference rows of DOMAIN.md winning wherever they
disagree (data/foods.csv, certainty "reference"), and the other built-in rows of data/foods.csv
(estimates and the one reference food the file lacks). An estimate that a book food replaces
(data/retired_estimates.csv) is not among them: its name and aliases become the book food's
aliases. Pure Python: no Flask, no database."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from . import book
from .food_rows import read_csv
from .foods import KJ_PER_KCAL, NUTRIENTS, Food
from .retired import merge_aliases, replacements

ESTIMATE_SUFFIX = "（估算）"  # an estimate whose name a book food has


def _cell_values(cells: dict) -> tuple[dict, dict]:
    """FoodRow values and marks of one file row."""
    values, marks = {}, {}
    for column in book.VALUE_COLUMNS:
        target = book.column_of(column)
        value, mark = book.parse_cell(cells.get(column))
        if value is not None and column == "edible_pct":
            value = value / 100
            if not 0 < value <= 1:
                value, mark = None, book.UNREADABLE
        values[target] = None if value is None else float(value)
        if mark:
            marks[target] = mark
    return values, marks


def _remark(cells: dict, marks: dict) -> str:
    """The book's remark (a region); a place name that slid into manganese joins it."""
    remark = (cells.get("remark") or "").strip()
    remark = "" if remark == book.NOT_MEASURED else remark
    slid = (cells.get("manganese_mg") or "").strip()
    if marks.get("manganese_mg") == book.UNREADABLE and slid and slid.lower() != "un":
        remark = f"{remark} {slid}".strip() if slid not in remark else remark
    return remark[:200]


def _apply_reference(values: dict, marks: dict, ref: Food) -> None:
    """The hand-read values win: the 13 analysed nutrients and the edible fraction."""
    for column in (*NUTRIENTS, "edible_fraction"):
        new = ref.edible_fraction if column == "edible_fraction" else ref.nutrients[column]
        old = values.get(column)
        values[column] = new
        if column in ref.trace:
            marks[column] = book.TRACE
        elif new is None:
            marks[column] = book.NOT_MEASURED
        elif old is None or abs(old - new) > 1e-9 or marks.get(column) != book.FOOTNOTE:
            marks.pop(column, None)


def _names(rows: list[dict], refs: dict[str, Food]) -> dict[str, str]:
    """code -> display name: the reference rows keep theirs; a book name that two foods share
    or that a reference food shows gets the code added."""
    counts = Counter(r["name"].strip() for r in rows)
    shown = {f.name for f in refs.values()}
    out = {}
    for r in rows:
        code, name = r["code"].strip(), r["name"].strip()
        if code in refs:
            out[code] = refs[code].name
        elif counts[name] > 1 or name in shown:
            out[code] = f"{name}（{code}）"
        else:
            out[code] = name
    return out


def _book_row(cells: dict, name: str, ref: Food | None, maps: tuple) -> dict:
    group_map, dark, liver = maps
    code = cells["code"].strip()
    values, marks = _cell_values(cells)
    if ref is not None:
        _apply_reference(values, marks, ref)
    if values["energy_kj"] is None and values["energy_kcal"] is not None:
        values["energy_kj"] = round(values["energy_kcal"] * KJ_PER_KCAL, 1)
    book_name = cells["name"].strip()
    aliases = list(ref.aliases) if ref else []
    if book_name != name and book_name not in aliases:
        aliases.append(book_name)
    group = book.food_group_of(group_map, cells["book_group"].strip(),
                               cells["book_subgroup"].strip())
    return values | {
        "code": code, "name": name, "aliases": "|".join(aliases)[:400],
        "food_group": ref.food_group if ref else group,
        "dark_vegetable": code in dark, "liver": code in liver,
        "trace": ",".join(sorted(n for n in NUTRIENTS if marks.get(n) == book.TRACE)),
        "source": f"{book.BOOK_SOURCE} {code}",
        "certainty": "reference" if ref else "book", "notes": ref.notes if ref else "",
        "builtin": True, "active": True,
        "book_group": cells["book_group"].strip(), "book_subgroup": cells["book_subgroup"].strip(),
        "remark": _remark(cells, marks),
        "check_flags": " ".join(book.split_flags(cells.get("check_flags"))),
        "marks": marks, "book_cells": dict(cells),
        "hidden": cells["book_group"].strip() == book.INFANT_GROUP,
    }


def _food_dict(food: Food) -> dict:
    values = {n: food.nutrients[n] for n in NUTRIENTS} | dict.fromkeys(book.EXTRA_COLUMNS)
    return values | {
        "code": food.code, "name": food.name, "aliases": "|".join(food.aliases),
        "food_group": food.food_group, "dark_vegetable": food.dark_vegetable,
        "liver": food.liver, "edible_fraction": food.edible_fraction,
        "energy_kj": round(food.nutrients["energy_kcal"] * KJ_PER_KCAL, 1),
        "trace": ",".join(sorted(food.trace)), "source": food.source,
        "certainty": food.certainty, "notes": food.notes, "builtin": True, "active": True,
        "book_group": "", "book_subgroup": "", "remark": "", "check_flags": "",
        "marks": None, "book_cells": None, "hidden": False,
    }


@lru_cache(maxsize=1)
def builtin_rows() -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """(book foods by code, other built-in foods in data/foods.csv's order) as FoodRow column
    dicts: a new database numbers the foods in that order."""
    file_rows = book.read_book()
    ours = read_csv()
    refs = {f.code: f for f in ours if f.certainty == "reference"}
    book_codes = {r["code"].strip() for r in file_rows}
    maps = (book.read_group_map(), set(book.read_pairs(book.DARK_VEGETABLES_CSV, "code", "name")),
            set(book.read_pairs(book.ORGAN_MEATS_CSV, "code", "name")))
    names = _names(file_rows, refs)
    retired, carried = replacements(), {}
    for food in ours:
        if food.certainty == "estimate" and food.code in retired:
            carried.setdefault(retired[food.code], []).extend((food.name, *food.aliases))
    books = []
    for r in sorted(file_rows, key=lambda r: r["code"].strip()):
        row = _book_row(r, names[r["code"].strip()], refs.get(r["code"].strip()), maps)
        if row["code"] in carried:
            row["aliases"] = merge_aliases(row["aliases"], row["name"], carried[row["code"]],
                                           row["code"])
        books.append(row)
    taken = set(names.values()) | {r["name"].strip() for r in file_rows}
    others = []
    for food in ours:
        if food.code in book_codes or (food.certainty == "estimate" and food.code in retired):
            continue
        row = _food_dict(food)
        if food.certainty == "estimate" and row["name"] in taken:
            row["name"] = row["name"] + ESTIMATE_SUFFIX
        others.append(row)
    return tuple(books), tuple(others)
