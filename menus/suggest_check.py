"""A suggested week judged by the planner's own code (`plan_days`, `compliance.failures`)
for every mix of eaters it must serve. Pure: no database."""
from __future__ import annotations

from .compliance import failures
from .evaluate import plan_days
from .suggest_model import Problem


def _rows(candidate, band):
    return candidate.rows[band]


class Codes(dict):
    """Food keys are codes already: every key maps to itself."""

    def __missing__(self, key):
        return key


def plan_of(table, standard, eaters, problem: Problem, week: list, prices: dict,
            names: dict) -> dict:
    """The planner's result for a week of candidate indices (`week[t][meal]`)."""
    cands = problem.candidates
    days = [{"day": day, "rate": problem.limits[t],
             "meals": {meal: [(cands[i], cands[i].key) for i in week[t].get(meal, [])]
                       for meal in problem.meals}}
            for t, day in enumerate(problem.days)]
    return plan_days(table, standard, eaters, days, _rows, Codes(), prices, names,
                     problem.meals)


def verifier(table, standard, problem: Problem, prices: dict, names: dict):
    """`verify(week) -> failures` over every mix; an empty day fails too (the planner would
    leave it out of the average, the solver must not)."""
    def verify(week):
        out = []
        for eaters in problem.mixes:
            plan = plan_of(table, standard, eaters, problem, week, prices, names)
            out += failures(plan)
            out += [("empty_day", d["day"]) for d in plan["days"] if not d["meals"]]
        return out
    return verify
