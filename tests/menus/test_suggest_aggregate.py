"""The menu solver's aggregate week (each meal's dishes counted over the week, each day's
rule summed): its optimum must never be dearer than the week's, an aggregate without a week
must mean the week has none, and a week shared out from it must serve exactly its dishes."""
from __future__ import annotations

import time
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from menus import suggest_solve as solver
from menus.suggest_aggregate import shares, tightened
from menus.suggest_build import Builder
from menus.suggest_check import verifier
from menus.suggest_model import Problem
from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.services import linear_rules, normalize_eaters
from nutrition.standard import builtin_standards

from .helpers_suggest import OIL, candidate, library, price_table, school_days

TABLE = FoodTable(read_csv())
STANDARD = builtin_standards()["WS/T 554-2017"]
PRICES = price_table()
OPTIMAL = 0   # scipy's milp status
# a week's rules (liver once a week, ...) need five days and a library of this size
RICH = dict(staple=12, main=60, vegetable=40, soup=8, fruit=8, milk=4)


def problem(cands, days, meals, eaters, limit):
    eaters = normalize_eaters(STANDARD, eaters)
    return Problem(cands, school_days(days), meals, [eaters],
                   [linear_rules(STANDARD, eaters, meals)], [Decimal(limit)] * days)


def best(model, gap=0.0, seconds=60.0):
    A, lb, ub = solver._arrays(model)
    return solver._run(model, solver._objective(model, model.n_cols), A, lb, ub,
                       len(model.pairs), time.perf_counter() + seconds, gap)


def counts_of(week, agg, x) -> np.ndarray:
    """The aggregate's columns for a whole week: each dish's servings per meal."""
    index = {(int(d), int(s)): i for i, (d, s) in enumerate(agg.pairs)}
    meals = len(week.problem.meals)
    out = np.zeros(len(agg.pairs))
    for (d, s), v in zip(week.pairs, x[:len(week.pairs)]):
        if v > 0.5:
            out[index[(int(d), int(s) % meals)]] += 1
    return out


def check_bound(p):
    """A week the whole programme finds is a week of the aggregate (its dishes meet every
    aggregate row) at the same cost, so the aggregate's proven bound bounds the week's."""
    week, agg = Builder(p, TABLE).build(), Builder(p, TABLE, aggregate=True).build()
    whole = best(week, gap=0.05, seconds=10)
    assert whole.x is not None
    counts = counts_of(week, agg, whole.x)
    A, lb, ub = solver._arrays(agg)
    lower = np.r_[counts, np.zeros(agg.n_cols - len(counts))]
    upper = np.r_[counts, agg.upper[len(counts):]]
    fixed = milp(solver._objective(agg, agg.n_cols), bounds=Bounds(lower, upper),
                 constraints=LinearConstraint(A, lb, ub))
    assert fixed.status == OPTIMAL, fixed.message
    assert abs(fixed.fun - whole.fun) < 1e-9


@pytest.mark.parametrize("seed, eaters, limit", [
    (7, (("9-11", "F", 30),), "5.00"),
    (19, (("9-11", "M", 10), ("9-11", "F", 10)), "4.50"),
    (2026, (("9-11", "F", 16), ("9-11", "M", 15)), "6.00")])
def test_the_best_lunch_week_is_a_week_of_the_aggregate(seed, eaters, limit):
    check_bound(problem(library(seed, RICH, PRICES), 5, ("lunch",), eaters, limit))


def test_a_week_shared_out_serves_exactly_the_aggregate_dishes():
    p = problem(library(7, RICH, PRICES), 5, ("lunch",), (("9-11", "M", 30),), "5.00")
    week, agg = Builder(p, TABLE).build(), Builder(p, TABLE, aggregate=True).build()
    summed = best(agg, gap=0.01)
    assert summed.status == OPTIMAL
    counts = np.rint(summed.x[:len(agg.pairs)])
    E, rhs, upper = shares(week, agg, counts)
    A, lb, ub = solver._arrays(week)
    shared = solver._run(week, solver._objective(week, week.n_cols),
                         sparse.vstack([A, E]).tocsr(), np.r_[lb, rhs], np.r_[ub, rhs],
                         len(week.pairs), time.perf_counter() + 60, 1.0, upper)
    assert shared.status == OPTIMAL
    served = {}
    for (d, _s), v in zip(week.pairs, shared.x[:len(week.pairs)]):
        served[int(d)] = served.get(int(d), 0) + round(v)
    wanted = {int(d): int(c) for (d, _s), c in zip(agg.pairs, counts) if c}
    assert {d: c for d, c in served.items() if c} == wanted
    # the same cost, so the aggregate's proven gap holds for the week
    assert abs(solver._cost(week, shared.x) - solver._cost(agg, summed.x)) < 1e-9


def test_a_week_without_eggs_for_boarders_is_proven_impossible_at_once():
    """No breakfast egg and few egg dishes: the week's egg target cannot be met. The whole
    week's programme times out on it; the aggregate proves it."""
    sizes = dict(staple=30, main=105, vegetable=105, soup=24, fruit=18, milk=9)
    eaters = (("12-14", "M", 160), ("12-14", "F", 150), ("15-17", "M", 20))
    p = problem(library(2026, sizes, PRICES), 7, ("breakfast", "lunch", "dinner"), eaters,
                "15.00")
    solution = solver.solve(p, TABLE, verifier(TABLE, STANDARD, p, PRICES, {}),
                            time_limit=60, relax=False)
    assert solution.status == solver.INFEASIBLE and solution.proven
    assert solution.week == []


def oil_only_rules(eaters, oil_day_max):
    """Only the day's oil rule (and the meal's structure): the week's rules switched off."""
    rules = linear_rules(STANDARD, eaters, ("lunch",))
    none = np.full_like(rules.nutrient_low, np.nan)
    return replace(rules, nutrient_low=none, nutrient_high=none,
                   energy_share={"fat": (0.0, 100.0), "carbohydrate": (0.0, 100.0)},
                   group_low=np.full_like(rules.group_low, np.nan),
                   group_high=np.full_like(rules.group_high, np.nan), liver_week=(0.0, np.inf),
                   milk_day=(np.nan, np.nan), oil_day_max=oil_day_max, salt_day_max=np.inf,
                   meal_groups_min=0)


OILY = [candidate(1, "米饭", "staple", [("012001x", 100)], PRICES, ("lunch",)),
        candidate(2, "炒肉甲", "main", [("081110", 30), (OIL, 5)], PRICES, ("lunch",), "pork"),
        candidate(3, "炒鸡乙", "main", [("091112", 30), (OIL, 5)], PRICES, ("lunch",), "hen"),
        candidate(4, "炒白菜", "vegetable", [("045301", 80), (OIL, 5)], PRICES, ("lunch",)),
        candidate(5, "拌萝卜", "vegetable", [("045120", 80), (OIL, 1)], PRICES, ("lunch",))]


def oily_lunches(cands) -> Problem:
    """Two lunches of one staple, one main and one vegetable dish each, under the day's oil
    rule alone (8.5 g at most)."""
    eaters = normalize_eaters(STANDARD, (("9-11", "F", 30),))
    one_each = {"lunch": {"staple": (1, 1), "main": (1, 1), "vegetable": (1, 1),
                          "soup": (0, 0), "fruit": (0, 0), "milk": (0, 0), "other": (0, 0)}}
    return Problem(cands, school_days(2), ("lunch",), [eaters], [oil_only_rules(eaters, 8.5)],
                   [Decimal("5.00")] * 2, structure=one_each, repeat={"staple": 2})


def test_dishes_the_days_cannot_share_give_the_closest_week_and_say_which_day_misses():
    """Two mains with 5 g of oil, vegetable dishes with 5 g and 1 g, 8.5 g a day at most:
    the aggregate's 16 g fit the two days' 17 g, but the 5 g dish makes 10 g on its day."""
    p = oily_lunches(OILY)
    solution = solver.solve(p, TABLE, lambda week: [], time_limit=30)
    assert solution.status == solver.RELAXED and solution.proven
    [(label, missed)] = solution.shortfalls
    day = next(t for t, meals in enumerate(solution.week) if 3 in meals["lunch"])
    assert label == (("oil", day, 0), "high")
    assert abs(missed - (10 - 8.5) / 8.5) < 1e-4
    assert sorted(k for meals in solution.week for k in meals["lunch"]) == [0, 0, 1, 2, 3, 4]


def test_dishes_the_days_cannot_share_are_sought_again_with_the_day_rule_moved_inward(
        monkeypatch):
    """As above with a third, dearer vegetable dish of 3 g of oil. The cheapest aggregate (the
    5 g and the 1 g dish, 16 g of 17) cannot be shared out; its oil sum is moved inward by
    what the day missed (1.5 g of 8.5 on one day of two: 8.8 %, to 15.5 g) and solved again.
    The 3 g and the 1 g dish share out (8 g and 6 g); its gap is measured against the first
    aggregate's proven bound, not the tightened one's, so it is not proven optimal, and the
    whole week's programme, given half the time left, proves the same week optimal."""
    cands = OILY + [candidate(6, "炒青菜", "vegetable", [("045217", 80), (OIL, 3)], PRICES,
                              ("lunch",))]
    p = oily_lunches(cands)
    assert cands[5].cost["9-11"] > cands[3].cost["9-11"]  # the 3 g dish is the dearer

    def cost(keys):  # per pupil per day
        return float(sum(cands[k].cost["9-11"] for k in keys)) / 2

    def via():
        week, agg = Builder(p, TABLE).build(), Builder(p, TABLE, aggregate=True).build()
        A, lb, ub = solver._arrays(week)
        return solver._via_aggregate(week, agg, A, lb, ub, time.perf_counter() + 30, 0.01,
                                     True)
    found = via()
    assert found.solution is None and found.fallback is not None
    week = found.fallback[0]
    assert week.status == solver.FEASIBLE and not week.shortfalls
    assert sorted(k for meals in week.week for k in meals["lunch"]) == [0, 0, 1, 2, 4, 5]
    oil = {k: float(dict(c.rows["9-11"])[OIL]) for k, c in enumerate(cands) if k}
    assert sorted(sum(oil.get(k, 0) for k in meals["lunch"]) for meals in week.week) == \
        [6.0, 8.0]
    assert abs(week.cost - cost([0, 0, 1, 2, 4, 5])) < 1e-9
    assert abs(week.bound - cost([0, 0, 1, 2, 3, 4])) < 1e-6 and found.bound == week.bound
    assert abs(week.gap - (week.cost - week.bound) / week.cost) < 1e-9 and week.gap > 0.01
    solution = solver.solve(p, TABLE, lambda w: [], time_limit=30)
    assert solution.status == solver.OPTIMAL and solution.week == week.week
    monkeypatch.setattr(solver, "TIGHTEN_TRIES", 1)  # one aggregate: nothing shares out
    assert via().fallback is None


def test_only_summed_day_rules_move_inward_by_what_the_days_missed_within_limits():
    class Agg:  # the aggregate's rows: oil's week sum (high), milk's (low), vegetable kinds
        class rows:
            labels = [(("oil", 0, 0), "high"), (("milk", 0, 0), "low"),
                      (("vegetable_kinds", 0), "low"), ("link",)]
    lb, ub = np.array([-np.inf, 1.0, 1.0, 0.0]), np.array([1.0, np.inf, np.inf, 0.0])
    moved = {}
    missed = [((("oil", 3, 0), "high"), 0.14), ((("oil", 5, 0), "high"), 0.07),
              ((("vegetable_kinds", 2), "low"), 1.0), ((("milk", 1, 0), "low"), 0.01)]
    new_lb, new_ub = tightened(Agg, lb, ub, missed, 7, moved)
    assert moved == {("oil", "high"): pytest.approx(0.03), ("milk", "low"): 0.02}
    assert new_ub[0] == pytest.approx(0.97) and new_lb[1] == pytest.approx(1.02)
    assert new_lb[2] == 1.0 and list(new_ub[1:]) == [np.inf, np.inf, 0.0]  # kinds never move
    assert lb[1] == 1.0 and ub[0] == 1.0  # the caller's bounds are left as they were
    for _ in range(20):  # each round adds to what moved, up to 30 %
        bounds = tightened(Agg, lb, ub, missed, 7, moved)
    assert bounds is None and moved[("oil", "high")] == 0.3
    assert tightened(Agg, lb, ub, [((("vegetable_kinds", 2), "low"), 1.0)], 7, {}) is None
