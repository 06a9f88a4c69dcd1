"""Which of the planner's checks a planned week fails: the one definition of "passes" that
suggestions, repairs, acceptance, the tests and the benchmark share. A day rule that the
meals served cannot complete alone (status `to_complete`) is not a failure."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from suite.listing import join_items


@dataclass(frozen=True)
class Failure:
    code: str             # nutrient, energy_share, food_group, a check's code, cost, unpriced
    subject: str = ""     # the nutrient, share part or food group
    day: date | None = None
    value: object = None
    limit: object = None


def week_failures(week: dict) -> list[Failure]:
    out = [Failure("nutrient", n["nutrient"], None, n["amount"], (n["low"], n["high"]))
           for n in week["nutrients"] if n["status"] in ("low", "high")]
    out += [Failure("energy_share", part, None, week["energy_share"][part], status)
            for part, status in week["energy_share_status"].items() if status in ("low", "high")]
    out += [Failure("food_group", g["group"], None, g["grams"], (g["low"], g["high"]))
            for g in week["food_groups"] if g["status"] in ("low", "high")]
    out += [Failure(c["code"], "", None, c["value"], c["limit"])
            for c in week["checks"] if c["status"] == "failed"]
    return out


def day_failures(day: dict, budget=None) -> list[Failure]:
    out = []
    if day["meals"]:
        out += [Failure(c["code"], "", day["day"], c["value"], c["limit"])
                for c in day["analysis"]["checks"] if c["status"] == "failed"]
    limit = budget if budget is not None else day["rate"]
    cost = day["cost"]
    if cost.missing:
        out.append(Failure("unpriced", join_items(cost.missing), day["day"]))
    elif day["meals"] and limit is not None and cost.amount > limit:
        out.append(Failure("cost", "", day["day"], cost.amount, limit))
    return out


def failures(plan: dict, budget=None) -> list[Failure]:
    """Every failed check of a `week_plan` (or `plan_days`) result; a week without a served
    day fails as `empty`. `budget` replaces the subsidy rate as each day's cost limit."""
    if plan["week"] is None:
        return [Failure("empty")]
    out = week_failures(plan["week"])
    for day in plan["days"]:
        out += day_failures(day, budget)
    return out
