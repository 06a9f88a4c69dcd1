"""Solve the menu programme with HiGHS (scipy.optimize.milp): the cheapest week, the week
with the best nutrient score within the cost limit, the fewest changes to a draft (a dish
replaced in its meal counting once), or, when no week meets every rule, the week that misses
them least (first the largest relative shortfall, which spreads it, then their sum). A new
week is sought through the aggregate week first (`suggest_aggregate`), the whole week's
programme taking what time is left when that cannot answer. Every answer is checked by a
caller-given `verify` (the planner's own code) before it is returned."""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .suggest_aggregate import shares, tightened
from .suggest_build import Builder, Model
from .suggest_model import (FEASIBLE, INFEASIBLE, OPTIMAL, RELAXED, UNVERIFIED, Problem,
                            Solution)

TIGHTEN_TRIES = 4  # aggregate solves when its dishes cannot be shared out among the days
def _share(deadline, part: float) -> float:
    """A deadline for a first stage: `part` of the time left, the rest for what follows."""
    now = time.perf_counter()
    return now + part * max(0.0, deadline - now)


def _run(model: Model, c, A, lb, ub, n_int, deadline, gap, extra_bounds=None):
    """One HiGHS solve within what is left of the caller's time (at least a moment)."""
    time_limit = max(0.2, deadline - time.perf_counter())
    integrality = np.r_[np.ones(n_int), np.zeros(A.shape[1] - n_int)]
    upper = model.upper if extra_bounds is None else extra_bounds
    return milp(c, integrality=integrality, bounds=Bounds(np.zeros(A.shape[1]), upper),
                constraints=LinearConstraint(A, lb, ub),
                options={"time_limit": time_limit, "mip_rel_gap": gap, "disp": False})


def _week(model: Model, x) -> list:
    p = model.problem
    week = [{m: [] for m in p.meals} for _ in p.days]
    for (d, s), v in zip(model.pairs, x[:len(model.pairs)]):
        if v > 0.5:
            t, meal = p.slots[s]
            week[t][meal].append(int(d))
    return week


def _cost(model: Model, x) -> float:
    return float(model.costs[0] @ np.round(x[:len(model.pairs)])) / model.week_days


def _objective(model: Model, n_cols, stock: bool = True) -> np.ndarray:
    """The mean cost per pupil per day; with stock preferred (and `stock`), less the ledger
    value of the stock the week uses (already paid for: it would otherwise sit or spoil)."""
    c = np.zeros(n_cols)
    c[:len(model.pairs)] = np.mean(model.costs, axis=0) / model.week_days
    for col, value in model.stock if stock else ():
        c[col] = -value
    return c


# the score is in % (so HiGHS's absolute gap of 1e-6 is 1e-8 of the score); one yuan a day
# weighs 1e-5 points: between weeks of equal score the cheaper, and never a score point sold
TIE_PER_YUAN = 1e-5
FIND_GAP = 0.5  # the cost stage before the score's only needs a week that meets every rule


def _score_objective(model: Model, n_cols) -> np.ndarray:
    """Minimise −(mean over mixes of each mix's nutrient score in %) + a tiny cost term. The
    mean over mixes, not the minimum: a county template's week serves every mix alike."""
    c = TIE_PER_YUAN * _objective(model, n_cols)
    for y in model.score:
        if len(y):
            c[y] = -100.0 / (len(model.score) * len(y))
    return c


def _bound(model: Model, res) -> float | None:
    """The solver's proven bound in the objective's units: yuan, or the score in % (the tiny
    cost term aside)."""
    bound = getattr(res, "mip_dual_bound", None)
    if bound is None or model.problem.objective == "cost":
        return bound
    return -bound


def _change_rows(model: Model, A, lb, ub):
    """One column z_s ≥ 0 per slot (day and meal) with z_s ≥ the dishes it adds and z_s ≥ the
    dishes it removes (the draft's, and those no candidate can keep): at the least, z_s is the
    slot's changes with a dish replaced in its meal counted once. Returns the matrix, bounds
    and upper column bounds with them, and the changes no slot holds (a day not served)."""
    p, n_slots = model.problem, len(model.problem.slots)
    pair_slot = np.array([int(s) for _d, s in model.pairs], dtype=int)
    in_draft = np.array([(int(d), int(s)) in p.draft for d, s in model.pairs], dtype=bool)
    forced = np.zeros(n_slots)
    for slot, count in p.forced_in_slot.items():
        forced[slot] = count
    kept = np.bincount(pair_slot[in_draft], minlength=n_slots)
    rows = np.r_[pair_slot[~in_draft], n_slots + pair_slot[in_draft]]
    pairs = np.r_[np.flatnonzero(~in_draft), np.flatnonzero(in_draft)]
    signs = np.r_[-np.ones(int((~in_draft).sum())), np.ones(int(in_draft.sum()))]
    X = sparse.csr_array((signs, (rows, pairs)), shape=(2 * n_slots, A.shape[1]))
    Z = sparse.vstack([sparse.eye_array(n_slots), sparse.eye_array(n_slots)])
    m = A.shape[0]
    A2 = sparse.vstack([sparse.hstack([A, sparse.csr_array((m, n_slots))]),
                        sparse.hstack([X, Z])]).tocsr()
    lb2 = np.r_[lb, np.zeros(n_slots), kept + forced]
    ub2 = np.r_[ub, np.full(2 * n_slots, np.inf)]
    upper = np.r_[model.upper, np.full(n_slots, np.inf)]
    return A2, lb2, ub2, upper, p.forced_changes - int(forced.sum())


def structure_gaps(model: Model) -> list:
    """A role a meal must serve that no candidate dish can fill: said before solving."""
    out = []
    for part, lb, label in zip(model.rows.parts, model.rows.lb, model.rows.labels):
        if label and label[0] == "structure" and lb > 0 and len(part[0]) == 0:
            out.append((label[1], label[2]))
    return out


def solve(problem: Problem, table, verify, *, time_limit=10.0, gap=0.01,
          lp_bound=True, relax=True) -> Solution:
    """`verify(week) -> failures` (empty: the planner passes it). Tightens the margin and
    solves again when the planner's exact arithmetic disagrees at a hair's breadth."""
    started = time.perf_counter()
    deadline = started + time_limit  # every stage and retry shares the caller's time
    for attempt in range(3):
        model = Builder(problem, table).build()
        gaps = structure_gaps(model)
        if gaps:
            return Solution(INFEASIBLE, structure_gaps=gaps,
                            seconds=time.perf_counter() - started)
        agg = None if problem.draft or problem.forced_changes or len(problem.days) < 2 else \
            Builder(problem, table, aggregate=True).build()
        solution = _solve(model, agg, deadline, gap, lp_bound, relax)
        if solution.status in (OPTIMAL, FEASIBLE):
            solution.failures = verify(solution.week)
            if solution.failures:
                problem = replace(problem, margin=problem.margin * 30)
                continue
        solution.seconds = time.perf_counter() - started
        return solution
    solution.status = UNVERIFIED
    solution.seconds = time.perf_counter() - started
    return solution


@dataclass
class _Found:
    """What one objective's solve (one or two stages) found."""
    x: np.ndarray | None
    optimal: bool = False
    gap: float | None = None
    bound: float | None = None
    proven: bool = False        # no x: HiGHS proved that none exists


def _arrays(model: Model):
    return (model.rows.matrix(model.n_cols), np.array(model.rows.lb, dtype=float),
            np.array(model.rows.ub, dtype=float))


def _solve(model: Model, agg, deadline, gap, lp_bound, relax) -> Solution:
    A, lb, ub = _arrays(model)
    if model.problem.draft or model.problem.forced_changes:
        return _repair(model, A, lb, ub, deadline, gap)
    staged = _staged(model)
    via = _via_aggregate(model, agg, A, lb, ub, deadline, gap, relax) if agg is not None \
        else _Aggregate()
    out, empty = via.solution, via.empty
    if out is None and not empty:
        # with a week in hand, half the time left goes to proving or bettering it
        end = _share(deadline, 0.5) if via.fallback else deadline
        first = _share(end, 0.4 if staged else 0.6 if relax or via.fallback else 1.0)
        found = _optimise(model, A, lb, ub, first, end, gap)
        empty = found.proven
        if found.x is not None and _better(model, found.x, via.fallback):
            value = float(_objective(model, model.n_cols) @ found.x)
            out = _solution(model, found if staged else _tighter(found, via.bound, value, gap),
                            found.x)
        elif via.fallback:
            out = via.fallback[0]
    if out is None:
        out = _closest(model, A, lb, ub, deadline, gap, via.closest, empty) if relax else \
            Solution(INFEASIBLE)
        out.proven = empty
        return out
    if lp_bound and not staged and out.status in (OPTIMAL, FEASIBLE):
        lp = milp(_objective(model, model.n_cols), bounds=Bounds(0, model.upper),
                  constraints=LinearConstraint(A, lb, ub))
        out.lp_bound = float(lp.fun) if lp.x is not None else None
    return out


def _better(model: Model, x, fallback) -> bool:
    """x is no worse than the fallback's week by the objective solved for."""
    if fallback is None:
        return True
    c = _chosen_objective(model)
    return float(c @ x) <= float(c @ fallback[1]) + 1e-9


def _chosen_objective(model: Model) -> np.ndarray:
    """What the user chose to optimise: the nutrient score, or the cost (less the stock used
    when it is preferred)."""
    return _score_objective(model, model.n_cols) if model.problem.objective == "nutrients" \
        else _objective(model, model.n_cols)


def _closest(model: Model, A, lb, ub, deadline, gap, shared, empty) -> Solution:
    """The week that misses the rules least. The closest sharing out of the aggregate's
    dishes (`shared`) is the answer when the whole week's elastic programme has no time;
    when no week was proven to exist, that programme runs, and the one that misses less
    is kept."""
    if shared is not None and not empty:
        return shared
    whole = _relaxed(model, A, lb, ub, deadline, gap)
    if shared is None or (whole.week and _worst(whole) <= _worst(shared)):
        return whole
    return shared


def _worst(solution: Solution) -> float:
    return max((missed for _label, missed in solution.shortfalls), default=0.0)


def _tighter(found: _Found, bound, cost, wanted) -> _Found:
    """The cheapest week's proven bound and gap with another proven lower bound of its cost
    (the aggregate's) taken into account."""
    if bound is None or not cost or (found.bound is not None and found.bound >= bound):
        return found
    gap = max(0.0, (cost - bound) / abs(cost))
    return replace(found, bound=bound, gap=gap, optimal=found.optimal or gap <= wanted)


def _solution(model: Model, found: _Found, x) -> Solution:
    return Solution(OPTIMAL if found.optimal else FEASIBLE, _week(model, x), _cost(model, x),
                    found.gap, found.bound)


@dataclass
class _Aggregate:
    """What the aggregate week says of the week (`_via_aggregate`)."""
    solution: Solution | None = None  # its best week shared out among the days, if any
    empty: bool = False               # proven: no aggregate week, so no week at all
    bound: float | None = None        # its proven bound, which bounds the week's
    closest: Solution | None = None   # no sharing out: the one that misses the days least
    fallback: tuple | None = None     # (Solution, x) of a tightened aggregate, gap not proven


def _via_aggregate(model: Model, agg: Model, A, lb, ub, deadline, gap, relax) -> _Aggregate:
    """The aggregate's best week shared out among the days (`suggest_aggregate`); when its
    dishes cannot be, solved again with the missed day rules' sums moved inward (`tightened`)
    while time lasts, the gap measured against the first aggregate's proven bound. No
    solution when it cannot say: the whole week's solve has what is left. With `relax`, the
    sharing out that missed the days' rules least answers if that finds no week either."""
    Ag, lbg, ubg = _arrays(agg)
    staged, bounds, moved = _staged(agg), (lbg, ubg), {}
    first, closest = None, None
    for _attempt in range(TIGHTEN_TRIES):
        end = _share(deadline, 0.7)
        found = _optimise(agg, Ag, *bounds, _share(end, 0.4) if staged else end, end, gap)
        first = found if first is None else first
        if found.x is None:
            break
        E, counts, upper = shares(model, agg, found.x[:len(agg.pairs)])
        A2, lb2, ub2 = sparse.vstack([A, E]).tocsr(), np.r_[lb, counts], np.r_[ub, counts]
        res = _run(model, _objective(model, model.n_cols), A2, lb2, ub2, len(model.pairs),
                   _share(deadline, 0.3), 1.0, upper)
        if res.x is not None:
            tight = found is not first
            found = _measured(model, found, first.bound, res.x, gap) if tight else found
            week = _solution(model, found, res.x)
            if tight and not found.optimal:  # the whole week's programme may prove or better it
                return _Aggregate(bound=first.bound, fallback=(week, res.x))
            return _Aggregate(week, bound=first.bound)
        missed = _relaxed(model, A2, lb2, ub2, _share(deadline, 0.3), gap, upper)
        if missed.week and (closest is None or _worst(missed) < _worst(closest)):
            closest = missed
        bounds = tightened(agg, lbg, ubg, missed.shortfalls, len(model.problem.days), moved)
        if bounds is None or time.perf_counter() >= deadline:
            break
    return _Aggregate(empty=first.x is None and first.proven, bound=first.bound,
                      closest=closest if relax else None)


def _measured(model: Model, found: _Found, bound, x, wanted) -> _Found:
    """A tightened aggregate's week, its gap measured against the first aggregate's proven
    bound (the tightened one's bounds nothing); the score, or the cost less the stock used,
    get no gap (the week's value in their units is not at hand here)."""
    cost = _cost(model, x)
    if bound is None or not cost or _staged(model):
        return replace(found, optimal=False, gap=None, bound=bound)
    gap = max(0.0, (cost - bound) / abs(cost))
    return replace(found, bound=bound, gap=gap, optimal=gap <= wanted)


def _staged(model: Model) -> bool:
    """A quick week of the plain cost first, then the best by the real objective."""
    return model.problem.objective == "nutrients" or bool(model.stock)


def _optimise(model: Model, A, lb, ub, first, end, gap) -> _Found:
    """The objective's best x: the cheapest week; or, for the nutrient score or with stock
    preferred, a quick week of the plain cost by `first` and then the best by `end` (HiGHS
    finds a first week far more slowly under those than under the plain cost)."""
    n = len(model.pairs)
    staged = _staged(model)
    res = _run(model, _objective(model, model.n_cols, stock=not staged), A, lb, ub, n, first,
               FIND_GAP if staged else gap)
    if res.x is None:
        return _Found(None, proven=res.status == 2)
    if staged:
        second = _run(model, _chosen_objective(model), A, lb, ub, n, end, gap)
        if second.x is None:   # the first week is the answer; it proves nothing of the best
            return _Found(res.x)
        res = second
    return _Found(res.x, res.status == 0, getattr(res, "mip_gap", None), _bound(model, res))


def _repair(model: Model, A, lb, ub, deadline, gap) -> Solution:
    """The fewest changes (a dish replaced in its meal is one change), then the cheapest week
    with that many."""
    n, cols = len(model.pairs), A.shape[1]
    A2, lb2, ub2, upper, unslotted = _change_rows(model, A, lb, ub)
    changes = np.r_[np.zeros(cols), np.ones(A2.shape[1] - cols)]
    first = _run(model, changes, A2, lb2, ub2, n, _share(deadline, 0.6), 0.0, upper)
    if first.x is None:
        return _relaxed(model, A, lb, ub, deadline, gap)
    k = round(float(changes @ first.x))
    A3 = sparse.vstack([A2, sparse.csr_array(changes.reshape(1, -1))]).tocsr()
    cost = np.r_[_objective(model, cols), np.zeros(A2.shape[1] - cols)]
    res = _run(model, cost, A3, np.r_[lb2, -np.inf], np.r_[ub2, k + 1e-6], n, deadline, gap,
               upper)
    x = (res.x if res.x is not None else first.x)[:cols]
    return Solution(OPTIMAL if res.status == 0 else FEASIBLE, _week(model, x), _cost(model, x),
                    getattr(res, "mip_gap", None), getattr(res, "mip_dual_bound", None),
                    changes=k + unslotted)


def _relaxed(model: Model, A, lb, ub, deadline, gap, columns=None) -> Solution:
    """Slack s_k ≥ 0 on every soft row (a fraction of its bound), t ≥ every s_k: minimise t,
    then Σ s_k with t held, then the cost with both held. `columns`: other upper bounds of
    the model's columns (some dishes left out)."""
    n, soft = len(model.pairs), model.soft
    m, cols = A.shape[0], A.shape[1]
    signs = np.array([1.0 if np.isfinite(lb[r]) else -1.0 for r in soft])
    S = sparse.csr_array((signs, (soft, np.arange(len(soft)))), shape=(m, len(soft)))
    A1 = sparse.hstack([A, S, sparse.csr_array((m, 1))]).tocsr()
    t_col, width = cols + len(soft), cols + len(soft) + 1
    T = sparse.csr_array((np.r_[np.ones(len(soft)), -np.ones(len(soft))],
                          (np.r_[np.arange(len(soft)), np.arange(len(soft))],
                           np.r_[cols + np.arange(len(soft)), np.full(len(soft), t_col)])),
                         shape=(len(soft), width))
    A2 = sparse.vstack([A1, T]).tocsr()
    lb2, ub2 = np.r_[lb, np.full(len(soft), -np.inf)], np.r_[ub, np.zeros(len(soft))]
    upper = np.r_[model.upper if columns is None else columns, np.full(len(soft) + 1, np.inf)]
    c = np.zeros(width)
    c[t_col] = 1.0
    res = _run(model, c, A2, lb2, ub2, n, _share(deadline, 0.6), gap, upper)
    if res.x is None:
        return Solution(INFEASIBLE)
    upper[t_col] = res.x[t_col] + 1e-7
    c = np.zeros(width)
    c[cols:t_col] = 1.0
    c[:n] = 1e-4 * _objective(model, cols)[:n]  # between equal misses, the cheaper week
    res2 = _run(model, c, A2, lb2, ub2, n, deadline, gap, upper)
    x = res2.x if res2.x is not None else res.x
    # what each row misses by, from the week itself: a slack may exceed it when the second
    # stage ran out of time
    activity = A[soft] @ x[:cols]
    missed = np.maximum(np.nan_to_num(lb[soft] - activity, neginf=0.0),
                        np.nan_to_num(activity - ub[soft], neginf=0.0))
    missed = np.minimum(missed, x[cols:t_col])
    shortfalls = sorted(((model.rows.labels[r], float(s)) for r, s in zip(soft, missed)
                         if s > 1e-6), key=lambda item: -item[1])
    # the elastic model may find a week missing nothing that the strict one ran out of time for
    return Solution(RELAXED if shortfalls else FEASIBLE, _week(model, x), _cost(model, x),
                    shortfalls=shortfalls)
