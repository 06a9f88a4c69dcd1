"""Stock on hand and value of one school over the term so far, in the county that
bench.county_data builds once (200 schools, each with about 2,200 stock moves: 360 delivery
lines and 1,300 issues on the term's other days besides October's 60 deliveries and about
500 issues of the meals), beside one bare SQL aggregate of the same numbers.

Run: .venv/bin/python -m bench.procurement_stock   (BENCH_DATABASE_URL for PostgreSQL)"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, text

from nutrition.models import FoodRow
from procurement import services
from procurement.models import StockMove
from suite.vocabulary import MEALS

from .common import Figure, best_of, session_for
from .subsidy_ledger import TODAY

RECEIPTS, ISSUES = 360, 1300
TERM_START = date(2026, 9, 1)
# the term so far but October, whose meals' issues bench.subsidy_ledger's populate makes
DAYS = [TERM_START + timedelta(days=d) for d in range((TODAY - TERM_START).days)
        if (TERM_START + timedelta(days=d)).month != 10]
LIMIT_S, RATIO_LIMIT = 0.2, 3


def add_moves(session, school_ids: list[int], seed: int = 11) -> int:
    """RECEIPTS deliveries and ISSUES issues at each school on the term's days so far but
    October's, each issue to a meal and within what the school holds of the food; the id of
    the school the benchmark measures."""
    rng = random.Random(seed)
    foods = session.scalars(select(FoodRow.id).limit(60)).all()
    rows = []
    for school_id in school_ids:
        stock = {f: [0, 0] for f in foods}
        moves = [("receipt", rng.choice(DAYS)) for _ in range(RECEIPTS)] + \
                [("issue", rng.choice(DAYS)) for _ in range(ISSUES)]
        moves.sort(key=lambda m: (m[1], m[0] != "receipt"))
        for kind, day in moves:
            food = rng.choice(foods)
            if kind == "receipt":
                grams, value = rng.randint(5000, 50000), rng.randint(2000, 40000)
            else:
                have = stock[food]
                if have[0] <= 0:
                    continue
                grams = min(have[0], rng.randint(500, 5000))
                value = have[1] * grams // have[0]
                grams, value = -grams, -value
            stock[food][0] += grams
            stock[food][1] += value
            rows.append({"school_id": school_id, "food_id": food, "move_date": day,
                         "kind": kind, "grams": Decimal(grams), "value": Decimal(value) / 100,
                         "meal": None if kind == "receipt" else rng.choice(MEALS), "note": ""})
    for start in range(0, len(rows), 20000):
        session.execute(insert(StockMove), rows[start:start + 20000])
    session.commit()
    return school_ids[len(school_ids) // 2]


def main() -> list[Figure]:
    from .county_data import county as county_data
    county = county_data()
    engine, session = session_for(county.url)
    school_id, as_of = county.stock_school_id, TODAY
    moves = session.scalar(text("SELECT count(*) FROM procurement_stock_move WHERE school_id = "
                                f"{school_id}"))
    total = session.scalar(text("SELECT count(*) FROM procurement_stock_move"))
    service_s, rows = best_of(lambda: services.on_hand(session, school_id, as_of))
    raw = text("SELECT food_id, SUM(grams), SUM(value) FROM procurement_stock_move "
               "WHERE school_id = :s AND move_date <= :d GROUP BY food_id")
    sql_s, raw_rows = best_of(lambda: session.execute(raw, {"s": school_id, "d": as_of}).all())
    assert len([r for r in raw_rows if r[1] or r[2]]) == len(rows)
    value = sum(r["value"] for r in rows)
    print(f"{engine.dialect.name}: {total} moves in the county, {moves} for the school "
          f"({len(rows)} foods on hand, {value} CNY)")
    print(f"stock on hand service: {service_s * 1000:.1f} ms (limit {LIMIT_S * 1000:.0f} ms)")
    print(f"bare SQL aggregate:    {sql_s * 1000:.1f} ms; ratio {service_s / sql_s:.2f} "
          f"(limit {RATIO_LIMIT})")
    return [Figure(f"stock on hand and value, one school of {total:,} moves", service_s,
                   "bare SQL aggregate of the same sums", sql_s, limit=LIMIT_S,
                   ratio_limit=RATIO_LIMIT, note=engine.dialect.name)]


if __name__ == "__main__":
    main()
