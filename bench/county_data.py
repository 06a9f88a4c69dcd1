"""The county that the county-scale benchmarks read, built once per run of `python -m bench`
(`county()`; the first benchmark that asks builds it, the others find it):

- 200 schools in 10 townships, 60,000 pupils on the roster, the autumn term, and October's
  meal counts (22 school days × 3 meals) and about 100,000 issue lines (bench.subsidy_ledger);
- every school's deliveries and issues on the term's other days so far (September and
  November), 360 receipts and 1,300 issues each (bench.procurement_stock);
- one nine-year boarding school's weekly menus of the term so far, 5 days × 3 meals × 6 dishes
  from a library of 40 (bench.menus_week).

The benchmarks that share it only read it. On PostgreSQL (BENCH_DATABASE_URL) it is the
database `bench_county` beside the URL's, made again for each run."""
from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import func, select, text

from menus.models import MenuItem
from procurement.models import StockMove
from roster.models import Student
from suite.audit import acting_as
from suite.db import get_session

from . import menus_week, procurement_stock, subsidy_ledger
from .common import Figure, app_for, database_url


@dataclass(frozen=True)
class County:
    url: str
    school_ids: list[int]     # every school of the county
    stock_school_id: int      # the school whose stock is measured
    menu_id: int              # the weekly menu the planner benchmark analyses and prints
    seconds: float            # the time it took to build
    pupils: int
    moves: int
    menu_items: int


_BUILT: list[County] = []


def county() -> County:
    """The county, built at the first call of the process."""
    if not _BUILT:
        _BUILT.append(_build())
    return _BUILT[0]


def _build() -> County:
    start = time.perf_counter()
    url = database_url("county")
    app = app_for(url)
    with app.test_request_context(), acting_as(None, "bench"):
        session = get_session()
        ids = subsidy_ledger.populate(session)
        stock_school = procurement_stock.add_moves(session, ids)
        menu_id = menus_week.add_weeks(session, ids[0])
        pupils = session.scalar(select(func.count()).select_from(Student))
        moves = session.scalar(select(func.count()).select_from(StockMove))
        items = session.scalar(select(func.count()).select_from(MenuItem))
        if session.get_bind().dialect.name == "postgresql":  # as after subsidy_ledger's load
            session.execute(text("ANALYZE"))
            session.commit()
        session.close()
    app.extensions["suite_db"].engine.dispose()
    built = County(url, ids, stock_school, menu_id, time.perf_counter() - start, pupils, moves,
                   items)
    print(f"county data built once in {built.seconds:.1f} s: {len(ids)} schools, {pupils:,} "
          f"pupils, {moves:,} stock moves, {items:,} menu items", flush=True)
    return built


def built() -> bool:
    return bool(_BUILT)


def figure() -> Figure:
    """The build's row of the table (information only)."""
    c = county()
    return Figure(f"building the county once: {len(c.school_ids)} schools, {c.pupils:,} "
                  f"pupils, {c.moves:,} stock moves, {c.menu_items:,} menu items", c.seconds,
                  note="shared by the ledger, stock, planner and county PDF figures")
