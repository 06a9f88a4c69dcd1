"""建议食谱 and 修正: the cheapest week of the county's dishes that passes the planner's checks
for the school's eaters within the subsidy, or the fewest changes that make a draft pass;
and accepting a proposal into the draft. Reads the library, prices and rates, then hands a
pure problem to the solver (suggest_model, suggest_build, suggest_solve)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nutrition import services as nutrition
from procurement import services as procurement
from suite import services as org
from suite.vocabulary import MEALS

from .dishes import MenuError, dish_grams
from .models import Dish, MenuItem, WeekMenu
from .planning import eaters_for
from .rules import school_rule
from .suggest_check import plan_of, verifier
from .suggest_model import Candidate, Problem, stock_used
from .suggest_solve import Solution, solve
from .tags import banned_tags, main_food
from .weeks import default_servings, served_days, served_on

@dataclass
class Suggestion:
    """A proposal, never saved until accepted."""

    solution: Solution
    days: list                      # the served days the proposal fills
    meals: tuple
    items: list                     # (day, meal, dish id, dish name)
    plan: dict | None               # the planner's numbers of the proposal
    excluded: dict = field(default_factory=dict)  # reason -> dish names left out
    fingerprint: str = ""           # of the draft it was made from
    budget: Decimal | None = None
    objective: str = "cost"         # what the solver optimised: "cost" or "nutrients"
    # the proposed week's nutrient score in % (mean adequacy ratio, energy excluded), from
    # the planner's analysis of it, for either objective so the two can be compared
    score: float | None = None
    # prefer food on hand: the stock the week uses, [{"name", "grams", "value"}] (ledger CNY)
    stock_used: list | None = None


def fingerprint(menu: WeekMenu) -> str:
    """The draft's items as they were when a proposal was made: accepting a proposal made
    from another state of the draft is refused."""
    items = sorted((i.day.isoformat(), i.meal, i.dish_id) for i in menu.items)
    text = f"{menu.id}|{menu.status}|{items}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _meals(dish: Dish) -> frozenset:
    return frozenset(m for m in (dish.meals or "").split(",") if m)


def library(session: Session, menu: WeekMenu, eaters_list, *, dish_ids=None,
            banned=frozenset(), budget=None):
    """Candidates (every active dish whose foods all have a price), the prices and names
    by food code, and the dishes left out by reason."""
    stmt = select(Dish).where(Dish.active.is_(True)).options(selectinload(Dish.ingredients))
    if dish_ids is not None:
        stmt = stmt.where(Dish.id.in_(list(dish_ids)))
    dishes = session.scalars(stmt.order_by(Dish.id)).all()
    food_ids = {i.food_id for d in dishes for i in d.ingredients}
    foods = {f.id: f for f in nutrition.foods_by_id(session, food_ids)}
    prices = procurement.recent_prices(session, menu.school_id, food_ids, menu.week_start)
    bands = sorted({b for eaters in eaters_list for b, _s, _c in eaters})
    out, excluded = [], {"unpriced": [], "restricted": [], "empty": []}
    for dish in dishes:
        tags = frozenset(dish.tags or ())
        if not dish.ingredients:
            excluded["empty"].append(dish.name)
        elif tags & banned:
            excluded["restricted"].append(dish.name)
        elif any(i.food_id not in prices for i in dish.ingredients):
            excluded["unpriced"].append(dish.name)
        else:
            rows = {b: tuple((foods[f].code, g) for f, g in dish_grams(dish, b)) for b in bands}
            cost = {b: sum((g * prices[f].per_kg for f, g in dish_grams(dish, b)),
                           Decimal(0)) / 1000 for b in bands}
            out.append(Candidate(dish.id, dish.name, dish.role, _meals(dish), rows, cost,
                                 tags, main_food(dish, foods)))
    by_code = {foods[f].code: p for f, p in prices.items()}
    names = {f.code: f.name for f in foods.values()}
    return out, by_code, names, {k: v for k, v in excluded.items() if v}


def stock_on_hand(session: Session, menu: WeekMenu, prices: dict) -> dict:
    """Food code -> (grams, ledger CNY per kg) of the school's stock at the week's start, for
    foods the library prices (the others no dish can use)."""
    out = {}
    for row in procurement.on_hand(session, menu.school_id, as_of=menu.week_start):
        if row["code"] in prices and row["grams"] > 0 and row["value"] > 0:
            out[row["code"]] = (row["grams"], row["value"] * 1000 / row["grams"])
    return out


def _days(session: Session, menu: WeekMenu) -> list:
    return [d for d in served_days(menu)
            if menu.school_id is None or served_on(session, menu, d)]


def problem_for(session, menu, standard, candidates, mixes, budget, draft_items=(),
                objective="cost"):
    """The solver's problem for a menu's served days and meals, every mix of eaters in
    `mixes` at once (a school: its own; a county template: the schools adopting it)."""
    meals = nutrition.served_meals(menu.meal_list)
    days = _days(session, menu)
    rates = org.subsidy_rates_on(session, days, menu.county_id) if budget is None else {}
    limits = [budget if budget is not None else rates[d] for d in days]
    rules = [nutrition.linear_rules(standard, eaters, meals) for eaters in mixes]
    problem = Problem(candidates, days, meals, list(mixes), rules, limits, objective=objective)
    index = {c.key: k for k, c in enumerate(candidates)}
    slots = {(days[t], m): s for s, (t, m) in enumerate(problem.slots)}
    draft, forced, in_slot = set(), 0, {}
    for item in draft_items:
        k, s = index.get(item.dish_id), slots.get((item.day, item.meal))
        if k is None or s is None:
            forced += 1
            if s is not None:  # may be replaced in its meal: one change, not two
                in_slot[s] = in_slot.get(s, 0) + 1
        else:
            draft.add((k, s))
    problem.draft, problem.forced_changes = frozenset(draft), forced
    problem.forced_in_slot = in_slot
    return problem


def propose(session: Session, menu: WeekMenu, *, budget: Decimal | None = None,
            dish_ids=None, banned=None, repair: bool = False, objective: str = "cost",
            prefer_stock: bool = False, time_limit: float = 5.0) -> Suggestion:
    """The cheapest compliant week, or with `objective="nutrients"` the one with the best
    nutrient score within the cost limit (or with `repair`, the fewest changes to the draft,
    then the cheapest, whatever the objective); when none exists, the week that misses the
    rules least, with what it misses. `banned`: tags no dish may carry (default: the
    school's dietary rule, e.g. 清真). `prefer_stock`: the stock on hand a week uses counts
    as already paid for, at its ledger cost (the cost limit stays at the planner's prices).
    Nothing is written."""
    if banned is None and menu.school_id is not None:
        rule = school_rule(session, menu.school_id)
        banned = banned_tags(rule["halal"], rule["avoid"])
    banned = frozenset(banned or ())
    standard = nutrition.county_standard(session, menu.county_id)
    eaters, _enrolled = eaters_for(session, menu)  # `_` is gettext
    eaters = nutrition.normalize_eaters(standard, eaters)
    candidates, prices, names, excluded = library(session, menu, [eaters], dish_ids=dish_ids,
                                                  banned=banned)
    if repair and not menu.items:
        raise MenuError({"menu": _("The draft has no dishes to correct: suggest a week instead.")})
    problem = problem_for(session, menu, standard, candidates, [eaters], budget,
                          menu.items if repair else (), "cost" if repair else objective)
    if not problem.days:
        raise MenuError({"menu": _("This menu serves no school day.")})
    if prefer_stock and menu.school_id is not None:
        problem.stock = stock_on_hand(session, menu, prices)
    table = nutrition.food_table(session)
    solution = solve(problem, table, verifier(table, standard, problem, prices, names),
                     time_limit=time_limit)
    if problem.stock:  # the gap and bounds are of the cost less the stock's value
        solution.gap = solution.bound = solution.lp_bound = None
    out = suggestion_of(menu, problem, solution, eaters, (table, standard, prices, names),
                        excluded, budget)
    if prefer_stock:
        out.stock_used = [{"name": names.get(code, code), "grams": grams, "value": value}
                          for code, grams, value in stock_used(problem, solution.week)]
    return out


def suggestion_of(menu, problem, solution, eaters, judge, excluded, budget) -> Suggestion:
    """The proposal as the planner shows it: items by day and meal, and the planner's numbers
    for `eaters`; `judge` = (food table, standard, prices by code, names by code)."""
    table, standard, prices, names = judge
    items, plan = [], None
    if solution.week:
        for t, meals in enumerate(solution.week):
            for meal in problem.meals:
                items += [(problem.days[t], meal, problem.candidates[k].key,
                           problem.candidates[k].name) for k in meals.get(meal, [])]
        plan = plan_of(table, standard, eaters, problem, solution.week, prices, names)
        plan["bars"] = nutrition.chart_bars(plan["week"]) if plan["week"] else []
    return Suggestion(solution, problem.days, problem.meals, items, plan, excluded,
                      fingerprint(menu), budget, problem.objective,
                      plan["nutrient_score"] if plan else None)


def accept(session: Session, menu: WeekMenu, items, proposal_of: str) -> list[MenuItem]:
    """Replace the draft's dishes with a proposal's (day, meal, dish id) in one flush; the
    audit log records every row. Refused unless the menu is a draft and unchanged since the
    proposal was made."""
    if menu.status != "draft":
        raise MenuError({"menu": _("Only a draft can be changed.")})
    if proposal_of != fingerprint(menu):
        raise MenuError({"menu": _("The draft changed after this proposal was made: "
                                   "make a new one.")})
    days, meals = set(_days(session, menu)), set(menu.meal_list)
    dish_ids = {d for _day, _meal, d in items}
    known = set(session.scalars(select(Dish.id).where(Dish.id.in_(dish_ids),
                                                     Dish.active.is_(True))))
    if any(day not in days or meal not in meals or d not in known for day, meal, d in items):
        raise MenuError({"menu": _("The proposal does not fit this menu: make a new one.")})
    servings = default_servings(session, menu)
    for item in list(menu.items):
        menu.items.remove(item)
    session.flush()
    position: dict = {}
    for day, meal, dish_id in items:
        position[(day, meal)] = position.get((day, meal), 0) + 1
        menu.items.append(MenuItem(day=day, meal=meal, dish_id=dish_id,
                                   position=position[(day, meal)], servings=servings))
    session.flush()
    return list(menu.items)


def encode_items(items) -> str:
    """A proposal's (day, meal, dish id) as one hidden form value."""
    return ";".join(f"{day.isoformat()}|{meal}|{dish_id}" for day, meal, dish_id, *_ in items)


def decode_items(text: str) -> list | None:
    """The proposal back from its form value; None when it is not one."""
    out = []
    for part in filter(None, (text or "").split(";")):
        day, _sep, rest = part.partition("|")
        meal, _sep, dish_id = rest.partition("|")
        try:
            out.append((date.fromisoformat(day), meal, int(dish_id)))
        except ValueError:
            return None
        if not 0 < out[-1][2] < 2 ** 31:
            return None
    return out or None


def proposal_changes(menu: WeekMenu, items) -> list[dict]:
    """Per day and meal: the dishes the proposal removes and adds, by name."""
    before, after = {}, {}
    for item in menu.items:
        before.setdefault((item.day, item.meal), []).append(item.dish.name)
    for day, meal, _dish_id, name in items:
        after.setdefault((day, meal), []).append(name)
    out = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0], MEALS.index(k[1]))):
        removed = [n for n in before.get(key, []) if n not in after.get(key, [])]
        added = [n for n in after.get(key, []) if n not in before.get(key, [])]
        if removed or added:
            out.append({"day": key[0], "meal": key[1], "removed": removed, "added": added})
    return out
