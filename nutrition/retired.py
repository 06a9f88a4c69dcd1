"""The estimates that book foods replace (data/retired_estimates.csv, decided by hand; see
data/RETIRED_ESTIMATES.md): which estimate code gives way to which book code, and the names an
estimate carried, kept as aliases of its book food. Pure Python: no Flask, no database."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

RETIRED_CSV = Path(__file__).parent / "data" / "retired_estimates.csv"
ALIASES_MAX = 400  # FoodRow.aliases


@lru_cache(maxsize=1)
def replacements() -> dict[str, str]:
    """Estimate code -> the book code that replaces it (the estimates that remain are left
    out), in the file's order."""
    with open(RETIRED_CSV, encoding="utf-8", newline="") as fh:
        return {r["estimate_code"].strip(): r["book_code"].strip()
                for r in csv.DictReader(fh) if (r.get("book_code") or "").strip()}


def merge_aliases(aliases: str, name: str, extra, code: str = "") -> str:
    """`aliases` ("|"-separated, of the food `code` called `name`) with the names of `extra`
    added that it lacks, in order, as long as the column holds them. A name the shipped
    aliases give to another food is left out (the estimate 五花肉 carried 三层肉, which names
    肋条肉), so the food page never lists a name that finds another food."""
    from .search import alias_codes  # the shipped table, read once
    out = [a for a in aliases.split("|") if a]
    for alias in extra:
        alias = (alias or "").strip()
        if alias_codes().get(alias, code) != code:
            continue
        if alias and alias != name and alias not in out \
                and len("|".join([*out, alias])) <= ALIASES_MAX:
            out.append(alias)
    return "|".join(out)


def replaced_by(code: str) -> str | None:
    """The book code that replaced the estimate `code`, or None (not a retired estimate)."""
    return replacements().get((code or "").strip())


def replaced_estimates(code: str) -> list[tuple[str, str]]:
    """(code, name) of the estimates the book food `code` replaced, in the list's order."""
    return [(old, _names()[old]) for old, new in replacements().items() if new == code]


def name_of(code: str) -> str:
    """The shipped list's name of an estimate or of a book food that replaces one."""
    return _names().get(code, "")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Estimate and book names of the shipped list, by code."""
    with open(RETIRED_CSV, encoding="utf-8", newline="") as fh:
        names = {}
        for r in csv.DictReader(fh):
            names[r["estimate_code"].strip()] = r["estimate_name"].strip()
            if (r.get("book_code") or "").strip():
                names[r["book_code"].strip()] = r["book_name"].strip()
        return names
