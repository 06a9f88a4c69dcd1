"""The canteen load benchmark's check afterwards: every save the server acknowledged is in the
database exactly, and nothing else is (bench.canteen_load)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from suite.db import make_engine


def verify(url: str, managers: list[dict], workers: list) -> list[str]:
    """Every acknowledged save is in the database exactly, and nothing else is."""
    from canteen.models import GradeCount, MealCount
    from procurement.models import StockMove

    engine = make_engine(url)
    problems = []
    with engine.connect() as conn:
        for info, worker in zip(managers, workers):
            sid = info["school_id"]
            rows = {r.day: r for r in conn.execute(
                select(MealCount.id, MealCount.day, MealCount.teachers, MealCount.version)
                .where(MealCount.school_id == sid, MealCount.meal == "lunch"))}
            if set(rows) != set(worker.acked):
                problems.append(f"school {sid}: {len(rows)} meal counts, "
                                f"{len(worker.acked)} acknowledged")
            for day, (grades, teachers, version) in worker.acked.items():
                row = rows.get(day)
                if row is None:
                    continue
                stored = {str(g): {"students": s, "plan_students": p} for g, s, p in
                          conn.execute(select(GradeCount.grade, GradeCount.students,
                                              GradeCount.plan_students)
                                       .where(GradeCount.meal_count_id == row.id))}
                if stored != grades or row.teachers != teachers or row.version != version:
                    problems.append(f"school {sid} {day}: stored counts differ")
            n, grams = conn.execute(select(func.count(), func.coalesce(-func.sum(StockMove.grams), 0))
                                    .where(StockMove.school_id == sid,
                                           StockMove.kind == "issue")).one()
            if n != worker.issues or Decimal(grams) != worker.issued:
                problems.append(f"school {sid}: {n} issues of {grams} g in the ledger, "
                                f"{worker.issues} of {worker.issued} g acknowledged")
        from sqlalchemy.orm import Session
        from subsidy.day_costs import stale
        wrong = stale(Session(bind=conn))
        if wrong:  # the ledger's day figures, written by 4 workers at once, from the records
            problems.append(f"{len(wrong)} school days of the subsidy ledger differ from "
                            f"their records, e.g. {wrong[:3]}")
    engine.dispose()
    return problems
