"""建议 by the best nutrient score (the mean adequacy ratio, energy excluded) within the cost
limit: on a library small enough to try every week, the solver's week has the best score of
all the weeks the planner passes within the limit, never a worse one than the cheapest week's,
and the API and the CLI take the choice (and refuse anything else in words)."""
from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from menus.compliance import failures
from menus.suggest_check import plan_of, verifier
from menus.suggest_model import Problem
from menus.suggest_solve import OPTIMAL, solve
from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.services import linear_rules, normalize_eaters
from nutrition.standard import builtin_standards

from .helpers_suggest import Price, candidate, price_table, school_days

TABLE = FoodTable(read_csv())
STANDARD = builtin_standards()["WS/T 554-2017"]
PRICES = {**price_table(), "051013": Price(Decimal("60.00"), price_table()["L0001"].day)}
MIX = normalize_eaters(STANDARD, (("9-11", "M", 16), ("9-11", "F", 15), ("6-8", "M", 10),
                                  ("12-14", "F", 4)))
LIMIT = Decimal("4.80")  # below the best-scoring week's cost, above the cheapest's
ONE_EACH = {"lunch": {"staple": (1, 1), "main": (1, 1), "vegetable": (1, 1), "soup": (0, 0),
                      "fruit": (1, 1), "milk": (1, 1), "other": (0, 0)}}
ROLES = ("staple", "main", "vegetable", "fruit", "milk")


def small_library(seed: int) -> list:
    """Lunch dishes dense enough that two lunches can meet every weekly rule of the standard
    (liver, fish, eggs and tofu in every main; dried black fungus for the fibre), so that many
    weeks pass and the score tells them apart."""
    rnd = random.Random(seed)
    out = []

    def add(role, base):
        out.append(candidate(len(out) + 1, f"{role}{len(out) + 1}", role, base, PRICES,
                             ("lunch",)))
    for other in ("015101", "011201x"):
        add("staple", [("012001x", rnd.uniform(50, 54)), (other, rnd.uniform(33, 37)),
                       ("021101", rnd.uniform(42, 47))])
    for meat in ("081110", "091112", "082108x"):
        add("main", [("081214", rnd.uniform(10.8, 12)), (meat, rnd.uniform(5, 6.5)),
                     ("121102", rnd.uniform(28.5, 30.5)), ("111101x", rnd.uniform(20.5, 22.5)),
                     ("031301x", rnd.uniform(11, 13)),
                     (rnd.choice(("042110", "043101x")), rnd.uniform(28, 35)),
                     ("192004", rnd.uniform(5, 5.5)), ("L0001", rnd.uniform(0.8, 1.0))])
    for a, b in (("045301", "045125"), ("043101x", "045120"), ("042110", "045125")):
        add("vegetable", [(a, rnd.uniform(68, 76)), (b, rnd.uniform(50, 56)),
                          ("051013", rnd.uniform(2, 4)), ("192004", rnd.uniform(5, 5.5)),
                          ("L0001", rnd.uniform(0.8, 1.0))])
    for _pear in range(2):
        add("fruit", [("061201x", rnd.uniform(112, 118))])
    add("milk", [("101101x", rnd.uniform(74, 80))])
    return out


def problem(objective: str) -> Problem:
    return Problem(small_library(1), school_days(2), ("lunch",), [MIX],
                   [linear_rules(STANDARD, MIX, ("lunch",))], [LIMIT] * 2, structure=ONE_EACH,
                   repeat={"staple": 2, "fruit": 2, "milk": 2}, objective=objective)


def judged(p, week) -> tuple[bool, Decimal, float]:
    """(passes every check with each day's exact cost within the limit, average cost, score)
    by the planner's own code. Exact cost: the solver keeps it within the limit, while the
    planner compares the cost rounded to the fen."""
    plan = plan_of(TABLE, STANDARD, MIX, p, week, PRICES, {})
    within = all(d["cost"].exact <= LIMIT for d in plan["days"])
    cost = sum(d["cost"].exact for d in plan["days"]) / len(plan["days"])
    return within and not failures(plan), cost, plan["nutrient_score"]


@pytest.fixture(scope="module")
def every_week():
    """Every week of the structure with no main or vegetable dish twice, each once (days
    with the same limit are interchangeable, so a week and its swap are one), judged."""
    p = problem("cost")
    by_role = {r: [k for k, c in enumerate(p.candidates) if c.role == r] for r in ROLES}
    lunches = list(itertools.product(*(by_role[r] for r in ROLES)))
    out = []
    for first, second in itertools.combinations_with_replacement(lunches, 2):
        if first[1] != second[1] and first[2] != second[2]:
            week = [{"lunch": list(first)}, {"lunch": list(second)}]
            out.append((week, *judged(p, week)))
    return out


def run(p):
    return solve(p, TABLE, verifier(TABLE, STANDARD, p, PRICES, {}), time_limit=30, gap=0.0)


def test_the_score_objective_finds_the_brute_force_best_score_within_the_limit(every_week):
    passing = [(cost, score) for _w, ok, cost, score in every_week if ok]
    assert passing and any(not ok and score > max(s for _c, s in passing)
                           for _w, ok, _c, score in every_week)  # the limit binds
    p = problem("nutrients")
    solution = run(p)
    assert solution.status == OPTIMAL
    ok, cost, score = judged(p, solution.week)
    best = max(s for _c, s in passing)
    assert ok and abs(score - best) / 100 < 1e-6
    cheapest_of_best = min(c for c, s in passing if abs(s - best) / 100 < 1e-6)
    assert cost == cheapest_of_best  # between equal scores, the cheaper week


def test_the_best_score_is_no_worse_than_the_cheapest_weeks_and_within_the_limit():
    by_cost = run(problem("cost"))
    by_score = run(problem("nutrients"))
    assert by_cost.status == by_score.status == OPTIMAL
    _ok, cost_c, score_c = judged(problem("cost"), by_cost.week)
    ok, cost_s, score_s = judged(problem("nutrients"), by_score.week)
    assert ok and score_s >= score_c - 1e-9 and cost_s >= cost_c
    plan = plan_of(TABLE, STANDARD, MIX, problem("nutrients"), by_score.week, PRICES, {})
    assert all(d["cost"].amount <= LIMIT for d in plan["days"])
    assert abs(by_score.bound - score_s) < 1e-3  # the proven bound is in score points
