"""The quick path of the menu solver. The aggregate week (`suggest_build.week_of`: each
meal's dishes counted over the week, each day's rules summed over the days) has a few hundred
columns and no days to permute, so HiGHS proves its optimum in a fraction of the time the
whole week takes. Every week of the problem is a week of the aggregate at the same cost and
score, so the aggregate's proven bound bounds the week's; when its dishes can be shared out
among the days under every day's rule (a small programme: each dish's count is fixed), that
week is as good as the aggregate's answer, and the gap proven for the one holds for the
other. Pure: NumPy and SciPy only."""
from __future__ import annotations

import numpy as np
from scipy import sparse

from .suggest_build import Model


def shares(model: Model, agg: Model, counts) -> tuple:
    """Rows and column bounds that make the whole week serve, in each meal, exactly the
    aggregate's dishes `counts` (per aggregate pair): Σ over days x = count, every other
    dish left out. Returns (matrix, right-hand sides, upper bounds of the columns)."""
    n, n_meals = len(model.pairs), len(model.problem.meals)
    index = {(int(d), int(s)): i for i, (d, s) in enumerate(agg.pairs)}
    of_pair = np.array([index.get((int(d), int(s) % n_meals), -1) for d, s in model.pairs],
                       dtype=np.int64)
    counts = np.rint(np.asarray(counts, dtype=float))
    wanted = np.flatnonzero(counts > 0.5)
    row_of = np.full(len(agg.pairs), -1, dtype=np.int64)
    row_of[wanted] = np.arange(len(wanted))
    served = (of_pair >= 0) & (row_of[np.maximum(of_pair, 0)] >= 0)
    cols = np.flatnonzero(served)
    E = sparse.csr_array((np.ones(len(cols)), (row_of[of_pair[cols]], cols)),
                         shape=(len(wanted), model.n_cols))
    upper = model.upper.copy()
    upper[:n][~served] = 0.0
    return E, counts[wanted], upper


def tightened(agg: Model, lb, ub, shortfalls, days: int, moved: dict) -> tuple | None:
    """The aggregate's bounds, (lb, ub), moved inward where a sharing out of its dishes
    missed a day's rule summed in the aggregate (`shortfalls`: (label, relative miss) of the
    whole week's rows; DAY_SUMS): the week's sum of that rule then leaves room to share it
    out. Each rule and side moves by what its days missed summed over the week's (at least
    2 %), added to what it moved before (`moved`, kept by the caller), at most 30 %. None
    when no missed rule has a row of the aggregate to move, or none can move further."""
    step = {}
    for label, missed in shortfalls:
        if _side(label) and label[0][0] in DAY_SUMS:
            key = (label[0][0], label[1])
            step[key] = step.get(key, 0.0) + missed / max(days, 1)
    grown = False
    for key, share in step.items():
        before = moved.get(key, 0.0)
        moved[key] = min(MOST_MOVED, before + max(MIN_STEP, share))
        grown |= moved[key] > before
    if not grown:
        return None
    lb, ub, hit = np.array(lb, dtype=float), np.array(ub, dtype=float), False
    for r, label in enumerate(agg.rows.labels):
        share = moved.get((label[0][0], label[1])) if _side(label) else None
        if share:
            hit = True
            if label[1] == "low":
                lb[r] += share * abs(lb[r])
            else:
                ub[r] -= share * abs(ub[r])
    return (lb, ub) if hit else None


MIN_STEP, MOST_MOVED = 0.02, 0.3
# the day rules whose week sum is the aggregate's row (`Builder.day_rows`): a sum moved inward
# leaves room to share it out; rules that count kinds are left as they are
DAY_SUMS = frozenset({"milk", "oil", "salt", "cost", "dark_vegetable_share", "fruit", "soy"})


def _side(label) -> bool:
    """A bound row's label: ((rule, ...), "low" | "high")."""
    return isinstance(label, tuple) and len(label) == 2 and label[1] in ("low", "high") and \
        isinstance(label[0], tuple) and bool(label[0])
