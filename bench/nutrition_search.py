"""Food search over the whole table: the built-in foods plus every food of the book's file
(loaded here from ../shared/data/cfct6/foods.csv when the product does not ship them yet), by
pinyin initials, full pinyin, alias, name and code, with the in-memory index warm; beside it the
one-off cost of building the index.

Run: .venv/bin/python -m bench.nutrition_search"""
from __future__ import annotations

import csv
import time
from pathlib import Path

from sqlalchemy import func, select

from nutrition import search
from nutrition.models import FoodRow
from nutrition.services import sync_builtin_foods

from .common import Figure, best_of, database

LIMIT_MS = 20
QUERIES = ("xhs", "td", "tudou", "xihongshi", "西红柿", "土豆", "021101", "猪肉", "zr", "n")


def _book_file() -> Path | None:
    shipped = [p for p in sorted((Path(search.__file__).parent / "data").glob("*.csv"))
               if "book_group" in p.read_text(encoding="utf-8").split("\n", 1)[0]]
    if shipped:
        return shipped[0]
    for parent in Path(__file__).resolve().parents:
        path = parent / "shared" / "data" / "cfct6" / "foods.csv"
        if path.exists():
            return path
    return None


def _number(cell: str) -> float | None:
    try:
        return float(cell.rstrip("*"))
    except ValueError:
        return None


def load_book(session) -> int:
    """Add the book's foods the table does not hold yet (by code; a repeated name gets its
    code appended), with the few columns search needs. Returns how many were added."""
    path = _book_file()
    if path is None:
        return 0
    codes = set(session.scalars(select(FoodRow.code)))
    names = set(session.scalars(select(FoodRow.name)))
    added = 0
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["code"] in codes:
                continue
            name = r["name"] if r["name"] not in names else f"{r['name']} {r['code']}"
            kcal = _number(r["energy_kcal"]) or 0.0
            edible = _number(r["edible_pct"]) or 100.0
            session.add(FoodRow(code=r["code"], name=name[:60], aliases="", food_group="other",
                                edible_fraction=min(max(edible, 1), 100) / 100,
                                energy_kcal=kcal, energy_kj=round(kcal * 4.184, 1),
                                source="book (bench)", certainty="book", builtin=True))
            codes.add(r["code"])
            names.add(name)
            added += 1
    session.flush()
    return added


def main() -> list[Figure]:
    engine, session = database()
    sync_builtin_foods(session)
    added = load_book(session)
    session.commit()
    foods = session.scalar(select(func.count(FoodRow.id)))
    start = time.perf_counter()
    index = search._index(session)
    build = time.perf_counter() - start
    print(f"food table: {foods} foods ({added} book foods loaded by the bench), "
          f"{len(index.entries)} names, aliases and codes in the index")
    print(f"index build (once per process and after a change): {build * 1000:.0f} ms")
    worst = 0.0
    for q in QUERIES:
        seconds, found = best_of(lambda q=q: search.search_matches(session, q))
        worst = max(worst, seconds)
        top = f"{found[0].food.code} via {found[0].text}" if found else "nothing"
        print(f"  {q!r:12} {seconds * 1000:6.2f} ms  {len(found):2} found, first {top}")
    print(f"search by pinyin initials over the whole table, worst query: {worst * 1000:.2f} ms "
          f"(limit {LIMIT_MS} ms)")
    like = select(FoodRow.code).where(FoodRow.name.like("%土豆%"))
    like_s, _rows = best_of(lambda: session.scalars(like).all())
    print(f"bare SQL LIKE '%土豆%' on the names: {like_s * 1000:.2f} ms")
    session.close()
    engine.dispose()
    return [Figure(f"food search over {foods:,} foods, worst of {len(QUERIES)} queries",
                   worst, "bare SQL LIKE on the names", like_s, limit=LIMIT_MS / 1000,
                   note=f"{engine.dialect.name}; index warm (build {build * 1000:.0f} ms)")]


if __name__ == "__main__":
    main()
