"""Stock on hand and value of one school over a whole term, from county-scale data
(200 schools, each with about 600 delivery lines and 3,000 issues), beside one bare SQL
aggregate of the same numbers.

Run: .venv/bin/python -m bench.procurement_stock   (BENCH_DATABASE_URL for PostgreSQL)"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, text

from nutrition.models import FoodRow
from nutrition.services import sync_builtin_foods
from procurement import services
from procurement.models import StockMove
from suite.models import County, School, Township

from .common import Figure, best_of, database

SCHOOLS, RECEIPTS, ISSUES = 200, 600, 3000
TERM_START, TERM_DAYS = date(2026, 9, 1), 140
LIMIT_S, RATIO_LIMIT = 0.2, 3


def populate(session, seed: int = 11) -> int:
    rng = random.Random(seed)
    sync_builtin_foods(session)
    county = County(code="999999", name="基准县")
    session.add(county)
    session.flush()
    town = Township(county_id=county.id, code="999999001", name="基准镇")
    session.add(town)
    session.flush()
    schools = [School(township_id=town.id, code=f"B{i:04d}", name=f"基准学校{i}",
                      kind="primary") for i in range(SCHOOLS)]
    session.add_all(schools)
    session.flush()
    foods = session.scalars(select(FoodRow.id).limit(60)).all()
    rows = []
    for school in schools:
        stock = {f: [0, 0] for f in foods}
        moves = [("receipt", TERM_START + timedelta(days=rng.randrange(TERM_DAYS)))
                 for _ in range(RECEIPTS)] + \
                [("issue", TERM_START + timedelta(days=rng.randrange(TERM_DAYS)))
                 for _ in range(ISSUES)]
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
            rows.append({"school_id": school.id, "food_id": food, "move_date": day,
                         "kind": kind, "grams": Decimal(grams), "value": Decimal(value) / 100,
                         "note": ""})
    for start in range(0, len(rows), 20000):
        session.execute(insert(StockMove), rows[start:start + 20000])
    session.commit()
    return schools[SCHOOLS // 2].id


def main() -> list[Figure]:
    engine, session = database()
    school_id = populate(session)
    as_of = TERM_START + timedelta(days=TERM_DAYS)
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
