"""The menu solver on pure libraries: the suggestion equals the brute-force optimum, every
suggested week passes the planner's own checks and cost limit, restrictions and variety
hold, an impossible week names what it misses, and a repair makes the fewest changes."""
from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menus.compliance import failures
from menus.suggest_check import plan_of, verifier
from menus.suggest_model import Problem
from menus.suggest_solve import OPTIMAL, RELAXED, solve
from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.services import linear_rules, normalize_eaters
from nutrition.standard import builtin_standards

from .helpers_suggest import candidate, library, price_table, school_days

TABLE = FoodTable(read_csv())
STANDARD = builtin_standards()["WS/T 554-2017"]
PRICES = price_table()
MIX = (("9-11", "M", 16), ("9-11", "F", 15), ("6-8", "M", 10), ("12-14", "F", 4))


def problem(cands, days=5, meals=("lunch",), eaters=MIX, limit="5.00", **kw):
    eaters = normalize_eaters(STANDARD, eaters)
    limits = [Decimal(limit) if limit else None] * days
    return Problem(cands, school_days(days), meals, [eaters],
                   [linear_rules(STANDARD, eaters, meals)], limits, **kw)


def run(p, **kw):
    return solve(p, TABLE, verifier(TABLE, STANDARD, p, PRICES, {}), **kw)


def all_failures(p, week):
    return [f for eaters in p.mixes
            for f in failures(plan_of(TABLE, STANDARD, eaters, p, week, PRICES, {}))]


RICH = dict(staple=12, main=60, vegetable=40, soup=8, fruit=8, milk=4)


@pytest.mark.parametrize("seed", [7])
def test_a_suggested_week_passes_every_planner_check_within_the_subsidy(seed):
    p = problem(library(seed, RICH, PRICES))
    solution = run(p, time_limit=60)  # proven optimal in about a second on an idle machine
    assert solution.status in ("optimal", "feasible"), solution.shortfalls[:3]
    assert all_failures(p, solution.week) == []
    plan = plan_of(TABLE, STANDARD, p.mixes[0], p, solution.week, PRICES, {})
    assert all(d["cost"].amount <= Decimal("5.00") for d in plan["days"])
    assert len({k for day in solution.week for k in day["lunch"] if
                p.candidates[k].role == "main"}) == sum(
        1 for day in solution.week for k in day["lunch"] if p.candidates[k].role == "main")
    assert solution.lp_bound <= solution.cost + 1e-9


def _structure_valid_weeks(p):
    """Every week of 1 staple, 1 main, 1 vegetable, 1 fruit, 1 milk per lunch, no dish
    twice (staples, fruit and milk as often as the solver allows)."""
    by_role = {}
    for k, c in enumerate(p.candidates):
        by_role.setdefault(c.role, []).append(k)
    lunches = list(itertools.product(*(by_role[r] for r in
                                       ("staple", "main", "vegetable", "fruit", "milk"))))
    for week in itertools.product(lunches, repeat=len(p.days)):
        mains = [lunch[1] for lunch in week] + [lunch[2] for lunch in week]
        if len(set(mains)) == len(mains):
            yield [{"lunch": list(lunch)} for lunch in week]


def test_on_a_small_library_the_suggestion_is_the_brute_force_optimum():
    cands = library(11, dict(staple=2, main=4, vegetable=3, fruit=2, milk=1), PRICES)
    loose = {"lunch": {"staple": (1, 1), "main": (1, 1), "vegetable": (1, 1), "soup": (0, 0),
                       "fruit": (1, 1), "milk": (1, 1), "other": (0, 0)}}
    p = problem(cands, days=2, structure=loose, repeat={"staple": 2, "fruit": 2, "milk": 2},
                ingredient_max=2)
    best = None
    for week in _structure_valid_weeks(p):
        if all_failures(p, week):
            continue
        plan = plan_of(TABLE, STANDARD, p.mixes[0], p, week, PRICES, {})
        cost = sum(d["cost"].exact for d in plan["days"]) / 2
        best = cost if best is None or cost < best else best
    solution = run(p, time_limit=30, gap=0.0)
    if best is None:
        assert solution.status == RELAXED and solution.shortfalls
    else:
        assert solution.status == OPTIMAL
        assert abs(Decimal(str(solution.cost)) - best) < Decimal("0.000001")


BANDS = ("6-8", "9-11", "12-14", "15-17")


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), days=st.integers(1, 3),
       heads=st.lists(st.integers(0, 30), min_size=4, max_size=4).filter(lambda h: sum(h) > 0),
       limit=st.sampled_from(["3.80", "4.50", "5.00", "6.00"]))
def test_every_answer_is_a_week_the_planner_passes_or_says_what_it_misses(seed, days, heads,
                                                                        limit):
    sizes = dict(staple=3, main=8, vegetable=6, soup=2, fruit=3, milk=2)
    eaters = tuple((b, s, n) for b, n in zip(BANDS, heads) for s in ("M",) if n)
    p = problem(library(seed, sizes, PRICES), days=days, eaters=eaters, limit=limit)
    solution = run(p, time_limit=5, lp_bound=False)
    if solution.status in ("optimal", "feasible"):
        assert all_failures(p, solution.week) == []
        mains = [k for day in solution.week for k in day["lunch"]
                 if p.candidates[k].role in ("main", "vegetable", "soup")]
        assert len(mains) == len(set(mains))  # no main, vegetable or soup twice
    else:
        assert solution.status == RELAXED and solution.shortfalls


def test_a_repair_makes_the_fewest_changes():
    p = problem(library(7, RICH, PRICES))
    best = run(p, time_limit=30)
    assert best.status == OPTIMAL
    draft = {(k, t) for t, day in enumerate(best.week) for k in day["lunch"]}
    # one change away: Monday's vegetable dish swapped for another that breaks the week
    monday_veg = next(k for k in best.week[0]["lunch"] if p.candidates[k].role == "vegetable")
    broken = set(draft) - {(monday_veg, 0)}
    broken.add((next(k for k, c in enumerate(p.candidates) if c.role == "vegetable"
                     and all(k not in d["lunch"] for d in best.week)), 0))
    repaired = run(replace(p, draft=frozenset(broken)), time_limit=30)
    if all_failures(p, [{"lunch": [k for k, t in broken if t == d]} for d in range(5)]):
        # swapping the dish back is one change (a dish replaced in its meal counts once)
        assert repaired.changes == 1 and all_failures(p, repaired.week) == []
        changed = {(k, t) for t, day in enumerate(repaired.week) for k in day["lunch"]} ^ broken
        assert {t for _k, t in changed} == {0} and len(changed) in (1, 2)
    else:
        assert repaired.changes == 0


@pytest.mark.parametrize("unslotted", [0, 2])
def test_a_dish_that_must_go_is_replaced_in_its_meal_as_one_change(unslotted):
    """Monday's vegetable dish is no longer a candidate (e.g. the school's rule bans it): the
    draft keeps the rest, and its replacement is one change; a draft dish on a day no longer
    served is removed, one change each."""
    p = problem(library(7, RICH, PRICES))
    best = run(p, time_limit=30)
    assert best.status == OPTIMAL
    draft = {(k, t) for t, day in enumerate(best.week) for k in day["lunch"]}
    monday_veg = next(k for k in best.week[0]["lunch"] if p.candidates[k].role == "vegetable")
    draft.discard((monday_veg, 0))
    repaired = run(replace(p, draft=frozenset(draft), forced_changes=1 + unslotted,
                           forced_in_slot={0: 1}), time_limit=30)
    assert repaired.status in ("optimal", "feasible")
    assert repaired.changes == 1 + unslotted and all_failures(p, repaired.week) == []
    after = {(k, t) for t, day in enumerate(repaired.week) for k in day["lunch"]}
    assert draft <= after and {t for _k, t in after - draft} == {0}
