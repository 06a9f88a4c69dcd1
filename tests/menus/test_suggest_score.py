"""建议 by the best nutrient score (the mean adequacy ratio, energy excluded) within the cost
limit: on a library small enough to try every week, the solver's week has the best score of
all the weeks the planner passes within the limit, never a worse one than the cheapest week's,
and the API and the CLI take the choice (and refuse anything else in words)."""
from __future__ import annotations

import itertools
import random
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from menus import services
from menus.models import MenuItem
from menus.services import IngredientIn
from menus.compliance import failures
from menus.suggest_check import plan_of, verifier
from menus.suggest_model import Problem
from menus.suggest_solve import OPTIMAL, solve
from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.services import FOOD_GROUPS, linear_rules, normalize_eaters
from nutrition.standard import builtin_standards
from procurement import services as procurement
from procurement.services import LineIn
from suite import accounts

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


# ---- the choice through the service, the API, the planner's form and the CLI -------------

CATEGORY = {"main": "meat", "staple": "staple", "vegetable": "vegetable", "soup": "soup",
            "fruit": "fruit", "milk": "milk"}
DAY = date(2026, 11, 16)  # a Monday in term


@pytest.fixture
def priced(db, org, foods):
    """The small library as dishes, every food delivered the week before: two lunches of it
    pass every check for the school's enrolment."""
    supplier = procurement.save_supplier(db, {
        "name": "县农产品公司", "credit_code": "91350100M000100Y43", "licence_no": "JY135010002",
        "licence_expiry": date(2027, 6, 30), "approved": True, "food_groups": list(FOOD_GROUPS)})
    lines = [LineIn(code, "1", "kg", str(price.per_kg), temperature_c="2", food_code=code)
             for code, price in PRICES.items()]
    procurement.create_delivery(db, school=org.schools[0], supplier_id=supplier.id,
                                delivery_date=date(2026, 11, 9), invoice_no="NO.7",
                                checker="王老师", lines=lines, today=date(2026, 11, 22))
    out = [services.save_dish(db, name=c.name, category=CATEGORY[c.role],
                              ingredients=[IngredientIn(code, str(g))
                                           for code, g in c.rows["9-11"]], meals=("lunch",))
           for c in small_library(1)]
    db.commit()
    return out


def _items(db, menu_id):
    db.expire_all()
    return db.execute(select(MenuItem.day, MenuItem.meal, MenuItem.dish_id)
                      .where(MenuItem.menu_id == menu_id).order_by(MenuItem.id)).all()


@pytest.fixture
def token(db, factory, org):
    raw = accounts.create_token(db, factory.user("nutritionist"))
    db.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_the_api_refuses_an_unknown_objective_in_words_and_changes_nothing(
        db, org, dishes, make_week, client, token, en):
    menu = make_week(org.schools[0])
    services.add_item(db, menu, day=DAY, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    before = _items(db, menu.id)
    for objective in ("price", ["cost"], None):
        for path in ("suggest", "repair"):
            reply = client.post(f"/api/v1/menus/weeks/{menu.id}/{path}",
                                json={"objective": objective}, headers=token)
            assert reply.status_code == 400, reply.json
            assert reply.json["errors"] == {"objective": (
                "The objective is “cost” (the cheapest week) or “nutrients” (the best "
                "nutrient score within the cost limit).")}
    assert _items(db, menu.id) == before


def test_the_api_suggests_by_nutrient_score_and_reports_it(db, org, priced, make_week, client,
                                                         token, en):
    menu = make_week(org.schools[0], days=[0, 1])
    bodies = {}
    for objective in ("cost", "nutrients"):
        reply = client.post(f"/api/v1/menus/weeks/{menu.id}/suggest",
                            json={"objective": objective, "budget": "6.00"}, headers=token)
        assert reply.status_code == 200, reply.json
        bodies[objective] = body = reply.json
        assert body["status"] == "optimal" and body["objective"] == objective
        assert body["failures"] == [] and 0 < body["nutrient_score"] <= 100
        assert all(Decimal(d["cost_per_serving"]) <= Decimal("6.00") for d in body["days"])
    assert bodies["nutrients"]["nutrient_score"] >= bodies["cost"]["nutrient_score"]
    assert Decimal(bodies["nutrients"]["average_cost"]) >= Decimal(bodies["cost"]["average_cost"])
    assert _items(db, menu.id) == []


def test_the_planner_form_offers_the_choice_and_shows_the_score(db, org, priced, make_week,
                                                               client, login, en):
    login("nutritionist")
    menu = make_week(org.schools[0], days=[0, 1])
    planner = client.get(f"/menus/weeks/{menu.id}").get_data(as_text=True)
    assert 'name="objective" value="nutrients"' in planner and "Best nutrient score" in planner
    page = client.post(f"/menus/weeks/{menu.id}/suggest",
                       data={"mode": "suggest", "objective": "nutrients"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Nutrient score: " in text and "Suggested by: Best nutrient score" in text


def test_the_cli_takes_the_objective(db, org, priced, make_week, runner):
    make_week(org.schools[0], days=[0, 1])  # the week's draft the CLI suggests for
    args = ["menus", "suggest", "--school", org.schools[0].code, "--week", "2026-11-18",
            "--time-limit", "5"]
    result = runner.invoke(args=args + ["--objective", "nutrients"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("status optimal") and "nutrient score " in result.output
    wrong = runner.invoke(args=args + ["--objective", "taste"])
    assert wrong.exit_code == 2 and "'--objective'" in wrong.output
    assert db.scalar(select(func.count()).select_from(MenuItem)) == 0
