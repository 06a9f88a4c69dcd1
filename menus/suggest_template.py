"""建议 for a county template: one week that passes the planner's checks for the enrolment
mix of every school that will adopt it, solved with the mixes that bind and checked against
all of them (a mix inside the range of the others rarely binds, so few are needed)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from math import gcd

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from nutrition import services as nutrition
from suite import services as org
from suite.models import School, Township

from .compliance import failures
from .dishes import MenuError
from .models import WeekMenu
from .planning import week_term
from .suggest import Suggestion, library, problem_for, suggestion_of
from .suggest_check import plan_of, verifier
from .suggest_solve import solve

ROUNDS = 4      # solve, check every mix, add the failing ones, solve again
ADDED = 5       # mixes added a round


@dataclass
class TemplateSuggestion:
    suggestion: Suggestion
    schools: int                 # schools whose mixes the week was checked against
    mixes: int                   # distinct mixes among them
    solved_with: int             # mixes in the final programme
    binding: str | None          # the school whose mix leaves the least margin
    failing: list                # schools whose mix the week still fails
    # the week's nutrient score (%) over the schools, each school once: the lowest, whose,
    # and the mean; None without a week
    score_low: float | None = None
    score_low_school: str | None = None
    score_mean: float | None = None


def _reduced(eaters) -> tuple:
    divisor = 0
    for _b, _s, count in eaters:
        divisor = gcd(divisor, count)
    return tuple((b, s, c // divisor) for b, s, c in eaters)


def school_mixes(session: Session, menu: WeekMenu, standard, school_ids=None) -> dict:
    """Distinct enrolment mixes (reduced by their common divisor) -> the schools that have it."""
    term = week_term(session, menu)
    if term is None:
        raise MenuError({"menu": _("The week of %(day)s is outside every term.",
                                   day=menu.week_start.isoformat())})
    stmt = select(School).join(Township).where(Township.county_id == menu.county_id)
    if school_ids is not None:
        stmt = stmt.where(School.id.in_(list(school_ids)))
    mixes: dict = {}
    for school in session.scalars(stmt.order_by(School.code)):
        mix = org.enrolment_mix(session, school.id, term.id)
        if mix:
            key = _reduced(nutrition.normalize_eaters(standard, mix))
            mixes.setdefault(key, []).append(school.name)
    return mixes


def _margin(plan) -> float:
    """The smallest relative distance of a week nutrient or food group to its bound."""
    week, out = plan["week"], 1.0
    for row in week["nutrients"] + week["food_groups"]:
        value = row.get("amount", row.get("grams"))
        for bound, sign in ((row["low"], 1), (row["high"], -1)):
            if value is not None and bound:
                out = min(out, sign * (value - bound) / bound)
    return out


def propose_template(session: Session, menu: WeekMenu, *, school_ids=None,
                     budget: Decimal | None = None, objective: str = "cost",
                     time_limit: float = 10.0, dish_ids=None):
    """One week for every adopting school's mix. With `objective="nutrients"` the solver
    maximises the mean over the mixes in its programme of each mix's nutrient score; the
    suggestion's score is that of the mix shown (the one leaving the least margin); the
    lowest and the mean over the schools come beside it."""
    if menu.school_id is not None:
        raise MenuError({"menu": _("Only a county template is suggested for many schools.")})
    standard = nutrition.county_standard(session, menu.county_id)
    mixes = school_mixes(session, menu, standard, school_ids)
    if not mixes:
        raise MenuError({"menu": _("No school has an enrolment for this term.")})
    keys = list(mixes)
    candidates, prices, names, excluded = library(session, menu, keys, dish_ids=dish_ids,
                                                  banned=frozenset())
    judge = (nutrition.food_table(session), standard, prices, names)
    problem, solution, active, plans = cover_mixes(
        keys, lambda chosen: problem_for(session, menu, standard, candidates, chosen, budget,
                                         objective=objective), judge, time_limit)
    binding, failing_schools, tight = None, [], active[0]
    if plans:
        failing_schools = [n for i in plans if failures(plans[i]) for n in mixes[keys[i]]]
        tight = min(plans, key=lambda i: _margin(plans[i]))
        binding = mixes[keys[tight]][0]
    return TemplateSuggestion(
        suggestion_of(menu, problem, solution, keys[tight], judge, excluded, budget),
        sum(len(v) for v in mixes.values()), len(keys), len(active), binding, failing_schools,
        *school_scores(plans, [mixes[k] for k in keys]))


def school_scores(plans: dict, schools: list) -> tuple:
    """(lowest score, its school, mean over schools) of the mixes' plans; `schools[i]`: the
    schools with mix i."""
    scored = [(plans[i]["nutrient_score"], schools[i]) for i in sorted(plans)
              if plans[i].get("nutrient_score") is not None]
    if not scored:
        return None, None, None
    low, names = min(scored, key=lambda pair: pair[0])
    count = sum(len(names_) for _score, names_ in scored)
    return low, names[0], sum(score * len(names_) for score, names_ in scored) / count


def cover_mixes(keys, build, judge, time_limit):
    """Solve for the youngest and the oldest mix, check the week against every mix, add
    those it fails, and solve again. `build(mixes)` gives the solver's problem for some mixes;
    `judge` = (food table, standard, prices, names). Returns the last problem and solution,
    the indexes of the mixes solved with, and every mix's plan (empty without a week)."""
    table, standard, prices, names = judge
    by_age = sorted(range(len(keys)), key=lambda i: _mean_age(keys[i]))
    active = sorted({by_age[0], by_age[-1], 0})
    plans: dict = {}
    for _round in range(ROUNDS):
        problem = build([keys[i] for i in active])
        solution = solve(problem, table, verifier(table, standard, problem, prices, names),
                         time_limit=time_limit)
        plans = {i: plan_of(table, standard, keys[i], problem, solution.week, prices, names)
                 for i in range(len(keys))} if solution.week else {}
        if not solution.week or solution.status not in ("optimal", "feasible"):
            break
        failing = [i for i in range(len(keys)) if i not in active and failures(plans[i])]
        if not failing:
            break
        active = sorted(set(active) | set(failing[:ADDED]))
    return problem, solution, active, plans


def _mean_age(eaters) -> float:
    total = sum(c for _b, _s, c in eaters)
    return sum(int(b.split("-")[0]) * c for b, _s, c in eaters) / total
