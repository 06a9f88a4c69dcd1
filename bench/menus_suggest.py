"""建议食谱: the menu solver's time, proven gap and LP-relaxation bound on a 300-dish library
(a school's 5 lunches; a boarding school's 7 days × 3 meals), then, for every demo school,
the suggested week's cost and checks against its hand-made demo week.

Targets (issue 15): ≤ 2 s to a proven optimum or a gap ≤ 1 %; beat the 11 % (Sweden) and
13 % (Boston) cost cuts of published school-menu optimisation while passing every check.
Run: .venv/bin/python -m bench.menus_suggest   (BENCH_DATABASE_URL for PostgreSQL)"""
from __future__ import annotations

import random
import time
from decimal import Decimal

from sqlalchemy import select

from menus import services, suggest
from menus.compliance import failures
from menus.models import WeekMenu
from menus.suggest_check import verifier
from menus.suggest_model import Problem
from menus.suggest_solve import solve
from menus.suggest_template import cover_mixes
from nutrition import services as nutrition
from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.services import linear_rules, normalize_eaters
from nutrition.standard import builtin_standards
from suite.audit import acting_as
from suite.db import get_session
from suite.demo import build_demo
from tests.menus.helpers_suggest import library, price_table, school_days

from .common import Figure, bench_app

SIZES = dict(staple=30, main=100, vegetable=100, soup=24, fruit=18, milk=9, other=19)
TIME_LIMIT = 10.0


def _row(name, solution, target_s=2.0) -> list[Figure]:
    gap_pct = 0.0 if solution.status == "optimal" and solution.gap is None else \
        None if solution.gap is None else 100 * solution.gap
    ok = (solution.status == "optimal" or (gap_pct is not None and gap_pct <= 1)) and \
        solution.seconds <= target_s
    gap = "-" if gap_pct is None else f"{gap_pct:.2f}%"
    print(f"{name:<34} {solution.seconds:7.2f} s  {solution.status:<9} gap {gap:>7}  "
          f"cost {solution.cost or 0:6.3f}  bound {solution.bound or 0:6.3f}  "
          f"LP {solution.lp_bound or 0:6.3f}  {'PASS' if ok else 'MISS'} (≤ {target_s:g} s, ≤ 1 %)")
    why = f"{solution.status} after {solution.seconds:.1f} s of {TIME_LIMIT:g}; " + \
        ("no proven gap" if gap_pct is None else "the solver cannot close the gap in 2 s")
    return [Figure(f"建议 {name}: time", solution.seconds, limit=target_s,
                   note="" if ok else why),
            Figure(f"建议 {name}: proven gap", gap_pct, unit="%", limit=1.0,
                   note=f"cost {solution.cost or 0:.3f}, LP bound {solution.lp_bound or 0:.3f}"
                   + ("" if ok else "; " + why))]


def synthetic() -> list[Figure]:
    table = FoodTable(read_csv())
    standard = builtin_standards()["WS/T 554-2017"]
    prices = price_table()
    cands = library(2026, SIZES, prices)
    cases = (("5 days × lunch, 300 dishes", 5, ("lunch",),
              (("6-8", "M", 40), ("6-8", "F", 38), ("9-11", "M", 35), ("9-11", "F", 37))),
             ("7 days × 3 meals, 300 dishes", 7, ("breakfast", "lunch", "dinner"),
              (("12-14", "M", 160), ("12-14", "F", 150), ("15-17", "M", 20))))
    figures = []
    for name, days, meals, eaters in cases:
        eaters = normalize_eaters(standard, eaters)
        limit = Decimal("5.00") if len(meals) == 1 else Decimal("15.00")
        p = Problem(cands, school_days(days), meals, [eaters],
                    [linear_rules(standard, eaters, meals)], [limit] * days)
        figures += _row(name, solve(p, table, verifier(table, standard, p, prices, {}),
                                    time_limit=TIME_LIMIT))
    return figures


def county_mixes(n: int, seed: int = 2026) -> list[tuple]:
    """`n` rural primary schools' enrolment mixes (grades 1-6, ages 6-11), each band and sex
    10 to 120 pupils, for a primary-school template. (The demo library has no week for pupils
    of 6-8 alone, and one week for primary and junior middle schools at once is rarely
    possible: the standard's targets do not grow with age in one proportion.)"""
    rng = random.Random(seed)
    return [tuple((b, s, rng.randint(10, 120)) for b in ("6-8", "9-11") for s in ("M", "F"))
            for _school in range(n)]


def demo_schools() -> list[Figure]:
    app = bench_app("menus_suggest")
    with app.app_context():
        session = get_session()
        with acting_as(None, "bench"):
            build_demo(session, schools=10)
            session.commit()
        # each school's newest hand-made week: the library's foods are priced from the demo day
        menus = session.scalars(select(WeekMenu).where(WeekMenu.school_id.is_not(None))
                                .order_by(WeekMenu.school_id, WeekMenu.week_start.desc())).all()
        first = {}
        for menu in menus:
            first.setdefault(menu.school_id, menu)
        cuts, slowest = [], 0.0
        print(f"{'school':<8} {'hand-made':>10} {'fails':>5}  {'suggested':>9} {'fails':>5} "
              f"{'cut':>6} {'time':>6}  status")
        for school_id, menu in first.items():
            menu = services.load_menu(session, menu.id)
            hand = services.week_plan(session, menu)
            hand_fails = len(failures(hand))
            start = time.perf_counter()  # the same week, the same eaters; nothing is saved
            proposal = services.propose(session, menu, time_limit=TIME_LIMIT)
            seconds = time.perf_counter() - start
            slowest = max(slowest, seconds)
            plan = proposal.plan
            fails = len(failures(plan)) if plan else -1
            cost, hand_cost = plan and plan.get("average_cost"), hand.get("average_cost")
            cut = (1 - cost / hand_cost) * 100 if cost and hand_cost else None
            if cut is not None and fails == 0:
                cuts.append(cut)
            print(f"{school_id:<8} {str(hand_cost):>10} {hand_fails:>5}  {str(cost):>9} "
                  f"{fails:>5} {(f'{cut:.1f}%' if cut is not None else '-'):>6} "
                  f"{seconds:5.1f}s  {proposal.solution.status}")
            session.rollback()
        mean = sum(cuts) / len(cuts) if cuts else None
        if cuts:
            print(f"mean cost cut of compliant suggestions {mean:.1f}% against 11% (Sweden) and "
                  f"13% (Boston): {'PASS' if mean > 13 else 'MISS'}")
        return [Figure(f"建议 demo schools: slowest suggested week ({len(first)} schools)",
                       slowest, note=f"limit of the solver {TIME_LIMIT:g} s"),
                Figure("建议 demo schools: mean cost cut of compliant weeks vs hand-made", mean,
                       unit="%", limit=13.0, at_least=True,
                       note=f"{len(cuts)} compliant; published cuts: Sweden 11 %, Boston 13 %"),
                template(session, menu), county_template(session, menu)]


def template(session, menu) -> Figure:
    """A county template for every demo school's mix (10 schools; the issue's 200 is not
    measured here)."""
    draft = services.create_week(session, county_id=menu.county_id, school=None,
                                 week_start=menu.week_start, name="基准模板")
    start = time.perf_counter()
    result = services.propose_template(session, draft, time_limit=TIME_LIMIT)
    seconds = time.perf_counter() - start
    s = result.suggestion.solution
    print(f"county template: {result.schools} schools, {result.mixes} mixes, solved with "
          f"{result.solved_with}: {seconds:.1f} s, {s.status}, binding {result.binding}, "
          f"still failing {len(result.failing)}  {'PASS' if seconds <= 60 else 'MISS'} (≤ 60 s)")
    session.rollback()
    return Figure(f"建议 county template, {result.schools} demo schools, {result.mixes} mixes",
                  seconds, limit=60.0, note=f"{s.status}, still failing {len(result.failing)}")


def county_template(session, menu) -> Figure:
    """One template of the demo county's library for 200 schools' mixes (synthetic, since
    the demo county has 10 schools), solved as `propose_template` solves it."""
    draft = services.create_week(session, county_id=menu.county_id, school=None,
                                 week_start=menu.week_start, name="基准模板")
    standard = nutrition.county_standard(session, menu.county_id)
    keys = list(dict.fromkeys(normalize_eaters(standard, m) for m in county_mixes(200)))
    start = time.perf_counter()
    cands, prices, names, _excluded = suggest.library(session, draft, keys)
    judge = (nutrition.food_table(session), standard, prices, names)
    _p, solution, active, plans = cover_mixes(
        keys, lambda chosen: suggest.problem_for(session, draft, standard, cands, chosen, None),
        judge, TIME_LIMIT)
    seconds = time.perf_counter() - start
    session.rollback()
    failing = sum(1 for plan in plans.values() if failures(plan))
    ok = seconds <= 60 and bool(plans) and not failing
    print(f"county template, 200 schools ({len(keys)} mixes): {seconds:.1f} s, "
          f"{solution.status}, solved with {len(active)} mixes, failing {failing}  "
          f"{'PASS' if ok else 'MISS'} (≤ 60 s)")
    return Figure("建议 county template, 200 synthetic schools' mixes", seconds, limit=60.0,
                  note=f"{solution.status}, {len(keys)} mixes, solved with {len(active)}, "
                  f"failing {failing}")


def main() -> list[Figure]:
    return synthetic() + demo_schools()


if __name__ == "__main__":
    main()
