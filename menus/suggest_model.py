"""The menu solver's model: which dishes on which day and meal, as a mixed-integer programme
over the engine's linear rules (`nutrition.services.linear_rules`). Pure: NumPy and SciPy,
no database, no Flask. `suggest_solve` solves it and checks the result with the planner's
own code."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from scipy import sparse

from nutrition.services import (BROAD_GROUPS, GROUP_INDEX, NOT_COUNTED_AS_FOODS,
                                NUTRIENT_INDEX, Rules)

from .models import ROLES  # the solver's slots are the dishes' roles

LUNCH = {"staple": (1, 1), "main": (1, 2), "vegetable": (1, 2), "soup": (0, 1),
         "fruit": (0, 1), "milk": (0, 1), "other": (0, 0)}
DEFAULT_STRUCTURE = {"lunch": LUNCH, "dinner": LUNCH,
                     "breakfast": {"staple": (1, 1), "main": (0, 1), "vegetable": (0, 1),
                                   "soup": (0, 1), "fruit": (0, 1), "milk": (0, 1),
                                   "other": (0, 1)}}
# "cost": the cheapest week; "nutrients": the best nutrient score (the mean adequacy ratio,
# `nutrition` engine's `nutrient_score`) within the cost limit, the cheaper between equals
OBJECTIVES = ("cost", "nutrients")
# what a solve ends in (`suggest_solve.solve`)
OPTIMAL, FEASIBLE, RELAXED, INFEASIBLE, UNVERIFIED = \
    "optimal", "feasible", "relaxed", "infeasible", "unverified"
NG = len(GROUP_INDEX)
NN = len(NUTRIENT_INDEX)
# feature columns of a dish's mixed serving
EDIBLE, RAW = NN, NN + NG
LIVER, DARK, COND_SODIUM, K = NN + 2 * NG, NN + 2 * NG + 1, NN + 2 * NG + 2, NN + 2 * NG + 3


@dataclass(frozen=True)
class Candidate:
    """A dish the solver may choose: raw grams per serving for each age band (food code,
    Decimal grams, the same rows the planner reads) and its price per serving per band."""

    key: object
    name: str
    role: str
    meals: frozenset
    rows: dict                       # band -> ((code, Decimal grams), ...)
    cost: dict                       # band -> Decimal CNY per serving
    tags: frozenset = frozenset()
    main: object = None              # the main ingredient, for variety


@dataclass
class Problem:
    candidates: list[Candidate]
    days: list                       # the served days (any keys, e.g. dates)
    meals: tuple[str, ...]
    mixes: list[tuple]               # eaters ((band, sex, count), ...) per mix (a school: one)
    rules: list[Rules]               # per mix
    limits: list                     # per day: CNY per pupil (Decimal) or None
    structure: dict = field(default_factory=lambda: DEFAULT_STRUCTURE)
    repeat: dict | None = None       # role -> times a dish may appear in the week
    ingredient_max: int | None = None
    objective: str = "cost"
    draft: frozenset = frozenset()   # (candidate index, slot index) of a draft, for repair
    forced_changes: int = 0          # draft dishes no candidate can keep (removed anyway)
    forced_in_slot: dict = field(default_factory=dict)  # slot index -> those of them there
    # prefer food on hand (a school's week): food code -> (Decimal grams in stock, Decimal
    # ledger CNY per kg); the objective counts the stock a week uses as already paid for
    stock: dict = field(default_factory=dict)
    margin: float = 1e-6

    def __post_init__(self):
        if self.objective not in OBJECTIVES:
            raise ValueError(f"objective must be one of {OBJECTIVES}")

    @property
    def slots(self) -> list[tuple[int, str]]:
        return [(t, m) for t in range(len(self.days)) for m in self.meals]


def food_features(table) -> np.ndarray:
    """Per food of the engine's table: what one raw gram adds to each feature column."""
    n = len(table.foods)
    f = np.zeros((n, K))
    f[:, :NN] = table.per_gram
    rows = np.arange(n)
    f[rows, EDIBLE + table.group] = table.edible
    f[rows, RAW + table.group] = 1.0
    f[:, LIVER] = table.edible * table.liver
    f[:, DARK] = table.edible * table.dark
    cond = table.group == GROUP_INDEX["condiments"]
    f[cond, COND_SODIUM] = table.per_gram[cond, NUTRIENT_INDEX["sodium_mg"]]
    return f


def head_counts(eaters) -> dict:
    heads: dict = {}
    for band, _sex, count in eaters:
        heads[band] = heads.get(band, 0) + count
    return heads


def dish_matrix(table, candidates, eaters) -> tuple[sparse.csr_array, np.ndarray]:
    """(dish × food grams of one mixed serving, cost per mixed serving) for the eaters."""
    heads = head_counts(eaters)
    total = sum(heads.values())
    r, c, v = [], [], []
    cost = np.zeros(len(candidates))
    for d, cand in enumerate(candidates):
        for band, n in heads.items():
            for code, grams in cand.rows[band]:
                r.append(d), c.append(table.index[code]), v.append(float(grams) * n / total)
        cost[d] = float(sum(Decimal(n) * cand.cost[b] for b, n in heads.items()) / total)
    grams = sparse.csr_array((v, (r, c)), shape=(len(candidates), len(table.foods)))
    grams.sum_duplicates()
    return grams, cost


@dataclass
class Rows:
    """Sparse rows lb ≤ A x ≤ ub, collected then stacked; `labels` name each for reports."""

    parts: list = field(default_factory=list)
    lb: list = field(default_factory=list)
    ub: list = field(default_factory=list)
    labels: list = field(default_factory=list)

    def add(self, cols, vals, lb, ub, label=None, scale=None):
        cols, vals = np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=float)
        scale = scale or (np.abs(vals).max() if len(vals) else 1.0) or 1.0
        self.parts.append((cols, vals / scale))
        self.lb.append(lb / scale)
        self.ub.append(ub / scale)
        self.labels.append(label)

    def matrix(self, n_cols) -> sparse.csr_array:
        r = np.concatenate([np.full(len(c), i) for i, (c, _v) in enumerate(self.parts)] or
                           [np.zeros(0, dtype=np.int64)])
        c = np.concatenate([c for c, _v in self.parts] or [np.zeros(0, dtype=np.int64)])
        v = np.concatenate([v for _c, v in self.parts] or [np.zeros(0)])
        return sparse.csr_array((v, (r, c)), shape=(len(self.parts), n_cols))


def allowed(problem: Problem) -> list[tuple[int, int]]:
    """(candidate, slot) pairs the structure lets appear: the role is served in that meal
    and the dish suits the meal."""
    out = []
    for s, (_t, meal) in enumerate(problem.slots):
        roles = problem.structure[meal]
        for d, cand in enumerate(problem.candidates):
            if roles.get(cand.role, (0, 0))[1] > 0 and meal in cand.meals:
                out.append((d, s))
    return out


def repeat_limits(problem: Problem) -> dict:
    days = len(problem.days)
    default = {"staple": math.ceil(0.6 * days), "fruit": math.ceil(0.4 * days),
               "milk": 3 * days}
    return {role: (problem.repeat or {}).get(role, default.get(role, 1)) for role in ROLES}


def ingredient_limit(problem: Problem) -> int:
    if problem.ingredient_max:
        return problem.ingredient_max
    main_slots = sum(1 for _t, m in problem.slots if problem.structure[m].get("main", (0, 0))[1])
    return max(2, math.ceil(2 * main_slots / 5))


def counted_foods(table) -> np.ndarray:
    skip = {GROUP_INDEX[g] for g in NOT_COUNTED_AS_FOODS}
    return np.array([g not in skip for g in table.group], dtype=bool)


def broad_presence(grams: sparse.csr_array, table) -> np.ndarray:
    """dish × broad group: the dish has raw grams of that group (the engine's meal rule)."""
    onehot = np.zeros((len(table.foods), len(BROAD_GROUPS)))
    for k, groups in enumerate(BROAD_GROUPS):
        for g in groups:
            onehot[table.group == GROUP_INDEX[g], k] = 1.0
    return (grams @ onehot) > 0


def stock_used(problem: Problem, week) -> list[tuple]:
    """(food code, grams, ledger value in CNY) of the stock on hand a week uses: its grams
    of the food for every pupil of the first mix, at most what is in stock."""
    heads, used = head_counts(problem.mixes[0]), {}
    for meals in week:
        for dishes in meals.values():
            for k in dishes:
                for band, count in heads.items():
                    for code, grams in problem.candidates[k].rows[band]:
                        if code in problem.stock:
                            used[code] = used.get(code, Decimal(0)) + grams * count
    out = []
    for code in sorted(used):
        on_hand, per_kg = problem.stock[code]
        grams = min(used[code], on_hand)
        if grams > 0:
            out.append((code, grams, (grams * per_kg / 1000).quantize(Decimal("0.01"))))
    return out


@dataclass
class Solution:
    """What a solve returns (`suggest_solve.solve`): the week and what is proven of it."""

    status: str
    week: list = field(default_factory=list)      # per day: {meal: [candidate index, ...]}
    cost: float | None = None                      # mean per pupil per day, first mix
    gap: float | None = None                       # proven relative gap to the optimum
    bound: float | None = None                     # proven: cost ≥ it, or score (%) ≤ it
    lp_bound: float | None = None                  # the LP relaxation's cost (cost only)
    seconds: float = 0.0
    shortfalls: list = field(default_factory=list)  # (row label, relative shortfall)
    changes: int | None = None                     # repair: a dish replaced counts once
    failures: list = field(default_factory=list)   # what `verify` still found (unverified)
    structure_gaps: list = field(default_factory=list)  # (role, slot) no dish can fill
    proven: bool = True                            # relaxed/infeasible: proven, not timed out
