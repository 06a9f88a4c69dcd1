"""Loading the food table: the 1,851 foods of the book's file and the other built-in foods
into an empty migrated database (what `flask nutrition sync-foods` does on a new install),
then a second sync with nothing missing.

Run: .venv/bin/python -m bench.nutrition_load   (BENCH_DATABASE_URL for PostgreSQL)"""
from __future__ import annotations

import time

from sqlalchemy import func, select

from nutrition.models import FoodRow
from nutrition.services import sync_builtin_foods

from .common import Figure, database

LIMIT_S = 5


def main() -> list[Figure]:
    engine, session = database()
    start = time.perf_counter()
    added = sync_builtin_foods(session)
    session.commit()
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = sync_builtin_foods(session)
    session.commit()
    second = time.perf_counter() - start
    foods = session.scalar(select(func.count()).select_from(FoodRow))
    book = session.scalar(select(func.count()).where(FoodRow.book_cells.is_not(None)))
    print(f"{engine.dialect.name}: {added} foods loaded ({book} with the book's row), "
          f"{foods} in the table")
    print(f"first load: {first:.2f} s (limit {LIMIT_S} s); a sync with nothing missing: "
          f"{second * 1000:.0f} ms, {again} added")
    return [Figure(f"load the food table into a new database ({added:,} foods)", first,
                   "a second sync with nothing missing", second, limit=LIMIT_S,
                   note=engine.dialect.name)]


if __name__ == "__main__":
    main()
