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
