"""The county's subsidy ledger for one month in the county that bench.county_data builds once
with `populate` below (200 schools, 60,000 students on the roster, 22 school days × 3 meals,
about 100,000 issue lines of the meals, besides the term's other deliveries and issues),
beside one bare SQL aggregate of the month's spend and student-days.

Run: .venv/bin/python -m bench.subsidy_ledger   (BENCH_DATABASE_URL for PostgreSQL)"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select, text

from canteen.models import MealCount
from nutrition.models import FoodRow
from nutrition.services import sync_builtin_foods
from procurement.models import StockMove
from roster.models import Student
from roster.synth import make_id
from subsidy import services
from suite.models import County, School, SubsidyRate, Term, Township

from .common import Figure, best_of, session_for

SCHOOLS, STUDENTS, TOWNSHIPS = 200, 60_000, 10
FIRST, LAST, TODAY = date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 23)
MEALS, FOODS_PER_MEAL = ("breakfast", "lunch", "dinner"), (7, 8)
LIMIT_S, RATIO_LIMIT = 1.0, 3


def _bulk(session, model, rows):
    for start in range(0, len(rows), 20000):
        session.execute(insert(model), rows[start:start + 20000])


def populate(session, seed: int = 12, *, county: int = 0, schools: int = SCHOOLS,
             students: int = STUDENTS, roster: bool = True) -> list[int]:
    """County number `county` of a province (0 alone for the county benchmark): its townships,
    `schools` schools of `students` // `schools` pupils, on the roster unless `roster` is
    False (the province benchmark imports that county's file instead), and a month of meal
    counts and issues. Pupils carry G-form numbers and distinct resident IDs (area 3509kk, so
    never those of roster.synth's files), as real ones do: an import then checks against
    them. Committed per county, so a province is built with one county's rows in memory."""
    rng = random.Random(seed + county)
    sync_builtin_foods(session)
    code = f"{999998 - county}"
    county_row = County(code=code, name=f"基准县{county}")
    session.add(county_row)
    session.flush()
    session.add(Term(county_id=county_row.id, name="2026秋", start_date=date(2026, 9, 1),
                     end_date=date(2027, 1, 20)))
    if session.scalar(select(SubsidyRate.id).limit(1)) is None:  # the national rate, once
        session.add(SubsidyRate(county_id=None, start_date=date(2021, 9, 1),
                                amount=Decimal("5.00")))
    towns = [Township(county_id=county_row.id, code=f"{code}{i:03d}", name=f"基准镇{county}-{i}")
             for i in range(TOWNSHIPS)]
    session.add_all(towns)
    session.flush()
    made = [School(township_id=towns[i % TOWNSHIPS].id, code=school_code(county, i),
                   name=f"基准学校{county}-{i}", kind="primary") for i in range(schools)]
    session.add_all(made)
    session.flush()
    per_school = students // schools
    if roster:
        _bulk(session, Student, [_pupil(county, n, made[n // per_school].id)
                                 for n in range(per_school * schools)])
    foods = session.scalars(select(FoodRow.id).limit(60)).all()
    days = [FIRST + timedelta(d) for d in range(31) if (FIRST + timedelta(d)).weekday() < 5]
    counts, moves = [], []
    for school in made:
        for day in days[:1]:
            moves += [{"school_id": school.id, "food_id": f, "move_date": day - timedelta(1),
                       "kind": "receipt", "grams": Decimal(200000), "value": Decimal(1000),
                       "note": ""} for f in foods]
        for day in days:
            for meal in MEALS:
                plan = rng.randint(per_school - 30, per_school)
                counts.append({"school_id": school.id, "day": day, "meal": meal,
                               "students": plan + 5, "plan_students": plan,
                               "teachers": rng.randint(0, 12)})
                for food in rng.sample(foods, rng.randint(*FOODS_PER_MEAL)):
                    moves.append({"school_id": school.id, "food_id": food, "move_date": day,
                                  "kind": "issue", "meal": meal,
                                  "grams": -Decimal(rng.randint(1000, 20000)),
                                  "value": -Decimal(rng.randint(500, 9000)) / 100, "note": ""})
    _bulk(session, MealCount, counts)
    _bulk(session, StockMove, moves)
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        # the planner's statistics after a bulk load, as autovacuum gathers them within a
        # minute on a real server: without them both the ledger and the bare aggregate sort
        # 100,000 rows on disk instead of hashing them
        session.execute(text("ANALYZE"))
        session.commit()
    return [s.id for s in made]


def school_code(county: int, i: int) -> str:
    return f"L{county:02d}{i:04d}"


def _pupil(county: int, n: int, school_id: int) -> dict:
    """The n-th pupil of a county: 499 boys and 499 girls born on each day from 2014-09-01."""
    sex, born = "MF"[n % 2], date(2014, 9, 1) + timedelta(n // 998)
    id_number = make_id(f"3509{county:02d}", born, sex, n % 998 // 2)
    return {"student_no": "G" + id_number, "name": f"学生{n}", "sex": sex, "birth_date": born,
            "id_number": id_number, "school_id": school_id, "grade": 1 + n % 6,
            "status": "enrolled", "status_date": date(2026, 9, 1)}


BARE = text("""
SELECT c.school_id, c.student_days, COALESCE(s.spend, 0) FROM
 (SELECT school_id, SUM(plan) AS student_days FROM
   (SELECT school_id, day, MAX(plan_students) AS plan FROM canteen_meal_count
     WHERE day BETWEEN :a AND :b GROUP BY school_id, day) AS d GROUP BY school_id) AS c
 LEFT JOIN
 (SELECT school_id, -SUM(value) AS spend FROM procurement_stock_move
   WHERE kind = 'issue' AND move_date BETWEEN :a AND :b GROUP BY school_id) AS s
 ON s.school_id = c.school_id""")


def main() -> list[Figure]:
    from .county_data import county
    engine, session = session_for(county().url)
    ids = county().school_ids
    issues = session.scalar(text("SELECT count(*) FROM procurement_stock_move WHERE kind = "
                                 "'issue' AND move_date BETWEEN :a AND :b"),
                            {"a": FIRST, "b": LAST})
    meals = session.scalar(text("SELECT count(*) FROM canteen_meal_count"))
    service_s, data = best_of(lambda: services.county_month(session, ids, 2026, 10,
                                                            today=TODAY), repeat=5)
    sql_s, rows = best_of(lambda: session.execute(BARE, {"a": FIRST, "b": LAST}).all())
    county = data["county"]
    assert county["student_days"] == sum(int(r[1]) for r in rows)
    assert county["food_cost"] == sum(Decimal(str(r[2])) for r in rows).quantize(
        Decimal("0.01"))
    print(f"{engine.dialect.name}: {len(ids)} schools, {county['plan_students_last']} plan "
          f"students, {meals} meals counted, {issues} issue lines; student-days "
          f"{county['student_days']}, entitlement {county['entitlement']}, spent on students "
          f"{county['student_spend']}")
    print(f"county ledger service: {service_s * 1000:.0f} ms (limit {LIMIT_S * 1000:.0f} ms)")
    print(f"bare SQL aggregate:    {sql_s * 1000:.0f} ms; ratio {service_s / sql_s:.2f} "
          f"(limit {RATIO_LIMIT})")
    return [Figure(f"county subsidy ledger for a month, {len(ids)} schools, {issues:,} issues",
                   service_s, "bare SQL aggregate of spend and student-days", sql_s,
                   limit=LIMIT_S, ratio_limit=RATIO_LIMIT, note=engine.dialect.name)]


if __name__ == "__main__":
    main()
